"""What a template may call while rendering one page (`ctx` in the templates): links, citations, excerpts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...speed.memo import Trace, TracedObject
from ..model import CitationIndex, Corpus, Excerpt, Theme
from ..references import (
    Library,
    anchor_for,
    narrative_citation,
    parenthetical_citation,
    render_citations,
    verification,
)
from ..statements import Tally
from . import aliases, labels, provenance
from .data import export_path
from .page_text import ENTRY_MARK, ROW_MARK
from .paths import SitePaths, relative
from .text import escape_html, markdown_field, plain, plain_lines

if TYPE_CHECKING:
    from .pages import Renderer


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
