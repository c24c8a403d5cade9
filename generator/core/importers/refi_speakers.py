"""Who speaks in a REFI-QDA source: what its Cases and Variables say (role, pseudonym, dyad)."""

from __future__ import annotations

from dataclasses import dataclass

from .text import DYAD, PSEUDONYM, clean_label, label_key
from .xmltree import Node


@dataclass
class Person:
    """What Cases and Variables say about whoever speaks in a source."""

    speaker: str = ""
    participant: str = ""
    dyad: str = ""
    unnamed: bool = False  # a case name was there but is not a pseudonym
    ambiguous: bool = False  # several cases share the source


_ROLE_WORDS = {
    "patient": ("patient", "patients", "client", "clients", "service user", "service users"),
    "therapist": (
        "therapist", "therapists", "psychotherapist", "psychotherapists", "clinician", "clinicians",
        "counsellor", "counsellors", "counselor", "counselors", "psychologist", "psychologists",
    ),
    "family member": (
        "family member", "family members", "family", "parent", "parents", "mother", "father", "relative",
        "relatives", "carer", "carers", "caregiver", "caregivers", "sibling", "siblings", "spouse",
    ),
}  # fmt: skip
_ROLE_VARIABLES = {
    "role", "speaker", "speaker role", "participant role", "participant type", "perspective", "respondent type",
    "informant type", "participant group", "type of participant",
}  # fmt: skip
_PSEUDONYM_VARIABLES = {"participant", "participant id", "pseudonym", "participant code", "speaker id", "respondent id"}
_DYAD_VARIABLES = {"dyad", "dyad id", "dyad code", "pair"}


def role_of(text: str, *, whole: bool) -> str:
    """The role a label clearly names, or "" when it names none or several.

    ``whole``: the label must be just the role ("Therapist"), as for a variable's value;
    otherwise the role may be one word of it ("Therapist T3"), as for a case name.
    """
    key = label_key(text).replace("-", " ").replace("_", " ")
    if whole:
        if key == "other":
            return "other"
        return next((role for role, words in _ROLE_WORDS.items() if key in words), "")
    tokens = " " + " ".join(w for w in "".join(c if c.isalnum() else " " for c in key).split()) + " "
    found = {role for role, words in _ROLE_WORDS.items() if any(f" {w} " in tokens for w in words)}
    return found.pop() if len(found) == 1 else ""


def _values(node: Node, variables: dict[str, str]) -> dict[str, str]:
    values = {}
    for value in node.findall("VariableValue"):
        ref = value.find("VariableRef")
        name = variables.get(ref.get("targetGUID").strip().lower(), "") if ref is not None else ""
        content = next((c.text for c in value.children if c.tag.endswith("Value")), "")
        if name:
            values[label_key(name)] = clean_label(content)
    return values


def _person(case: Node | None, source_values: dict[str, str], variables: dict[str, str]) -> Person:
    person = Person()
    values = dict(source_values)
    name = ""
    if case is not None:
        values.update(_values(case, variables))
        name = clean_label(case.get("name"))
    for key, value in values.items():
        if key in _ROLE_VARIABLES and not person.speaker:
            person.speaker = role_of(value, whole=True) or role_of(value, whole=False)
        elif key in _PSEUDONYM_VARIABLES and PSEUDONYM.match(value) and not person.participant:
            person.participant = value
        elif key in _DYAD_VARIABLES and DYAD.match(value) and not person.dyad:
            person.dyad = value
    if name:
        person.speaker = person.speaker or role_of(name, whole=False)
        if not person.participant:
            if PSEUDONYM.match(name):
                person.participant = name
            else:
                person.unnamed = True
    return person


def person_for(source: Node, cases: list[Node], variables: dict[str, str]) -> Person:
    guid = source.get("guid").strip().lower()
    mine = [c for c in cases if any(r.get("targetGUID").strip().lower() == guid for r in c.findall("SourceRef"))]
    source_values = _values(source, variables)
    if len(mine) > 1:
        person = _person(None, source_values, variables)
        person.ambiguous = True
        return person
    return _person(mine[0] if mine else None, source_values, variables)


def person_for_selection(selection_guid: str, cases: list[Node], variables: dict[str, str]) -> Person | None:
    """A case that names this very selection (SelectionRef) says who speaks in it."""
    if not selection_guid:
        return None
    mine = [
        c
        for c in cases
        if any(r.get("targetGUID").strip().lower() == selection_guid for r in c.findall("SelectionRef"))
    ]
    return _person(mine[0], {}, variables) if len(mine) == 1 else None
