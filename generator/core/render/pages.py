"""Render a corpus to Markdown pages with the Jinja templates in generator/templates/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2

from ...speed.executor import Executor
from ...speed.memo import Rendered, RenderMemo, Trace, TracedObject
from ..model import CitationIndex, Corpus, Excerpt, Theme
from ..references import (
    Library,
    anchor_for,
    cited_keys,
    narrative_citation,
    parenthetical_citation,
    render_citations,
    verification,
)
from ..statements import Tally, duplicate_of, statements_by_reference, tally
from . import aliases, counts, evidence, feed, labels, population, provenance, site_info, svg, trail
from .data import export_path
from .kinds import Page as Page  # re-exported: callers import the page from here
from .kinds import PageJob as PageJob
from .paths import REFERENCES_PER_PAGE, SitePaths, relative
from .text import escape_html, markdown_field, one_line, plain, plain_lines


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


_BLANK_RUNS = re.compile(r"\n\n\n+")  # not \n{3,}: a literal start is searched 4x faster


#: Put by a template at the start of a line: ``ctx.entry`` starts an entry (after a blank line),
#: ``ctx.row`` makes a table row one; `split_entries` removes them from the page. Control characters,
#: because no record can bring one in unnoticed (YAML refuses them); a stray one is dropped too.
ENTRY_MARK, ROW_MARK = "\x00", "\x01"


def split_entries(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """A rendered page without its marks, where each entry starts, and where each row entry starts."""
    if ENTRY_MARK not in text and ROW_MARK not in text:
        return text, (), ()
    lines, entries, rows, length = [], [], [], 0
    previous = ""
    for line in text.split("\n"):
        if line.startswith(ENTRY_MARK) and not previous.strip():
            entries.append(length)
        elif line.startswith(ROW_MARK + "|"):
            rows.append(length)
        line = line.replace(ENTRY_MARK, "").replace(ROW_MARK, "")
        lines.append(line)
        length += len(line) + 1
        previous = line
    return "\n".join(lines), tuple(entries), tuple(rows)


def tidy(markdown: str) -> str:
    """One blank line between blocks, no trailing spaces, one final newline (stable diffs)."""
    lines = "\n".join(line.rstrip() for line in markdown.splitlines())
    return _BLANK_RUNS.sub("\n\n", lines).strip("\n") + "\n"


def template_environment(folder: str, auto_reload: bool = True) -> jinja2.Environment:
    """Jinja settings shared by every template folder under generator/.

    ``auto_reload`` False: templates are never checked for changes on disk (a one-off build; the
    check is a file system call each time a page asks for a template or imports the macros).
    """
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", folder),
        auto_reload=auto_reload,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # templates write Markdown or YAML; every text goes through an explicit filter
    )


def make_environment(auto_reload: bool = True) -> jinja2.Environment:
    env = template_environment("templates", auto_reload)
    env.filters.update(
        text=plain,
        sentence=labels.sentence_case,
        lines=plain_lines,
        html=escape_html,
        one_line=one_line,
        extract=lambda key, table: table[key],
    )
    env.globals.update(
        labels=labels,
        evidence=evidence,
        svg=svg,
        trail=trail,
        population=population,
        site_info=site_info,
        count_words=counts,
        provenance=provenance,
        aliases=aliases,
        feed=feed,
        history_of=feed.history_of,
    )
    return env


class PageContext:
    """What a template may call while rendering one page: links and formatted text relative to it.

    With a ``trace``, every read of the corpus, the page paths and the renderer's tables is logged
    (see :mod:`generator.speed.memo`), so it must go through ``corpus``, ``paths`` and ``tables``.
    """

    def __init__(self, renderer: Renderer, page: str, trace: Trace | None = None):
        self.options = renderer.options
        self.page = page
        self.corpus: Corpus
        self.paths: SitePaths
        self.tables: Renderer
        if trace is None:
            self.corpus, self.paths, self.tables = renderer.corpus, renderer.paths, renderer
        else:
            self.corpus = TracedObject(trace, "corpus", renderer.corpus, wrap=(Library,))  # type: ignore[assignment]
            self.paths = TracedObject(trace, "paths", renderer.paths)  # type: ignore[assignment]
            self.tables = TracedObject(trace, "tables", renderer)  # type: ignore[assignment]

    def link(self, record_id: str) -> str:
        page, anchor = self.paths.target(record_id)
        return relative(self.page, page, anchor)

    def page_link(self, page: str, anchor: str = "") -> str:
        return relative(self.page, page, anchor)

    def ref_link(self, key: str) -> str:
        return relative(self.page, self.paths.reference_page(key), anchor_for(key))

    def exports(self, key: str) -> str:
        """Download links for one reference, or '' when exports are off."""
        if not self.options.reference_exports:
            return ""
        links = []
        for label, extension in (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json")):
            target = export_path(key, extension, self.options.prefix)
            name = target.rsplit("/", 1)[1]
            links.append(f'[{label}]({self.page_link(target)}){{: download="{name}" }}')
        return "Export: " + " · ".join(links)

    def anchor(self, key: str) -> str:
        return anchor_for(key)

    def unconfirmed(self, key: str) -> str:
        """'Not confirmed in a source: year (unverified).' for a reference with marked fields, else ''."""
        reference = self.corpus.library.get(key)
        if reference is None:
            return ""
        return verification.sentence(verification.Marks(reference.unverified, reference.inferred))

    @property
    def entry(self) -> str:
        """Starts an entry (see `Page.entries`): put at the start of its first line, after a blank line."""
        return ENTRY_MARK

    @property
    def row(self) -> str:
        """Makes a table row an entry (see `Page.rows`): put at the start of the row's line."""
        return ROW_MARK

    def cite_text(self, key: str) -> str:
        """Plain parenthetical form without brackets, e.g. 'Lavik et al., 2018'."""
        reference = self.corpus.library.get(key)
        return f"{reference.author_label}, {reference.year_label}" if reference else key

    def md(self, text: str) -> str:
        """A researcher's Markdown field, made safe, with citations linked."""
        return render_citations(markdown_field(text), self.corpus.library, self.ref_link).markdown

    def cite(self, key: str) -> str:
        """Narrative citation of one reference, e.g. 'Lavik et al. (2018)', linked."""
        library = self.corpus.library
        if library.get(key) is None:
            return plain(key)
        return narrative_citation(key, library, self.ref_link) or self.md(f"@{key}")

    def term(self, name: str, text: str = "", markup: str = "") -> str:
        """``text`` (default: the term; or ready ``markup``, e.g. a picture) explained by the glossary's definition
        of ``name``: a link to the glossary page titled with the definition (a tooltip); as it is when undefined."""
        shown = markup or plain(text or name)
        for term in self.corpus.glossary.terms:
            if term.term == name:
                title = escape_html(term.definition).replace("\\", "&#92;")
                return f'[{shown}]({self.page_link(self.paths.glossary, term.anchor)} "{title}"){{: .fd-term }}'
        return shown

    def cite_parenthetical(self, key: str) -> str:
        """Parenthetical citation of one reference, e.g. '(Lavik et al., 2018)', linked: for after a name."""
        library = self.corpus.library
        if library.get(key) is None:
            return f"({plain(key)})"
        return parenthetical_citation(key, library, self.ref_link) or self.md(f"[@{key}]")

    def cite_all(self, keys: list[str]) -> str:
        return "; ".join(self.cite(key) for key in keys)

    def theme_family(self, theme: Theme) -> list[str]:
        """Ids of a theme and every subtheme under it (the records one theme page shows)."""
        found, pending = [], [theme.id]
        while pending:
            theme_id = pending.pop(0)
            found.append(theme_id)
            pending.extend(self.corpus.children.get(theme_id, ()))
        return found

    def children(self, theme: Theme) -> list[Theme]:
        return [self.corpus.themes[i] for i in self.corpus.children.get(theme.id, ())]

    def excerpt_label(self, excerpt: Excerpt) -> str:
        """Heading of an excerpt: who speaks or, for quoted text, where it comes from."""
        if excerpt.speaker or excerpt.participant or excerpt.dyad:
            return labels.excerpt_label(excerpt)
        if excerpt.source_kind == "publication" and excerpt.cites:
            return f"Quoted from {self.cite_text(excerpt.cites.key)}"
        if excerpt.source_kind == "citation statement" and excerpt.citing:
            citing = excerpt.citing
            if citing.key and citing.identification != "unknown":
                sure = "" if citing.identification == "confirmed" else ", probably"
                return f"Citation statement{sure} from {self.cite_text(citing.key)}"
            return "Citation statement from an unidentified paper"
        return labels.excerpt_label(excerpt)

    def excerpt(self, excerpt: Excerpt, level: int) -> str:
        """One excerpt as Markdown: a heading to link to, the quoted words, where they come from.

        Built here rather than in a template: a large site has tens of thousands of excerpts, and one
        call per excerpt instead of a Jinja macro and its five calls was a third of rendering them.
        """
        heading = f"{'#' * level} {plain(self.excerpt_label(excerpt))} {{: #{excerpt.id} .fd-excerpt-label }}\n\n"
        if excerpt.aliases:
            heading = aliases.anchors(excerpt.aliases) + "\n" + heading
        original = self.is_repeat(excerpt)
        if original:
            body = f"The source lists this statement a second time; it is shown once, [above]({self.link(original)}).\n"
        else:
            quote = "".join(f"> {line}\n" for line in plain_lines(excerpt.text))
            body = f"{quote}\n{self.excerpt_meta(excerpt)}\n"
        return f"{heading}{body}{{: .fd-excerpt-meta }}\n\n"

    def excerpt_meta(self, excerpt: Excerpt) -> str:
        """The line under an excerpt: badges, where it comes from, what it cites, who classified it."""
        parts = [provenance.badge(provenance.excerpt_by(excerpt)) + " "]
        if excerpt.speaker:
            parts.append(labels.role_badge(excerpt.speaker) + " ")
        if excerpt.stance:
            parts.append(labels.stance_badge(excerpt.stance) + " ")
        parts.append(labels.SOURCE[excerpt.source_kind])
        if excerpt.section:
            parts.append(", " + labels.SECTION[excerpt.section])
        elif excerpt.locator:
            parts.append(", " + plain(excerpt.locator))
        elif excerpt.source_kind == "citation statement":
            parts.append(", section not given")
        cites, citing = excerpt.cites, excerpt.citing
        if cites:
            verb = "cites" if excerpt.source_kind == "citation statement" else "quoted from"
            parts.append(f"; {verb} [{plain(self.cite_text(cites.key))}]({self.ref_link(cites.key)})")
            if cites.page:
                parts.append(", " + plain(cites.page))
        if citing:
            who = self.cite(citing.key) if citing.key else plain(citing.description)
            parts.append(f"; citing paper: {who} ({labels.IDENTIFICATION[citing.identification]})")
        if excerpt.classified_by:
            parts.append("; classified by " + plain(excerpt.classified_by))
            if excerpt.classifier_confidence is not None:
                parts.append(f" with {excerpt.classifier_confidence}% confidence")
        return "".join(parts)

    def excerpt_groups(self, theme: Theme) -> list[tuple[str, list[Excerpt]]]:
        """Excerpts in order, with both sides of a dyad gathered side by side: [(dyad id or '', excerpts)]."""
        roles: dict[str, set[str]] = {}
        for excerpt in theme.excerpts:
            if excerpt.dyad:
                roles.setdefault(excerpt.dyad, set()).add(excerpt.speaker)
        paired = {dyad for dyad, found in roles.items() if len(found - {""}) > 1}
        groups: list[tuple[str, list[Excerpt]]] = []
        placed: dict[str, list[Excerpt]] = {}
        for excerpt in theme.excerpts:
            if excerpt.dyad in paired:
                if excerpt.dyad not in placed:
                    placed[excerpt.dyad] = []
                    groups.append((excerpt.dyad, placed[excerpt.dyad]))
                placed[excerpt.dyad].append(excerpt)
            else:
                groups.append(("", [excerpt]))
        for dyad, members in groups:
            if dyad:
                members.sort(key=lambda e: ("patient", "family member", "therapist", "other", "").index(e.speaker))
        return groups

    def relation_summary(self, key: str) -> str:
        """'Linked findings in other studies: 2 support, 1 extends' for a study's reference, else ''."""
        kinds = self.tables.relation_tally.get(key)
        if not kinds:
            return ""
        words = {"supports": "support", "contrasts": "contrast", "extends": "extend"}
        parts = [f"{n} {words[kind]}" for kind, n in kinds.items() if n]
        return (
            "Links between its findings and other studies' findings on this site (judgements, not findings): "
            + ", ".join(parts)
            + "."
        )

    def study_theme_list(self, study_id: str) -> list[Theme]:
        """Every theme of a study, subthemes included, in display order."""
        found: list[Theme] = []
        pending = list(self.corpus.study_themes.get(study_id, ()))
        while pending:
            theme_id = pending.pop(0)
            found.append(self.corpus.themes[theme_id])
            pending[0:0] = self.corpus.children.get(theme_id, ())
        return found

    def study_implications(self, study_id: str) -> list[str]:
        return list(self.tables.implications_by_study.get(study_id, []))

    def tally(self, key: str) -> Tally:
        """Citation statements about one reference, counted once per build."""
        return self.tables.tallies[key]

    def citation_index(self, key: str) -> CitationIndex | None:
        """What a citation index reports about the work with this key (from its study record), if recorded."""
        return self.tables.citation_indexes.get(key)

    def statements_page(self, key: str) -> str:
        return self.paths.statements(key)

    def is_repeat(self, excerpt: Excerpt) -> str:
        """Id of the statement this one repeats, or ''."""
        return self.tables.repeats.get(excerpt.id, "")

    def cited_keys(self) -> frozenset[str]:
        """Keys of the references some page of the site cites; the others are listed as further reading."""
        return self.tables.cited

    def statements_about(self, key: str) -> list[Excerpt]:
        """Citation statements about one reference, or none."""
        return list(self.tables.statements.get(key) or ())


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
        if self.memo is None:
            texts = executor.map(self._render_job, jobs)
        else:  # the memo is updated as pages render: the executor must keep the work in this process
            self.stale = self.memo.stale(self.roots)
            texts = executor.map(self._render_kept, jobs)
            for gone in self.memo.pages.keys() - {job.path for job in jobs}:
                self.memo.forget(gone)
            self.memo.roots = self.roots  # every page kept now reads the same on this build's data
        kept = self.memo.pages if self.memo is not None else {}
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

    def _render_job(self, job: PageJob) -> str:
        return self._render_with(PageContext(self, job.path), job.template, job.values)

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
        for theme in self.corpus.themes.values():
            note(cited(theme.summary, *(r.note for r in theme.relations)), f"Theme: {theme.title}", theme.id)
            for excerpt in theme.excerpts:
                if excerpt.cites:
                    note([excerpt.cites.key], f"Excerpt in {theme.title}", excerpt.id)
        for implication in self.corpus.implications.values():
            title = labels.implication_title(implication)
            note(cited(implication.statement, implication.rationale), f"Implication: {title}", implication.id)
        return places


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
