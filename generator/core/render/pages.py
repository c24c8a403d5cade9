"""Render a corpus to Markdown pages with the Jinja templates in generator/templates/.

The renderer lists every page of the site (`Renderer.jobs`) and renders each in the templates'
environment (environment.py) with a `PageContext` (context.py); page_text.py tidies the output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from ...speed.executor import Executor
from ...speed.memo import Rendered, RenderMemo, Trace
from ...speed.same_inputs import SameInputs
from ..model import Corpus, Theme
from ..references import cited_keys
from ..statements import duplicate_of, statements_by_reference, tally
from . import labels
from .context import PageContext
from .environment import make_environment
from .kinds import Page, PageJob
from .page_text import split_entries, tidy
from .paths import REFERENCES_PER_PAGE, SitePaths


@dataclass(frozen=True)
class RenderOptions:
    prefix: str = ""
    """Folder inside the docs folder that holds the generated pages ('' for the top)."""
    title: str = "Clinical implications"
    """Heading of the generated home page."""
    reference_exports: bool = True
    """Publish each reference as BibTeX, RIS and CSL-JSON files linked from the references page."""
    references_per_page: int = REFERENCES_PER_PAGE
    """Most references on one page; a longer list becomes an index page and one page per part."""
    site_url: str = ""
    """The published site's address (MkDocs' site_url), for the addresses citations give; '' when unknown."""
    history: bool = False
    """Read each record's history from git: record pages show it, with a What's new page and an Atom feed."""


class Renderer:
    def __init__(
        self,
        corpus: Corpus,
        options: RenderOptions,
        env: jinja2.Environment | None = None,
        memo: RenderMemo | None = None,
    ):
        self.corpus = corpus
        self.options = options
        self.paths = SitePaths(corpus, options.prefix, options.references_per_page)
        self.env = env or make_environment(auto_reload=False)  # no env given: a one-off build
        self.memo = memo
        if memo is not None:
            memo.start(options)
        self.roots = {"corpus": corpus, "paths": self.paths, "tables": self}
        self.stale: set[str] = set()
        self.statements = statements_by_reference(corpus.excerpts.values())
        self.implications_by_study: dict[str, list[str]] = {}
        for implication in corpus.implications.values():
            studies = {s.id for t in implication.grounded_in if (s := labels.target_study(corpus, t)) is not None}
            for study_id in sorted(studies):
                self.implications_by_study.setdefault(study_id, []).append(implication.id)
        self.relation_tally = self._relation_tally()
        repeats_by_key = {key: duplicate_of(group) for key, group in self.statements.items()}
        self.repeats = {r: o for repeats in repeats_by_key.values() for r, o in repeats.items()}
        self.tallies = {key: tally(group, repeats_by_key[key]) for key, group in self.statements.items()}
        self.cited: frozenset[str] = frozenset()  # set with the reference pages' jobs (see reference_jobs)
        self.citation_indexes = {
            s.reference: s.citation_index for s in corpus.studies.values() if s.citation_index is not None
        }

    def _relation_tally(self) -> dict[str, dict[str, int]]:
        """Bib key of a study -> how many links to other studies' findings its findings have, by kind."""
        counts: dict[str, dict[str, int]] = {}
        for theme in self.corpus.themes.values():
            for relation in theme.relations:
                other = self.corpus.themes.get(relation.theme)
                if other is None or other.study == theme.study:
                    continue
                for study_id in (theme.study, other.study):
                    study = self.corpus.studies.get(study_id)
                    if study is not None:
                        kinds = counts.setdefault(study.reference, {"supports": 0, "contrasts": 0, "extends": 0})
                        kinds[relation.kind] += 1
        return counts

    def _render(self, template: str, page: str, **values: Any) -> str:
        memo = self.memo
        if memo is None:
            return self._render_with(PageContext(self, page), template, values)
        old = memo.pages.get(page)
        if old is not None and page not in self.stale and old.template == template and old.values == values:
            memo.reused += 1
            return old.markdown
        trace = Trace()
        markdown = self._render_with(PageContext(self, page, trace), template, values)
        memo.remember(page, Rendered(template, values, trace.observations, markdown))
        memo.rendered += 1
        return markdown

    def _render_with(self, ctx: PageContext, template: str, values: dict[str, Any]) -> str:
        text = self.env.get_template(template).render(
            ctx=ctx, corpus=ctx.corpus, options=self.options, paths=ctx.paths, **values
        )
        return tidy(text)

    def pages(self, executor: Executor) -> dict[str, Page]:
        """Every page, rendered by ``executor`` (generator/speed/executor.py); pages are independent."""
        jobs = self.jobs()
        for template in {job.template for job in jobs}:
            self.env.get_template(template)  # compiled once, before any fork, not in every process
        if self.memo is None:  # split where rendered, so forked workers do that share too
            pieces = executor.map(self._render_split, jobs)
            return {job.path: job.page(*piece) for job, piece in zip(jobs, pieces, strict=True)}
        # The memo is updated as pages render: the executor must keep the work in this process.
        self.stale = self.memo.stale(self.roots)
        texts = executor.map(self._render_kept, jobs)
        for gone in self.memo.pages.keys() - {job.path for job in jobs}:
            self.memo.forget(gone)
        self.memo.roots = self.roots  # every page kept now reads the same on this build's data
        kept = self.memo.pages
        pages = {}
        for job, text in zip(jobs, texts, strict=True):
            rendered = kept.get(job.path)
            if rendered is not None and rendered.markdown is text:  # split once while the page is kept
                if rendered.pieces is None:
                    rendered.pieces = split_entries(text)
                markdown, entries, rows = rendered.pieces
            else:
                markdown, entries, rows = split_entries(text)
            pages[job.path] = job.page(markdown, entries, rows)
        return pages

    def _render_split(self, job: PageJob) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
        return split_entries(self._render_with(PageContext(self, job.path), job.template, job.values))

    def _render_kept(self, job: PageJob) -> str:
        return self._render(job.template, job.path, **job.values)

    def jobs(self) -> list[PageJob]:
        """Every page of the site, in order, with its kind (and so its template) and the values that render it."""
        corpus, paths = self.corpus, self.paths
        jobs = [
            PageJob(paths.home, self.options.title, "home"),
            PageJob(paths.implications, "Implications", "implications"),
        ]
        for moment, ids in labels.by_moment(corpus):
            for implication_id in ids:
                item = corpus.implications[implication_id]
                title = labels.implication_title(item)
                page = paths.implication(item.id)
                values: dict[str, Any] = {"implication": item}
                jobs.append(PageJob(page, title, "implication", values, item.source.path, moment, item.id))
        jobs += [
            PageJob(paths.studies, "Studies", "studies"),
            PageJob(paths.evidence, "Strength of evidence", "evidence"),
        ]
        if corpus.glossary.terms:
            jobs.append(PageJob(paths.glossary, "Glossary", "glossary"))
        jobs += self.reference_jobs()
        if corpus.site is not None:
            jobs.append(PageJob(paths.about, "About this site", "about", {}, corpus.site.source.path))
        if corpus.history is not None:
            jobs.append(PageJob(paths.whats_new, "What's new", "whats-new"))
        for key, statements in sorted(self.statements.items()):
            reference = corpus.library.get(key)
            if reference is None:
                continue
            title = f"What others say about {reference.author_label} ({reference.year_label})"
            values = {"reference": reference, "statements": statements, "counts": self.tallies[key]}
            page = paths.statements(key)
            # nav sorts these by the page's file name, as it did when it read the name from the path
            jobs.append(PageJob(page, title, "statements", values, key=page.rsplit("/", 1)[-1]))
        for study in corpus.studies.values():
            page, source = paths.study(study.id), study.source.path
            jobs.append(PageJob(page, study.title, "study", {"study": study}, source, study.id, study.id))
            for theme_id in corpus.study_themes.get(study.id, ()):
                theme = corpus.themes[theme_id]
                page = paths.theme_page(theme_id)
                values = {"theme": theme}
                jobs.append(PageJob(page, theme.title, "theme", values, theme.source.path, study.id, theme_id))
        return jobs

    def reference_jobs(self) -> list[PageJob]:
        """The references page; for a long list, an index of parts and one page per part."""
        paths, library = self.paths, self.corpus.library
        citing = self.citing_places()
        citing_papers = {e.citing.key for e in self.corpus.excerpts.values() if e.citing and e.citing.key}
        self.cited = frozenset(citing) | frozenset(self.statements) | frozenset(citing_papers)
        if not paths.reference_parts:
            whole = {"references": library.ordered, "citing": citing}
            return [PageJob(paths.references, "References", "references", whole)]
        jobs = [PageJob(paths.references, "References", "references", {"references": (), "citing": {}})]
        for part in paths.reference_parts:
            references = tuple(ref for key in part.keys if (ref := library.get(key)) is not None)
            own = {key: citing[key] for key in part.keys if key in citing}  # pages compare values: keep them small
            values = {"references": references, "citing": own, "part": part}
            title = f"References: {part.label}"
            jobs.append(PageJob(part.path, title, "references-part", values, nav_title=part.label))
        return jobs

    def citing_places(self) -> dict[str, list[tuple[str, str]]]:
        """Bib key -> (label, record id) for every record that cites it, for back-links."""
        places: dict[str, list[tuple[str, str]]] = {}

        def note(keys: list[str], label: str, record_id: str) -> None:
            for key in keys:
                entry = places.setdefault(key, [])
                if (label, record_id) not in entry:
                    entry.append((label, record_id))

        known, found = self.corpus.library.entries, self.corpus.cited

        def keys(text: str) -> tuple[str, ...]:
            hit = found.get(text)
            return hit if hit is not None else tuple(key for key, _ in cited_keys(text))

        def cited(*texts: str) -> list[str]:  # repeats are harmless: note() keeps each place once
            return [key for t in texts if t for key in keys(t) if key in known]

        for study in self.corpus.studies.values():
            note([study.reference, *cited(study.summary)], f"Study: {study.title}", study.id)
        for theme in self.corpus.themes.values():  # the same places while the theme and library are the same
            for works, label, record_id in _theme_places((theme, known), keys):
                note(works, label, record_id)
        for implication in self.corpus.implications.values():
            title = labels.implication_title(implication)
            note(cited(implication.statement, implication.rationale), f"Implication: {title}", implication.id)
        return places


