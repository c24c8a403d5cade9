"""The findings as frozen dataclasses: what the renderer and other tools read.

Records refer to each other by id; :class:`Corpus` keeps every record by id plus
the reverse links (children, citing places, implications per theme) that pages need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .diagnostics import Location
from .history import History
from .references import Library

#: Where the fields that refer to other records are, e.g. {"parent": Location, "grounded_in[2]": Location}.
Places = Mapping[str, Location]


@dataclass(frozen=True)
class Sample:
    description: str
    dyads: int | None = None
    participants: int | None = None
    studies: int | None = None


@dataclass(frozen=True)
class Population:
    """Who the patients are that a study or an implication concerns; an empty part means "not restricted"."""

    conditions: tuple[str, ...] = ()
    age_groups: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitationIndex:
    """What a citation index reports about a publication's citation statements (a dated snapshot)."""

    source: str
    statements: int
    url: str = ""
    retrieved: str = ""  # YYYY-MM-DD, YYYY-MM or YYYY; '' when not recorded
    supporting: int | None = None
    mentioning: int | None = None
    contrasting: int | None = None
    citing_publications: int | None = None


@dataclass(frozen=True)
class Publication:
    """Whether a record may appear on the public site."""

    status: str = "published"  # published | draft
    embargo: str = ""  # YYYY-MM-DD; hidden before that date

    def is_public(self, today: str) -> bool:
        return self.status != "draft" and not (self.embargo and self.embargo > today)


@dataclass(frozen=True)
class Study:
    id: str
    title: str
    reference: str
    design: str
    source: Location
    sample: Sample | None = None
    setting: str = ""
    population: Population = Population()
    analysis: str = ""
    perspectives: tuple[str, ...] = ()
    summary: str = ""
    citation_index: CitationIndex | None = None
    excerpts_cleared: bool = False
    publication: Publication = Publication()
    aliases: tuple[str, ...] = ()  # ids it had before a rename; old addresses keep working
    places: Places = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Location:
        return self.places.get(name, self.source)


@dataclass(frozen=True)
class CitedWork:
    key: str
    page: str = ""


@dataclass(frozen=True)
class CitingWork:
    """The paper a citation statement comes from."""

    identification: str  # confirmed | probable | unknown
    key: str = ""
    description: str = ""


@dataclass(frozen=True)
class Excerpt:
    id: str
    theme: str
    text: str
    source_kind: str
    source: Location
    speaker: str = ""
    participant: str = ""
    dyad: str = ""
    locator: str = ""
    cites: CitedWork | None = None
    cleared: bool | None = None  # None: the study's excerpts_cleared decides
    stance: str = ""  # citation statements: supporting | mentioning | contrasting
    section: str = ""
    citing: CitingWork | None = None
    classifier_confidence: int | None = None
    classified_by: str = ""
    aliases: tuple[str, ...] = ()  # ids it had before a rename; old addresses keep working
    places: Places = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Location:
        return self.places.get(name, self.source)


@dataclass(frozen=True)
class Relation:
    kind: str  # supports | contrasts | extends
    theme: str  # the other theme
    source: Location  # the relation's `theme:` value
    note: str = ""
    derived_by: str = "editors"  # editors | authors: who links the two findings
    basis: str = ""  # what the link rests on, e.g. "theme labels only"


@dataclass(frozen=True)
class Concern:
    concern: str  # no or very minor | minor | moderate | serious
    explanation: str = ""


CERQUAL_COMPONENTS = ("methodological_limitations", "coherence", "adequacy", "relevance")


@dataclass(frozen=True)
class Confidence:
    """A GRADE-CERQual assessment of one finding."""

    level: str  # high | moderate | low | very low
    explanation: str
    components: Mapping[str, Concern] = field(default_factory=dict)
    studies: tuple[str, ...] = ()  # bib keys; empty means the theme's own study
    assessed_by: str = ""
    judged_by: str = "editors"  # editors | authors: whose judgement it is


