"""Assemble per-file records into one :class:`Corpus` and check what no single file can:
unique ids, references between records, and citation keys against the library."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .broken import Claim, Remains
from .diagnostics import Diagnostic, Location, Severity
from .load import FileResult, locate_offset
from .model import Corpus, Excerpt, Glossary, Implication, Relation, SiteInfo, Study, Theme
from .publish import Visible, build_date, consent_problems, hidden_link_warnings, visible_records
from .references import Library
from .statements import duplicate_statements, index_problems
from .validate_messages import did_you_mean


def _warn(location: Location, message: str, suggestion: str = "") -> Diagnostic:
    return Diagnostic(location, message, Severity.WARNING, suggestion, code="lint")


class _Assembler:
    def __init__(self, library: Library):
        self.library = library
        self.problems: list[Diagnostic] = []
        self.studies: dict[str, Study] = {}
        self.themes: dict[str, Theme] = {}
        self.excerpts: dict[str, Excerpt] = {}
        self.implications: dict[str, Implication] = {}
        self.glossaries: list[Glossary] = []
        self.id_places: dict[str, Location] = {}
        self.site: SiteInfo | None = None
        self.pending_aliases: list[Study | Theme | Excerpt | Implication] = []
        self.cited_keys: set[str] = set()
        self._grounded_parents: set[str] = set()
        # Ids held by records with errors: references to them say nothing (the record's errors say it all).
        self.broken: dict[str, Claim] = {}
        self.broken_parents: set[str] = set()
        self.broken_words: set[str] = set()

    def error(self, location: Location, message: str, suggestion: str = "") -> None:
        self.problems.append(Diagnostic(location, message, suggestion=suggestion, code="reference"))

    def claim_id(self, record_id: str, location: Location) -> bool:
        first = self.id_places.get(record_id)
        if first is not None:
            self.error(
                location,
                f"duplicate id '{record_id}' (already used at {first})",
                "ids must be unique across all studies, themes, excerpts and implications",
            )
            return False
        self.id_places[record_id] = location
        return True

    def claim_aliases(self, record: Study | Theme | Excerpt | Implication) -> None:
        if record.aliases:  # claimed after every record's own id, so a clash is reported at the alias
            self.pending_aliases.append(record)

    def claim_pending_aliases(self) -> None:
        for record in self.pending_aliases:
            for alias in record.aliases:
                self.claim_id(alias, record.source)

    def add(self, result: FileResult) -> None:
        record = result.record
        if isinstance(record, Study) and self.claim_id(record.id, record.source):
            self.studies[record.id] = record
            self.claim_aliases(record)
        elif isinstance(record, Theme) and self.claim_id(record.id, record.source):
            self.themes[record.id] = record
            self.claim_aliases(record)
            for excerpt in record.excerpts:
                if self.claim_id(excerpt.id, excerpt.source):
                    self.excerpts[excerpt.id] = excerpt
                    self.claim_aliases(excerpt)
        elif isinstance(record, Implication) and self.claim_id(record.id, record.source):
            self.implications[record.id] = record
            self.claim_aliases(record)
        elif isinstance(record, Glossary):
            self.glossaries.append(record)
        elif isinstance(record, SiteInfo):
            if self.site is None:
                self.site = record
            else:
                self.error(
                    record.source,
                    f"a second site record (the first is {self.site.source})",
                    "keep one findings/site.yml and merge the two",
                )

    def glossary(self) -> Glossary:
        """Every glossary file's terms in one, each term once (a second definition is an error where it is)."""
        seen: dict[str, Location] = {}
        terms = []
        for glossary in self.glossaries:
            for term in glossary.terms:
                key = term.term.casefold()
                if key in seen:
                    self.error(term.source, f"term '{term.term}' is defined twice (first at {seen[key]})", "keep one")
                    continue
                seen[key] = term.source
                terms.append(term)
        synonyms = tuple(pair for glossary in self.glossaries for pair in glossary.synonyms)
        return Glossary(tuple(sorted(terms, key=lambda t: t.term.casefold())), synonyms)

    def add_remains(self, remains: Remains) -> None:
        for claim in remains.claims:
            if self.claim_id(claim.id, claim.location):
                self.broken[claim.id] = claim
        if remains.parent:
            self.broken_parents.add(remains.parent)
        self.broken_words |= remains.words

    def is_broken(self, ref: str, *kinds: str) -> bool:
        """Whether ``ref`` is held by a record with errors that may be of one of ``kinds``."""
        claim = self.broken.get(ref)
        return claim is not None and (claim.kind is None or claim.kind in kinds)

    def unknown(self, location: Location, what: str, ref: str, pool: Iterable[str]) -> None:
        hint = did_you_mean(ref, sorted(pool))
        self.error(location, f"{what} '{ref}' does not exist", hint)

    def check_key(self, key: str, location: Location, what: str) -> None:
        self.cited_keys.add(key)
        if self.library.get(key) is None:
            hint = did_you_mean(key, sorted(self.library.entries))
            self.error(
                location, f"{what} '{key}' is not in the bibliography", hint or "add it to a .bib file under bib/"
            )

    def check_links(self) -> None:
        for study in self.studies.values():
            self.check_key(study.reference, study.at("reference"), "reference")
        for theme in self.themes.values():
            self.check_theme(theme)
        for implication in self.implications.values():
            for index, target in enumerate(implication.grounded_in):
                where = implication.at(f"grounded_in[{index + 1}]")
                if target not in self.themes and target not in self.excerpts:
                    claim = self.broken.get(target)
                    broken_kind = claim.kind if claim is not None else None
                    kind = (
                        "a study"
                        if target in self.studies or broken_kind == "study"
                        else "an implication"
                        if target in self.implications or broken_kind == "implication"
                        else ""
                    )
                    if kind:
                        self.error(where, f"grounded_in '{target}' is {kind}; expected a theme or excerpt id")
                    elif not self.is_broken(target, "theme", "excerpt"):
                        self.unknown(
                            where, "grounded_in theme or excerpt", target, list(self.themes) + list(self.excerpts)
                        )

    def check_theme(self, theme: Theme) -> None:
        if theme.study not in self.studies and not self.is_broken(theme.study, "study"):
            self.unknown(theme.at("study"), "study", theme.study, self.studies)
        if theme.parent:
            parent = self.themes.get(theme.parent)
            if parent is None:
                if not self.is_broken(theme.parent, "theme"):
                    self.unknown(theme.at("parent"), "parent theme", theme.parent, self.themes)
            elif parent.study != theme.study:
                self.error(
                    theme.at("parent"),
                    f"parent '{theme.parent}' belongs to study '{parent.study}', not '{theme.study}'",
                )
            elif _has_cycle(theme, self.themes):
                self.error(
                    theme.at("parent"),
                    f"parent '{theme.parent}' leads back to '{theme.id}' (a theme cannot contain itself)",
                )
        elif theme.kind == "subtheme":
            self.error(theme.source, f"subtheme '{theme.id}' has no 'parent'", "add 'parent:' with the id of its theme")
        for excerpt in theme.excerpts:
            if excerpt.cites:
                self.check_key(excerpt.cites.key, excerpt.at("cites.key"), "cited work")
            if excerpt.citing and excerpt.citing.key:
                self.check_key(excerpt.citing.key, excerpt.at("citing.key"), "citing work")
        if theme.confidence:
            for key in theme.confidence.studies:
                self.check_key(key, theme.source, "contributing study")
        for relation in theme.relations:
            other = self.themes.get(relation.theme)
            if other is None:
                if not self.is_broken(relation.theme, "theme"):
                    self.unknown(relation.source, "related theme", relation.theme, self.themes)
            elif other.id == theme.id:
                self.error(relation.source, f"theme '{theme.id}' cannot relate to itself")

    def check_citations(self, results: Iterable[FileResult]) -> None:
        for result in results:
            if result.record is None:
                continue
            for field in result.markdown:
                for key, offset in field.cites:
                    if key in self.library.entries:
                        self.cited_keys.add(key)
                        continue
                    hint = did_you_mean(key, sorted(self.library.entries))
                    self.error(
                        locate_offset(field, offset),
                        f"citation '@{key}' is not in the bibliography",
                        hint or "add it to a .bib file under bib/",
                    )

    def lint(self) -> None:
        parents = {t.parent for t in self.themes.values() if t.parent} | self.broken_parents
        self._grounded_parents = {t.parent for t in self.themes.values() if t.parent and t.excerpts}
        for theme in self.themes.values():
            if not theme.excerpts and theme.id not in parents:
                self.problems.append(
                    _warn(theme.source, f"theme '{theme.id}' has no excerpts", "ground it in at least one excerpt")
                )
            for excerpt in theme.excerpts:
                if not excerpt.speaker and excerpt.source_kind in ("interview", "session recording"):
                    self.problems.append(
                        _warn(
                            excerpt.source,
                            f"excerpt '{excerpt.id}' has no speaker role",
                            "add 'speaker:' (patient, therapist, family member or other)",
                        )
                    )
        for implication in self.implications.values():
            targets = implication.grounded_in
            resolved = all(t in self.themes or t in self.excerpts for t in targets)
            if resolved and not any(self._reaches_excerpt(target) for target in targets):
                self.problems.append(
                    _warn(
                        implication.source,
                        f"implication '{implication.id}' is not grounded in any excerpt",
                        "list an excerpt id, or a theme that has excerpts, in 'grounded_in'",
                    )
                )
        for reference in self.library.ordered:
            if reference.key not in self.cited_keys and reference.key not in self.broken_words:
                self.problems.append(
                    _warn(
                        Location(reference.path, reference.line), f"bibliography entry '{reference.key}' is never cited"
                    )
                )

    def _reaches_excerpt(self, target: str) -> bool:
        if target in self.excerpts:
            return True
        theme = self.themes.get(target)
        return bool(theme and (theme.excerpts or theme.id in self._grounded_parents))