def _places_of_theme(
    inputs: tuple[Theme, Mapping[str, Any]], keys: Callable[[str], tuple[str, ...]]
) -> list[tuple[list[str], str, str]]:
    """(keys, label, record id) for each place in a theme that cites works of the library (``inputs[1]``)."""
    theme, known = inputs
    texts = (theme.summary, *(r.note for r in theme.relations))
    places = [([key for t in texts if t for key in keys(t) if key in known], f"Theme: {theme.title}", theme.id)]
    places += [([e.cites.key], f"Excerpt in {theme.title}", e.id) for e in theme.excerpts if e.cites]
    return places


#: A preview rebuild reads again only the records that changed; the others' places are the same.
_theme_places: SameInputs[Any, list[tuple[list[str], str, str]]] = SameInputs(_places_of_theme)


def render_pages(
    corpus: Corpus,
    executor: Executor,
    options: RenderOptions | None = None,
    env: jinja2.Environment | None = None,
    memo: RenderMemo | None = None,
) -> dict[str, Page]:
    """The whole site for a corpus: ``{page path: Page}``, rendered by ``executor``.

    A long-lived caller (`mkdocs serve`) passes the same ``env`` and ``memo`` each time, so templates
    compile once and only pages whose inputs changed are rendered again; the memo is updated as pages
    render, so it needs an executor that keeps the work in this process.
    """
    pages = Renderer(corpus, options or RenderOptions(), env, memo).pages(executor)
    return pages
