"""Turn one validated YAML document into model objects (one study, theme or implication)."""

from __future__ import annotations

from typing import Any

from ..speed.frozen import maker
from .diagnostics import Location
from .model import (
    CERQUAL_COMPONENTS,
    CitationIndex,
    CitedWork,
    CitingWork,
    Concern,
    Confidence,
    Editor,
    Excerpt,
    Glossary,
    GlossaryTerm,
    Implication,
    Licence,
    Population,
    Publication,
    Relation,
    Sample,
    SiteInfo,
    Study,
    Theme,
)
from .validate_messages import field_name
from .yaml_source import YamlDocument

Record = Study | Theme | Implication | Glossary | SiteInfo

# Made by the ten thousand at large sizes: without the frozen classes' per-field __init__ (generator/speed/frozen.py).
_new_excerpt = maker(Excerpt)
_new_relation = maker(Relation)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def build_record(kind: str, doc: YamlDocument) -> Record:
    data: dict[str, Any] = doc.data
    here = doc.location(())
    if kind == "study":
        return _study(data, here, doc)
    if kind == "theme":
        return _theme(data, doc, here)
    if kind == "glossary":
        return _glossary(data, doc)
    if kind == "site":
        return _site(data, here)
    return _implication(data, here, doc)


def _glossary(data: dict[str, Any], doc: YamlDocument) -> Glossary:
    terms = tuple(
        GlossaryTerm(
            term=_text(item, "term"),
            definition=" ".join(_text(item, "definition").split()),
            source=doc.location(("terms", index)),
            forms=tuple(str(f).strip() for f in item.get("forms") or ()),
            abbreviations=tuple(str(a).strip() for a in item.get("abbreviations") or ()),
        )
        for index, item in enumerate(data["terms"])
    )
    synonyms = tuple(
        (_text(item, "word"), tuple(str(m).strip() for m in item["means"])) for item in data.get("synonyms") or ()
    )
    return Glossary(terms, synonyms)


def _publication(data: dict[str, Any]) -> Publication:
    return Publication(status=data.get("status") or "published", embargo=data.get("embargo") or "")


def _confidence(data: Any) -> Confidence | None:
    if not isinstance(data, dict):
        return None
    components = {
        name: Concern(concern=data[name]["concern"], explanation=_text(data[name], "explanation"))
        for name in CERQUAL_COMPONENTS
        if isinstance(data.get(name), dict)
    }
    return Confidence(
        level=data["level"],
        explanation=_text(data, "explanation"),
        components=components,
        studies=tuple(data.get("studies") or ()),
        assessed_by=_text(data, "assessed_by"),
        judged_by=data.get("judged_by") or "editors",
    )


def _population(data: Any) -> Population:
    if not isinstance(data, dict):
        return Population()
    return Population(
        **{part: tuple(str(v).strip() for v in data.get(part) or ()) for part in ("conditions", "settings")},
        age_groups=tuple(data.get("age_groups") or ()),
        phases=tuple(data.get("phases") or ()),
    )


def _places(doc: YamlDocument, *paths: tuple[str | int, ...]) -> dict[str, Location]:
    """Locations of the given fields (those that refer to other records), by field name."""
    return {field_name(path): doc.location(path) for path in paths if path in doc.positions}


def _study(data: dict[str, Any], here: Location, doc: YamlDocument) -> Study:
    sample = data.get("sample")
    return Study(
        id=data["id"],
        title=_text(data, "title"),
        reference=data["reference"],
        design=_text(data, "design"),
        source=here,
        sample=Sample(
            description=_text(sample, "description"),
            dyads=sample.get("dyads"),
            participants=sample.get("participants"),
            studies=sample.get("studies"),
        )
        if isinstance(sample, dict)
        else None,
        setting=_text(data, "setting"),
        population=_population(data.get("population")),
        analysis=_text(data, "analysis"),
        perspectives=tuple(data.get("perspectives") or ()),
        summary=_text(data, "summary"),
        citation_index=_citation_index(data.get("citation_index")),
        excerpts_cleared=bool(data.get("excerpts_cleared")),
        publication=_publication(data),
        aliases=tuple(data.get("aliases") or ()),
        places=_places(doc, ("reference",)),
    )


def _citation_index(data: Any) -> CitationIndex | None:
    if not isinstance(data, dict):
        return None
    return CitationIndex(
        source=_text(data, "source"),
        statements=data["statements"],
        url=_text(data, "url"),
        retrieved=_text(data, "retrieved"),
        supporting=data.get("supporting"),
        mentioning=data.get("mentioning"),
        contrasting=data.get("contrasting"),
        citing_publications=data.get("citing_publications"),
    )


