"""Human wording for record fields, shared by every template."""

from __future__ import annotations

from ..model import Corpus, Excerpt, Implication, Study
from . import provenance
from .text import one_line

ROLE = {"patient": "Patient", "therapist": "Therapist", "family member": "Family member", "other": "Other"}
PERSPECTIVE = {
    "patient": "Patients' perspective",
    "therapist": "Therapists' perspective",
    "both": "Both perspectives",
    "family member": "Family members' perspective",
    "other": "Other perspective",
}
KIND = {"overarching": "Overarching theme", "theme": "Theme", "subtheme": "Subtheme", "metatheme": "Metatheme"}
SOURCE = {
    "interview": "Interview",
    "session recording": "Session recording",
    "publication": "Publication",
    "citation statement": "Citation statement",
}
RELATION = {"supports": "Supports", "contrasts": "Contrasts with", "extends": "Extends"}
RELATION_IN = {"supports": "Supported by", "contrasts": "Contrasted by", "extends": "Extended by"}
AUDIENCE = {"therapists": "Therapists", "services": "Services", "trainers": "Trainers", "researchers": "Researchers"}
DERIVED_BY = {"authors": "Stated by the study's authors", "editors": "Drawn from the findings by this site's editors"}


def excerpt_label(excerpt: Excerpt) -> str:
    """Short heading for an excerpt: who speaks, else where the words come from."""
    parts = []
    if excerpt.speaker:
        parts.append(ROLE[excerpt.speaker] + (f" {excerpt.participant}" if excerpt.participant else ""))
    elif excerpt.participant:
        parts.append(excerpt.participant)
    if excerpt.dyad:
        parts.append(f"dyad {excerpt.dyad}")
    if not parts:
        parts.append(SOURCE[excerpt.source_kind])
    return ", ".join(parts)


def implication_title(implication: Implication, limit: int = 90) -> str:
    if implication.title:
        return implication.title
    text = one_line(implication.statement)
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def sample_numbers(study: Study) -> str:
    sample = study.sample
    if sample is None:
        return ""
    bits = [
        f"{n} {word}"
        for n, word in ((sample.dyads, "dyads"), (sample.participants, "participants"), (sample.studies, "studies"))
        if n is not None
    ]
    return ", ".join(bits)


GENERAL_MOMENT = "Throughout treatment"


def by_moment(corpus: Corpus) -> list[tuple[str, list[str]]]:
    """Implication ids grouped by clinical moment; moments alphabetical, unspecified last."""
    groups: dict[str, list[str]] = {}
    for implication in corpus.implications.values():
        groups.setdefault(implication.moment or GENERAL_MOMENT, []).append(implication.id)
    order = sorted(groups, key=lambda m: (m == GENERAL_MOMENT, m.casefold()))
    return [(_capitalised(moment), groups[moment]) for moment in order]


def moment_label(implication: Implication) -> str:
    return _capitalised(implication.moment or GENERAL_MOMENT)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence_case(text: str) -> str:
    """First letter upper-case, the rest as written: 'IPR study' stays, where Jinja's capitalize gives 'Ipr study'."""
    return _capitalised(text)


def counted(number: int, word: str, plural: str = "") -> str:
    """'1 theme', '3 themes', '2 studies' (with ``plural`` given)."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


def target_study(corpus: Corpus, record_id: str) -> Study | None:
    theme_id = corpus.excerpts[record_id].theme if record_id in corpus.excerpts else record_id
    theme = corpus.themes.get(theme_id)
    return corpus.studies.get(theme.study) if theme else None


STANCE = {"supporting": "Supporting", "mentioning": "Mentioning", "contrasting": "Contrasting"}
SECTION = {
    "introduction": "Introduction",
    "methods": "Methods",
    "results": "Results",
    "discussion": "Discussion",
    "other": "Other section",
    "not given": "Section not given",
}
IDENTIFICATION = {
    "confirmed": "confirmed",
    "probable": "probable, not confirmed; the site editors' identification",
    "unknown": "not identified",
}
CONFIDENCE = {
    "high": "High confidence",
    "moderate": "Moderate confidence",
    "low": "Low confidence",
    "very low": "Very low confidence",
    "not assessed": "Not assessed",
}
CONCERN = {
    "no or very minor": "No or very minor concerns",
    "minor": "Minor concerns",
    "moderate": "Moderate concerns",
    "serious": "Serious concerns",
}
MATRIX = {"": "", "own": "Own", "supports": "Supports", "contrasts": "Contrasts", "extends": "Extends"}


# Badges: small labelled spans the theme's CSS colours. Python, not template macros: a theme page
# shows hundreds of them and a Jinja macro call costs ten times a function call.
def role_badge(role: str) -> str:
    return f'<span class="fd-badge fd-role-{role.replace(" ", "-")}">{ROLE[role]}</span>'


def stance_badge(stance: str) -> str:
    return f'<span class="fd-badge fd-stance-{stance}">{STANCE[stance]}</span>'


def confidence_badge(level: str) -> str:
    return f'<span class="fd-confidence fd-confidence-{level.replace(" ", "-")}">{CONFIDENCE[level]}</span>'


def tally_words(counts: dict[str, int]) -> str:
    """What a tally bar shows, in words: '2 supporting · 1 mentioning · 0 contrasting'."""
    return " · ".join(f"{n} {stance}" for stance, n in counts.items())


#: Every enum of the JSON Schema that readers see, by its place in the schema, with the wordings above
#: that show its values. tests/test_schema_model.py checks both ways: each schema enum is listed here (or
#: in UNLABELLED) and each of its values has every wording, so a new value fails a test, not a page.
ENUM_LABELS: dict[str, tuple[dict[str, str], ...]] = {
    "$defs/role": (ROLE,),
    "$defs/theme/properties/kind": (KIND,),
    "$defs/theme/properties/perspective": (PERSPECTIVE,),
    "$defs/excerpt/properties/source": (SOURCE,),
    "$defs/excerpt/properties/stance": (STANCE,),
    "$defs/excerpt/properties/section": (SECTION,),
    "$defs/relation/properties/kind": (RELATION, RELATION_IN, MATRIX),
    "$defs/implication/properties/audience/items": (AUDIENCE,),
    "$defs/implication/properties/derived_by": (DERIVED_BY, provenance.BY),
    "$defs/relation/properties/derived_by": (provenance.BY,),
    "$defs/cerqual/properties/judged_by": (provenance.BY,),
    "$defs/citing-work/properties/identification": (IDENTIFICATION,),
    "$defs/concern/properties/concern": (CONCERN,),
    "$defs/cerqual/properties/level": (CONFIDENCE,),
}
#: Enums shown without a wording of their own: the record type picks a page, a draft is not published,
#: and a population's age groups and treatment phases are plain words shown as written (render/population.py).
UNLABELLED = frozenset(
    {
        "properties/type",
        "$defs/status",
        "$defs/population/properties/age_groups/items",
        "$defs/population/properties/phases/items",
    }
)
