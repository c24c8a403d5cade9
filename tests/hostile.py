"""Context-breaking payloads, and SYNTHETIC poisoned records that carry them in every text field.

Every payload that became live markup or script would set the global ``PWNED`` (the browser test
checks that it stays unset). The name has no underscores or asterisks, so Markdown fields show it as
written. The records are synthetic, written by :func:`poisoned_records`; nothing here is real data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.schema import load_schema, record_types

JS = "PWNED=1"

#: Closing tags of every element that record text is written into, each followed by live markup.
CLOSERS = (
    f"</title><img src=x onerror={JS}>",
    f"</script><script>{JS}</script>",
    f"</style><img src=x onerror={JS}>",
    f"</textarea><img src=x onerror={JS}>",
    f"</text></svg><img src=x onerror={JS}>",
    f"</svg><svg onload={JS}>",
    f"</noscript><img src=x onerror={JS}>",
    f"<script>{JS}</script>",
    f'<iframe srcdoc="<script>parent.{JS}</script>"></iframe>',
    f"<!-- --><img src=x onerror={JS}>",
    f"]]><img src=x onerror={JS}>",
)
#: Every closer at once, short enough for the shortest text field (80 characters).
ALL_CLOSERS = f"</title></style></textarea></script></text></svg><img src=x onerror={JS}>"
#: Quote and bracket breakouts for attribute values, JSON strings and template literals.
BREAKOUTS = (
    f'"><img src=x onerror={JS}>',
    f"'><img src=x onerror={JS}>",
    f'" onmouseover="{JS}" x="',
    f"' onfocus='{JS}' autofocus x='",
    f'" autofocus onfocus="{JS}',
    f'"}});{JS};//',
    f"'}});{JS};//",
    f"${{{JS}}}",
    f"{{{{{JS}}}}}",
    f'{{: onclick="{JS}" }}',
)
#: Breakouts that use Markdown syntax characters (a backslash, a backtick): verbatim fields only.
VERBATIM_BREAKOUTS = (f'\\"}});{JS};//', f"`+({JS})+`", f"\\u003c/script\\u003e{JS}")
#: Script URLs in mixed case, with entities and with whitespace tricks.
URLS = (
    f"javascript:{JS}",
    f"JaVaScRiPt:{JS}",
    f"java&#x73;cript:{JS}",
    f"&#106;avascript:{JS}",
    f"jav&#x09;ascript:{JS}",
    f"data:text/html,<script>{JS}</script>",
    "DaTa:text/html;base64,PHNjcmlwdD5QV05FRD0xPC9zY3JpcHQ+",
    "vbscript:msgbox(1)",
    f"VbScRiPt:{JS}",
)
#: Text that is already escaped: it must stay visible exactly as written, not turn into markup.
ESCAPED = (
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    "&amp;lt;b&amp;gt;",
    f"&#60;img src=x onerror={JS}&#62;",
    f"&quot;&gt;&lt;svg onload={JS}&gt;",
    "&#x3C;/title&#x3E;",
)
#: Characters that look like syntax but are not: fullwidth and angle quotes, Cyrillic letters, invisible ones.
LOOKALIKES = (
    f"＜script＞{JS}＜／script＞",
    f"‹img src=x onerror={JS}›",
    f"ʺ＞＜svg onload={JS}＞",
    f"јavascript:{JS}",  # Cyrillic je
    f"java\u200bscript:{JS}",
    "\u202egnp.exe",
    "line\u2028separator\u2029paragraph",
)
#: Links in Markdown fields: the link text stays, the target must be dropped.
MARKDOWN_LINKS = (
    f"[a](javascript:{JS})",
    f"[b](JaVaScRiPt:{JS})",
    f"[c](java&#x73;cript:{JS})",
    "[d](data:text/html,PWNED)",
    f"[e](vbscript:{JS})",
    f"[f](<javascript:{JS}>)",
    f"![g](javascript:{JS})",
    f'[h]( JaVaScRiPt:{JS} "t")',
    f"<javascript:{JS}>",
)

TEXT_PAYLOADS = CLOSERS + BREAKOUTS + URLS + ESCAPED + LOOKALIKES
VERBATIM_PAYLOADS = (ALL_CLOSERS, *TEXT_PAYLOADS, *VERBATIM_BREAKOUTS, *MARKDOWN_LINKS)
MARKDOWN_PAYLOADS = (ALL_CLOSERS, *TEXT_PAYLOADS, *MARKDOWN_LINKS)
#: Payload classes by name, for reports.
CLASSES = {
    "closing tags": CLOSERS + (ALL_CLOSERS,),
    "quote and bracket breakouts": BREAKOUTS + VERBATIM_BREAKOUTS,
    "script URLs": URLS + MARKDOWN_LINKS,
    "already escaped": ESCAPED,
    "Unicode lookalikes": LOOKALIKES,
}

#: A field with no length limit gets at most this many characters.
LONGEST = 600


@dataclass(frozen=True)
class TextField:
    """A free-text field of one record kind: its path (``[]`` for each list item), limit and kind."""

    kind: str
    path: tuple[str, ...]
    max_length: int
    markdown: bool

    @property
    def name(self) -> str:
        return f"{self.kind}." + ".".join(self.path).replace(".[]", "[]")


def text_fields(schema: Mapping[str, Any] | None = None) -> list[TextField]:
    """Every free-text string field of every record kind, found by walking the JSON Schema.

    A string with a pattern, enum or const (ids, keys, dates, codes) is not free text.
    """
    schema = schema or load_schema()
    defs = schema["$defs"]
    found: list[TextField] = []

    def walk(kind: str, node: Mapping[str, Any], path: tuple[str, ...], markdown: bool) -> None:
        ref = node.get("$ref")
        if ref is not None:
            name = ref.rsplit("/", 1)[1]
            walk(kind, defs[name], path, markdown or name == "markdown")
            return
        if node.get("type") == "object":
            for key, sub in node.get("properties", {}).items():
                walk(kind, sub, (*path, key), False)
        elif node.get("type") == "array":
            walk(kind, node["items"], (*path, "[]"), False)
        elif node.get("type") == "string" and not {"pattern", "enum", "const"} & node.keys():
            found.append(TextField(kind, path, int(node.get("maxLength", LONGEST)), markdown))

    for kind in record_types():
        walk(kind, defs[kind], (), False)
    return found


def fit(tag: str, payloads: list[str], limit: int) -> tuple[str, list[str]]:
    """``tag`` and as many of ``payloads`` as fit in ``limit`` characters; the value and the payloads used."""
    used: list[str] = []
    value = tag
    for payload in payloads:
        if len(value) + 1 + len(payload) <= limit:
            value += " " + payload
            used.append(payload)
    return value, used


# ---- SYNTHETIC records: one of each kind and shape, every text field of them poisoned ----

STUDY, THEME, SUBTHEME, IMPLICATION = "hostile-study", "hostile-theme", "hostile-sub", "hostile-implication"
KEY = "hostile2020"
#: A citation key may hold anything but spaces, commas, braces and quotes (the schema's `bibkey`).
HOSTILE_KEY = f"k</title><img/src=x/onerror={JS}>"
#: An example theme of another study, for a relation across studies (both pages show it).
OTHER_THEME = "lavik-2018-initial-fears"


def skeletons() -> dict[str, list[dict[str, Any]]]:
    """Records with every structural field set and every kind of excerpt: kind -> records."""
    concern = {"concern": "minor"}
    study = {
        "type": "study",
        "id": STUDY,
        "reference": KEY,
        "perspectives": ["patient", "therapist"],
        "sample": {"dyads": 2, "participants": 4},
        "excerpts_cleared": True,
        "population": {"age_groups": ["adults"], "phases": ["first sessions"]},
        "citation_index": {"statements": 3, "supporting": 1, "mentioning": 2, "contrasting": 0},
    }
    theme = {
        "type": "theme",
        "id": THEME,
        "study": STUDY,
        "kind": "theme",
        "perspective": "both",
        "order": 1,
        "confidence": {
            "level": "moderate",
            "studies": [KEY, HOSTILE_KEY],
            **{part: dict(concern) for part in ("methodological_limitations", "coherence", "adequacy", "relevance")},
        },
        "relations": [{"kind": "supports", "theme": OTHER_THEME}],
        "excerpts": [
            {"id": "hostile-e1", "source": "interview", "speaker": "patient", "participant": "P01", "dyad": "D01"},
            {"id": "hostile-e2", "source": "interview", "speaker": "therapist", "participant": "T01", "dyad": "D01"},
            {"id": "hostile-e3", "source": "publication", "cites": {"key": HOSTILE_KEY}},
            {
                "id": "hostile-e4",
                "source": "citation statement",
                "stance": "contrasting",
                "cites": {"key": KEY},
                "citing": {"identification": "unknown"},
                "classifier_confidence": 80,
            },
        ],
    }
    subtheme = {"type": "theme", "id": SUBTHEME, "study": STUDY, "kind": "subtheme", "parent": THEME}
    subtheme["excerpts"] = [{"id": "hostile-e5", "source": "interview", "speaker": "patient"}]
    implication = {
        "type": "implication",
        "id": IMPLICATION,
        "audience": ["therapists", "trainers"],
        "grounded_in": [THEME, "hostile-e1"],
        "derived_by": "editors",
        "population": {"age_groups": ["adolescents"]},
    }
    # The site record replaces the example's (one per project); the glossary is added to the example's.
    site = {"type": "site", "editors": [{}], "reviewed": "2026-01-01", "licence": {}}
    glossary = {"type": "glossary", "terms": [{}], "synonyms": [{}]}
    return {
        "study": [study],
        "theme": [theme, subtheme],
        "implication": [implication],
        "site": [site],
        "glossary": [glossary],
    }


def _containers(record: dict[str, Any], path: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """The objects that hold the field at ``path`` (one per list item on the way)."""
    if len(path) == 1:
        yield record
        return
    head, rest = path[0], path[1:]
    value = record.get(head)
    if rest[0] == "[]":
        for item in value or ():
            yield from _containers(item, rest[1:]) if len(rest) > 1 else ()
    elif isinstance(value, dict):
        yield from _containers(value, rest)


def poisoned_records(values: Mapping[TextField, str]) -> dict[str, list[dict[str, Any]]]:
    """The skeletons with each field of ``values`` set in every place it can go.

    Raises AssertionError for a field that the skeletons have no place for (a new object or list in
    the schema): give the skeleton that object, so the new field is poisoned too.
    """
    records = skeletons()
    for field, value in values.items():
        # A list of texts (population conditions, glossary forms) is held by the object above the list.
        listed = field.path[-1] == "[]"
        path = field.path[:-1] if listed else field.path
        places = [c for record in records[field.kind] for c in _containers(record, path)]
        assert places, f"no {field.name} in the poisoned records: add its object to tests/hostile.py skeletons()"
        for place in places:
            place[path[-1]] = [value] if listed else value
    return records


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block YAML with every string as an escaped JSON string (valid YAML, any character safe)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:\n{to_yaml(item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {json.dumps(item)}")
        return "\n".join(lines)
    assert isinstance(value, list)
    lines = []
    for item in value:
        body = to_yaml(item, indent + 2) if isinstance(item, dict | list) else " " * (indent + 2) + json.dumps(item)
        lines.append(f"{pad}- {body.lstrip()}")
    return "\n".join(lines)


def latex(text: str) -> str:
    """Text as a BibTeX field value that decodes back to exactly this text (brace-protected from case changes)."""
    table = {
        "\\": "\\textbackslash{}",
        "{": "\\{",
        "}": "\\}",
        "&": "\\&",
        "%": "\\%",
        "$": "\\$",
        "#": "\\#",
        "_": "\\_",
        "~": "\\textasciitilde{}",
        "^": "\\textasciicircum{}",
    }
    return "{" + "".join(table.get(char, char) for char in text) + "}"


#: BibTeX fields poisoned in the synthetic entries (the references page shows them all).
BIB_FIELDS = ("title", "journal", "volume", "publisher", "note", "booktitle", "address")
#: Payloads for BibTeX. LaTeX turns `--` and backticks into dashes and quotes, and BibTeX counts
#: escaped braces too (an unbalanced one ends the field), so those are left out.
BIB_PAYLOADS = tuple(
    p for p in VERBATIM_PAYLOADS if "--" not in p and "`" not in p and "'" not in p and p.count("{") == p.count("}")
)


def poisoned_bib(values: Mapping[str, str], url: str) -> str:
    """A SYNTHETIC library: an article and a chapter whose fields hold ``values`` (``url`` is a script URL),
    and a book whose citation key is hostile."""
    author = latex(values["author"])
    article = "".join(f"  {name} = {{{latex(values[name])}}},\n" for name in ("title", "journal", "volume", "note"))
    chapter = "".join(f"  {name} = {{{latex(values[name])}}},\n" for name in ("booktitle", "publisher", "address"))
    return (
        "% SYNTHETIC entries with hostile text, written by tests/hostile.py\n"
        f"@article{{{KEY},\n  author = {{{author} and Doe, Jane}},\n{article}  year = {{2020}},\n"
        f'  url = {{{url}}},\n  doi = {{10.1234/x"><img src=x onerror={JS}>}},\n}}\n\n'
        f"@incollection{{{KEY}b,\n  author = {{Roe, Rita}},\n  title = {{Chapter}},\n  editor = {{{author}}},\n"
        f"{chapter}  year = {{2021}},\n  pages = {{1--2}},\n  howpublished = {{{url}}},\n}}\n\n"
        f"@book{{{HOSTILE_KEY},\n  author = {{Poe, Pat}},\n  title = {{Keyed}},\n  publisher = {{P}},\n"
        "  year = {2019},\n}\n"
    )