def _theme(data: dict[str, Any], doc: YamlDocument, here: Location) -> Theme:
    # Of `imported`, only the code's GUID is kept (for `findings export`); its digests are for
    # `findings import`, which reads them from the files.
    theme_id = data["id"]
    positions, path = doc.positions, doc.path
    excerpts = []
    for index, item in enumerate(data.get("excerpts") or ()):
        at = positions.get(("excerpts", index))
        source = Location(path, *at) if at is not None else doc.location(("excerpts", index))
        places = {}
        for part in ("cites", "citing"):
            if part in item and (where := ("excerpts", index, part, "key")) in positions:
                places[f"{part}.key"] = doc.location(where)
        excerpts.append(_excerpt(item, theme_id, source, places))
    relations = tuple(
        _new_relation(
            kind=item["kind"],
            theme=item["theme"],
            note=_text(item, "note"),
            source=doc.location(("relations", index, "theme")),
            derived_by=item.get("derived_by") or "editors",
            basis=_text(item, "basis"),
        )
        for index, item in enumerate(data.get("relations") or ())
    )
    return Theme(
        id=theme_id,
        study=data["study"],
        title=_text(data, "title"),
        kind=data["kind"],
        source=here,
        parent=data.get("parent") or "",
        perspective=data.get("perspective") or "",
        order=data.get("order"),
        summary=_text(data, "summary"),
        excerpts=tuple(excerpts),
        relations=relations,
        confidence=_confidence(data.get("confidence")),
        publication=_publication(data),
        aliases=tuple(data.get("aliases") or ()),
        places=_places(doc, ("study",), ("parent",)),
        imported_guid=(data.get("imported") or {}).get("guid", ""),
    )


def _excerpt(item: dict[str, Any], theme_id: str, here: Location, places: dict[str, Location]) -> Excerpt:
    cites = item.get("cites")
    citing = item.get("citing")
    return _new_excerpt(
        id=item["id"],
        theme=theme_id,
        # Verbatim: keep inner spacing, only drop the newline YAML block scalars add at the end.
        text=item["text"].strip("\n"),
        source_kind=item["source"],
        source=here,
        speaker=item.get("speaker") or "",
        participant=item.get("participant") or "",
        dyad=item.get("dyad") or "",
        locator=_text(item, "locator"),
        cites=CitedWork(key=cites["key"], page=_text(cites, "page")) if isinstance(cites, dict) else None,
        cleared=item.get("cleared"),
        stance=item.get("stance") or "",
        section=item.get("section") or "",
        citing=CitingWork(
            identification=citing["identification"],
            key=citing.get("key") or "",
            description=_text(citing, "description"),
        )
        if isinstance(citing, dict)
        else None,
        classifier_confidence=item.get("classifier_confidence"),
        classified_by=_text(item, "classified_by"),
        aliases=tuple(item.get("aliases") or ()),
        places=places,
    )


def _implication(data: dict[str, Any], here: Location, doc: YamlDocument) -> Implication:
    return Implication(
        id=data["id"],
        statement=_text(data, "statement"),
        audience=tuple(data["audience"]),
        grounded_in=tuple(data["grounded_in"]),
        derived_by=data["derived_by"],
        source=here,
        title=_text(data, "title"),
        moment=_text(data, "moment"),
        population=_population(data.get("population")),
        rationale=_text(data, "rationale"),
        publication=_publication(data),
        aliases=tuple(data.get("aliases") or ()),
        places=_places(doc, *(("grounded_in", i) for i in range(len(data["grounded_in"])))),
    )


def _site(data: dict[str, Any], here: Location) -> SiteInfo:
    licence = data.get("licence")
    return SiteInfo(
        title=_text(data, "title"),
        editors=tuple(
            Editor(
                name=_text(item, "name"),
                family=_text(item, "family"),
                given=_text(item, "given"),
                affiliation=_text(item, "affiliation"),
                orcid=_text(item, "orcid"),
                role=_text(item, "role"),
            )
            for item in data["editors"]
        ),
        scope=_text(data, "scope"),
        audience=_text(data, "audience"),
        disclaimer=_text(data, "disclaimer"),
        reviewed=data["reviewed"],
        source=here,
        version=_text(data, "version"),
        licence=Licence(_text(licence, "name"), _text(licence, "url"), _text(licence, "note"))
        if isinstance(licence, dict)
        else None,
    )