@dataclass(frozen=True)
class Theme:
    id: str
    study: str
    title: str
    kind: str
    source: Location
    parent: str = ""
    perspective: str = ""
    order: int | None = None
    summary: str = ""
    excerpts: tuple[Excerpt, ...] = ()
    relations: tuple[Relation, ...] = ()
    confidence: Confidence | None = None
    publication: Publication = Publication()
    aliases: tuple[str, ...] = ()  # ids it had before a rename; old addresses keep working
    places: Places = field(default_factory=dict, compare=False, repr=False)
    imported_guid: str = ""  # the QDA code it was imported from (`imported.guid`); `findings export` writes it back

    def at(self, name: str) -> Location:
        return self.places.get(name, self.source)


@dataclass(frozen=True)
class Implication:
    id: str
    statement: str
    audience: tuple[str, ...]
    grounded_in: tuple[str, ...]
    derived_by: str
    source: Location
    title: str = ""
    moment: str = ""
    population: Population = Population()
    rationale: str = ""
    publication: Publication = Publication()
    aliases: tuple[str, ...] = ()  # ids it had before a rename; old addresses keep working
    places: Places = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Location:
        return self.places.get(name, self.source)


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    source: Location
    forms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """Its anchor on the glossary page: 'term-' and the term in lower-case letters, digits and hyphens."""
        return "term-" + "-".join("".join(c if c.isalnum() else " " for c in self.term.casefold()).split())


@dataclass(frozen=True)
class Glossary:
    """The site's defined terms and its search synonyms (word -> the words pages use for it)."""

    terms: tuple[GlossaryTerm, ...] = ()
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Editor:
    """One editor of the site: a person (``family`` set) or a group, cited as written."""

    name: str
    family: str = ""
    given: str = ""
    affiliation: str = ""
    orcid: str = ""
    role: str = ""


@dataclass(frozen=True)
class Licence:
    name: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class SiteInfo:
    """Who stands behind the site (findings/site.yml): shown on the home and About pages and in the footer."""

    title: str
    editors: tuple[Editor, ...]
    scope: str
    audience: str
    disclaimer: str
    reviewed: str  # YYYY-MM-DD
    source: Location
    version: str = ""
    licence: Licence | None = None


@dataclass(frozen=True)
class Corpus:
    """Every record by id, in a stable order, plus the links pages follow backwards."""

    studies: Mapping[str, Study]
    themes: Mapping[str, Theme]
    excerpts: Mapping[str, Excerpt]
    implications: Mapping[str, Implication]
    library: Library
    children: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Theme id -> ids of its direct subthemes, in display order ('' -> top-level themes)."""
    study_themes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Study id -> ids of its top-level themes, in display order."""
    implications_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Theme or excerpt id -> ids of implications grounded in it."""
    relations_in: Mapping[str, tuple[tuple[str, Relation], ...]] = field(default_factory=dict)
    """Theme id -> (other theme id, relation) for relations other themes declare towards it."""
    glossary: Glossary = Glossary()
    """Defined terms (from findings/glossary.yml) and search synonyms."""
    site: SiteInfo | None = None
    """The site record, when the project has one."""
    history: History | None = None
    """What changed in the records and when, from git (None: not asked for)."""
    drafts: frozenset[str] = frozenset()
    """Ids of unpublished records included for a preview; pages mark them as drafts."""
    cited: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Markdown text of a record (stripped, as records hold it) -> keys it cites, known or not, as found
    while the records were read (on every core); pages look here before scanning a text again."""

    def assessed_themes(self) -> list[Theme]:
        """Themes with a GRADE-CERQual assessment, in order.

        A method, so that a page's render trace (generator/speed/memo.py) records the list as one read: a
        page listing the assessed themes renders again when one of them changes, not when any theme does.
        """
        return [theme for theme in self.themes.values() if theme.confidence]

    def top_theme(self, theme_id: str) -> Theme:
        """The page-level theme a theme or subtheme is shown on."""
        theme = self.themes[theme_id]
        seen = {theme.id}
        while theme.parent and theme.parent in self.themes and theme.parent not in seen:
            theme = self.themes[theme.parent]
            seen.add(theme.id)
        return theme