def _theme_order(theme: Theme) -> tuple[int, int, str]:
    return (0 if theme.order is not None else 1, theme.order or 0, theme.title.casefold())


def assemble(
    results: list[FileResult], library: Library, *, today: str = "", include_drafts: bool = False
) -> tuple[Corpus, list[Diagnostic]]:
    """Check every record together, then build the corpus of what the site shows.

    ``today`` (YYYY-MM-DD) decides embargoes; ``include_drafts`` keeps drafts (for previews).
    """
    assembler = _Assembler(library)
    for result in results:
        assembler.add(result)
    assembler.claim_pending_aliases()
    for result in results:  # after every valid record and alias, so a duplicate id never hides a valid one
        if result.record is None and result.remains is not None:
            assembler.add_remains(result.remains)
    assembler.check_links()
    assembler.check_citations(results)
    assembler.lint()
    glossary = assembler.glossary()
    visible = visible_records(
        assembler.studies,
        assembler.themes,
        assembler.excerpts,
        assembler.implications,
        today or build_date(),
        include_drafts,
    )
    problems = assembler.problems + consent_problems(visible)
    problems += hidden_link_warnings(assembler.implications, assembler.themes, assembler.excerpts, visible)
    problems += duplicate_statements(visible.excerpts)
    problems += index_problems(visible.studies, visible.excerpts)
    # By the text as records hold it (stripped): a block scalar's value ends in a newline the record drops.
    cited = {field.text.strip(): tuple(key for key, _ in field.cites) for r in results for field in r.markdown}
    return _index(visible, library, cited, glossary, assembler.site), problems


def _index(
    visible: Visible,
    library: Library,
    cited: dict[str, tuple[str, ...]],
    glossary: Glossary,
    site: SiteInfo | None,
) -> Corpus:
    themes = visible.themes
    children: dict[str, list[Theme]] = defaultdict(list)
    by_study: dict[str, list[Theme]] = defaultdict(list)
    for theme in themes.values():
        if theme.parent and theme.parent in themes and not _has_cycle(theme, themes):
            children[theme.parent].append(theme)
        elif not theme.parent:
            by_study[theme.study].append(theme)
    implications_of: dict[str, list[str]] = defaultdict(list)
    for implication in sorted(visible.implications.values(), key=lambda i: i.id):
        for target in implication.grounded_in:
            implications_of[target].append(implication.id)
    relations_in: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for theme in themes.values():
        for relation in theme.relations:
            relations_in[relation.theme].append((theme.id, relation))
    order = {ref.key: index for index, ref in enumerate(library.ordered)}
    studies = dict(
        sorted(visible.studies.items(), key=lambda item: (order.get(item[1].reference, len(order)), item[1].title))
    )
    return Corpus(
        studies=studies,
        themes=dict(sorted(themes.items())),
        excerpts=visible.excerpts,
        implications=dict(sorted(visible.implications.items())),
        library=library,
        children={key: tuple(t.id for t in sorted(value, key=_theme_order)) for key, value in children.items()},
        study_themes={key: tuple(t.id for t in sorted(value, key=_theme_order)) for key, value in by_study.items()},
        implications_of={key: tuple(value) for key, value in implications_of.items()},
        relations_in={key: tuple(sorted(value, key=lambda pair: pair[0])) for key, value in relations_in.items()},
        glossary=glossary,
        site=site,
        drafts=visible.drafts,
        cited=cited,
    )


def _has_cycle(theme: Theme, themes: dict[str, Theme]) -> bool:
    seen = {theme.id}
    current = theme
    while current.parent:
        if current.parent in seen:
            return True
        seen.add(current.parent)
        parent = themes.get(current.parent)
        if parent is None:
            return False
        current = parent
    return False
