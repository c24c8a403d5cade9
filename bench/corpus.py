"""Write a complete benchmark site folder: a deterministic SYNTHETIC corpus, or a copy of the examples.

    python bench/corpus.py --size M --out /tmp/bench-M [--seed 1]

Sizes:

* ``S``  - a copy of the repository's real example records (findings/, bib/); not synthetic.
* ``XS`` - 100 themes, 1,000 excerpts, 100 references (synthetic; for smoke tests).
* ``M``  - 1,000 themes, 10,000 excerpts, 1,000 references (synthetic).
* ``L``  - 5,000 themes, 50,000 excerpts, 5,000 references (synthetic).

Synthetic corpora have about one study per 10 themes, subthemes under part of the themes, one
implication per 10 themes grounded in themes and excerpts, relations across studies, summaries
citing synthetic bib entries, and excerpts with speaker, participant, dyad, source and locator.
All text is drawn from a small word list; nothing is a real quote, study or publication. Every
generated file says so (`# SYNTHETIC ...` in YAML, `% SYNTHETIC ...` in BibTeX, the site name).

Output depends only on the size and the seed: one seeded ``random.Random``, no clock, no
iteration over sets or hash order, fixed line endings.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Size:
    themes: int
    excerpts: int
    references: int

    @property
    def studies(self) -> int:
        return max(2, self.themes // 10)

    @property
    def implications(self) -> int:
        return max(1, self.themes // 10)


SYNTHETIC_SIZES: dict[str, Size] = {
    "XS": Size(themes=100, excerpts=1_000, references=100),
    "M": Size(themes=1_000, excerpts=10_000, references=1_000),
    "L": Size(themes=5_000, excerpts=50_000, references=5_000),
}
SIZES = ("S", *SYNTHETIC_SIZES)

# A small, neutral vocabulary: generated text is recognisably filler, never a real quote.
_WORD_TEXT = (
    "alliance ambivalence anchor anxious attune balance begin belief bond calm care change choice clear "
    "client close comfort common concern confide connect consistent contact contain context cope curious "
    "daily decide depend describe detail direct distance doubt early effort empathy engage equal expect "
    "explain explore fear feel first flexible focus follow frame gentle goal ground guide habit help "
    "hesitate honest hope humour idea impression insight invite joint judge kind knowledge language "
    "learn limit listen manage meaning meet mirror moment mutual name need notice offer open pace "
    "pattern pause plan presence pressure process question quiet reach ready reassure recall reflect "
    "relate relief repair respect respond rhythm risk role routine rupture safety secure sense session "
    "setting shame share silence skill slow space speak stable step story strength structure support "
    "surprise task tempo tension therapist thought together tone trust turn understand value voice "
    "wait warmth welcome wish withdraw wonder words work worry"
)
WORDS = tuple(_WORD_TEXT.split())
_SURNAME_TEXT = (
    "Aalto Berg Castell Dahl Eklund Falk Gran Holm Isaksen Jensen Kvist Lund Moe Nyberg Olsen Pettersen "
    "Quist Rask Strand Tveit Ulven Vik Wold Yttri Zeller Amundsen Bakke Carlsen Dale Eide Fjeld Gjerde "
    "Haug Iversen Johansen Karlsen Lie Myhre Nilsen Ommundsen Pedersen Rud Sande Thorsen Ueland Vang"
)
SURNAMES = tuple(_SURNAME_TEXT.split())
JOURNALS = (
    "Journal of Synthetic Process Research",
    "Synthetic Psychotherapy Quarterly",
    "Benchmark Studies in Counselling",
    "Placeholder Review of Clinical Practice",
    "Generated Journal of Qualitative Methods",
)
PUBLISHERS = ("Synthetic Press", "Placeholder Academic", "Benchmark House")
DESIGNS = (
    "qualitative interview study",
    "qualitative dyadic interview study",
    "qualitative dual-perspective study with interpersonal process recall",
    "qualitative meta-analysis",
    "case study of session recordings",
)
ANALYSES = ("thematic analysis", "interpretative phenomenological analysis", "grounded theory", "content analysis")
SETTINGS = ("an outpatient clinic", "routine care", "a university counselling service", "an inpatient unit")
MOMENTS = (
    "first sessions",
    "ruptures",
    "ending therapy",
    "assessment",
    "between sessions",
    "supervision",
    "training",
    "",  # no moment: grouped under the default heading
)
ROLES = ("patient", "therapist", "family member", "other")
RELATION_KINDS = ("supports", "contrasts", "extends")
AUDIENCES = ("therapists", "services", "trainers", "researchers")


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int, width: int = 88) -> list[str]:
    """A folded ``>-`` block scalar body, wrapped at ``width`` like the real records."""
    pad = " " * indent
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(pad) + len(current) + 1 + len(word) > width:
            lines.append(pad + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(pad + current)
    return lines


@dataclass
class Reference:
    key: str
    surnames: list[str]
    initials: list[str]
    year: int
    title: str
    kind: str  # article | book | incollection
    index: int


@dataclass
class ThemeSpec:
    id: str
    study: str
    title: str
    kind: str
    parent: str = ""
    order: int | None = None
    perspective: str = ""
    excerpts: int = 0
    excerpt_ids: list[str] = field(default_factory=list)


class Generator:
    def __init__(self, size: Size, seed: int):
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)
        self.cleared: dict[str, bool] = {}  # study id -> excerpts_cleared
        self.counts = {"draft or embargoed records": 0}
        self.header = (
            f"# SYNTHETIC record generated by bench/corpus.py (seed {seed})\n"
            "# Invented benchmark filler: not real research data, quotes or publications."
        )

    # -- text -----------------------------------------------------------------------------------------
    def words(self, low: int, high: int) -> list[str]:
        return [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]

    def title(self, low: int = 3, high: int = 8) -> str:
        text = " ".join(self.words(low, high))
        return text[:1].upper() + text[1:]

    def sentence(self, low: int = 8, high: int = 20, cite: str = "") -> str:
        words = self.words(low, high)
        if self.rng.random() < 0.3:
            cut = self.rng.randint(2, len(words) - 1)
            words[cut - 1] += ","
        text = " ".join(words)
        text = text[:1].upper() + text[1:]
        return f"{text} {cite}." if cite else f"{text}."

    def paragraph(self, sentences: int, cites: list[str]) -> str:
        """``sentences`` sentences; each citation in ``cites`` closes one of them."""
        out = []
        for i in range(sentences):
            cite = cites[i] if i < len(cites) else ""
            out.append(self.sentence(cite=cite))
        out.extend(self.sentence(cite=c) for c in cites[sentences:])
        return " ".join(out)

    def citation(self, key: str) -> str:
        """One of the citation forms records use: [@key], [@key, p. N], [@a; @b] is built by callers."""
        if self.rng.random() < 0.25:
            return f"[@{key}, p. {self.rng.randint(1, 40)}]"
        return f"[@{key}]"

    # -- references ------------------------------------------------------------------------------------
    def references(self) -> list[Reference]:
        refs: list[Reference] = []
        used: set[str] = set()
        for index in range(self.size.references):
            count = self.rng.choice((1, 2, 2, 3, 3, 4, 5, 6))
            surnames = [self.rng.choice(SURNAMES) for _ in range(count)]
            initials = [
                ". ".join(self.rng.choice("ABCDEFGHIJKLMNOPRSTV") for _ in range(self.rng.randint(1, 2))) + "."
                for _ in range(count)
            ]
            year = self.rng.randint(1995, 2024)
            title = self.title(5, 12)
            key = f"{surnames[0].lower()}{year}{title.split()[0].lower()}"
            suffix = 2
            base = key
            while key in used:
                key = f"{base}{suffix}"
                suffix += 1
            used.add(key)
            kind = self.rng.choices(("article", "book", "incollection"), weights=(8, 1, 1))[0]
            refs.append(Reference(key, surnames, initials, year, title, kind, index))
        return refs

    def bibtex(self, refs: list[Reference]) -> str:
        out = [
            f"% SYNTHETIC bibliography generated by bench/corpus.py (seed {self.seed}).",
            "% Every entry is invented: no real authors, titles, journals or DOIs.",
            "",
        ]
        for ref in refs:
            authors = " and ".join(f"{s}, {i}" for s, i in zip(ref.surnames, ref.initials, strict=True))
            fields = [("author", authors), ("title", ref.title), ("year", str(ref.year))]
            if ref.kind == "article":
                fields += [
                    ("journal", JOURNALS[ref.index % len(JOURNALS)]),
                    ("volume", str(ref.year - 1990)),
                    ("number", str(1 + ref.index % 4)),
                    ("pages", f"{10 + ref.index % 300}--{25 + ref.index % 300}"),
                    ("doi", f"10.0000/synthetic.{ref.index:06d}"),
                ]
            elif ref.kind == "book":
                fields += [("publisher", PUBLISHERS[ref.index % len(PUBLISHERS)])]
            else:
                fields += [
                    ("booktitle", "Synthetic handbook of " + " ".join(self.words(2, 4))),
                    ("editor", f"{self.rng.choice(SURNAMES)}, E."),
                    ("publisher", PUBLISHERS[ref.index % len(PUBLISHERS)]),
                    ("pages", f"{1 + ref.index % 200}--{20 + ref.index % 200}"),
                ]
            width = max(len(name) for name, _ in fields)
            out.append(f"@{ref.kind}{{{ref.key},")
            out += [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
            out[-1] = out[-1].rstrip(",")
            out += ["}", ""]
        return "\n".join(out)

    # -- records ---------------------------------------------------------------------------------------
    def build(self, out: Path) -> dict[str, int]:
        size, rng = self.size, self.rng
        refs = self.references()
        n_studies = min(size.studies, len(refs))
        study_refs = refs[:n_studies]
        extra_refs = refs[n_studies:]  # cited from theme summaries and excerpts, so every entry is cited

        # Studies, ids like real ones: <surname>-<year>, made unique with a counter.
        study_ids: list[str] = []
        seen_ids: set[str] = set()
        for ref in study_refs:
            base = f"{ref.surnames[0].lower()}-{ref.year}"
            sid, n = base, 2
            while sid in seen_ids:
                sid, n = f"{base}-{n}", n + 1
            seen_ids.add(sid)
            study_ids.append(sid)

        # Themes: spread evenly over studies; ~60% top level, the rest subthemes (a few two levels deep).
        themes: list[ThemeSpec] = []
        per_study: dict[str, list[ThemeSpec]] = {sid: [] for sid in study_ids}
        for s_index, sid in enumerate(study_ids):
            count = size.themes // n_studies + (1 if s_index < size.themes % n_studies else 0)
            top_count = max(1, round(count * 0.6))
            top: list[ThemeSpec] = []
            children: dict[str, int] = {}
            for t_index in range(count):
                tid = f"{sid}-{rng.choice(WORDS)}-{rng.choice(WORDS)}-{t_index + 1:02d}"
                perspective = rng.choice(("patient", "therapist", "both", "both", "family member", "other", ""))
                if t_index < top_count:
                    kind = rng.choices(("theme", "overarching", "metatheme"), weights=(7, 2, 1))[0]
                    order = t_index + 1 if rng.random() < 0.9 else None
                    spec = ThemeSpec(tid, sid, self.title(), kind, order=order, perspective=perspective)
                    top.append(spec)
                else:
                    pool = [*top, *(t for t in per_study[sid] if t.parent and rng.random() < 0.1)]
                    parent = rng.choice(pool)
                    children[parent.id] = children.get(parent.id, 0) + 1
                    order = children[parent.id] if rng.random() < 0.9 else None
                    spec = ThemeSpec(
                        tid, sid, self.title(), "subtheme", parent=parent.id, order=order, perspective=perspective
                    )
                per_study[sid].append(spec)
                themes.append(spec)

        # Excerpts: exactly size.excerpts, at least one per theme, the rest at random.
        for theme in themes:
            theme.excerpts = 1
        for _ in range(size.excerpts - len(themes)):
            rng.choice(themes).excerpts += 1
        for theme in themes:
            theme.excerpt_ids = [f"{theme.id}-e{j + 1:02d}" for j in range(theme.excerpts)]

        by_study_ref = dict(zip(study_ids, study_refs, strict=True))
        findings = out / "findings"
        position = {theme.id: index for index, theme in enumerate(themes)}
        for sid in study_ids:
            folder = findings / sid
            folder.mkdir(parents=True, exist_ok=True)
            self.write(folder / "study.yml", self.study_record(sid, by_study_ref[sid]))
            for theme in per_study[sid]:
                extra = extra_refs[position[theme.id] % len(extra_refs)] if extra_refs else None
                lines = self.theme_record(theme, by_study_ref[sid], extra, themes, by_study_ref, refs)
                self.write(folder / f"{theme.id}.yml", lines)

        # Extra references beyond one per theme still need a citation: cite them from implications.
        uncited = extra_refs[len(themes) :]
        implications = findings / "implications"
        implications.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for i in range(size.implications):
            keys = uncited[i :: size.implications]
            iid, lines = self.implication_record(i, themes, by_study_ref, keys, used)
            self.write(implications / f"{iid}.yml", lines)

        bib = out / "bib"
        bib.mkdir(parents=True, exist_ok=True)
        (bib / "library.bib").write_text(self.bibtex(refs), encoding="utf-8", newline="\n")
        return {
            "studies": n_studies,
            "themes": len(themes),
            "excerpts": sum(t.excerpts for t in themes),
            "implications": size.implications,
            "references": len(refs),
            **self.counts,
        }

    def write(self, path: Path, lines: list[str]) -> None:
        text = "\n".join([self.header, "", *lines]) + "\n"
        path.write_text(text, encoding="utf-8", newline="\n")

    def publication(self, draft: float, lines: list[str]) -> None:
        """Mostly published; a few drafts and embargoes (far past or far future, so the clock never matters)."""
        roll = self.rng.random()
        if roll < draft:
            lines.append("status: draft")
            self.counts["draft or embargoed records"] += 1
        elif roll < draft * 1.5:
            lines.append('embargo: "2999-01-01"')
            self.counts["draft or embargoed records"] += 1
        elif roll < draft * 2:
            lines.append('embargo: "2001-01-01"')

    def study_record(self, sid: str, ref: Reference) -> list[str]:
        rng = self.rng
        dyads = rng.randint(4, 30)
        lines = [
            "type: study",
            f"id: {sid}",
            f"title: {_quote(self.title(3, 7))}",
            f"reference: {ref.key}",
            f"design: {_quote(rng.choice(DESIGNS))}",
            "sample:",
            f"  description: {_quote(f'{dyads} synthetic patient–therapist dyads')}",
            f"  dyads: {dyads}",
            f"  participants: {dyads * 2}",
        ]
        if rng.random() < 0.8:
            lines.append(f"setting: {_quote(rng.choice(SETTINGS))}")
        lines += [
            f"analysis: {_quote(rng.choice(ANALYSES))}",
            "perspectives:",
            "  - patient",
            "  - therapist",
            "summary: >-",
            *_block(self.paragraph(rng.randint(3, 6), [self.citation(ref.key)]), 2),
        ]
        # Most studies clear all participant excerpts at once; the rest clear each excerpt.
        self.cleared[sid] = rng.random() < 0.85
        if self.cleared[sid]:
            lines.append("excerpts_cleared: true")
        self.publication(0.01, lines)
        return lines

    def theme_record(
        self,
        theme: ThemeSpec,
        study_ref: Reference,
        extra: Reference | None,
        themes: list[ThemeSpec],
        by_study_ref: dict[str, Reference],
        refs: list[Reference],
    ) -> list[str]:
        rng = self.rng
        lines = [
            "type: theme",
            f"id: {theme.id}",
            f"study: {theme.study}",
            f"title: {_quote(theme.title)}",
            f"kind: {theme.kind}",
        ]
        if theme.parent:
            lines.append(f"parent: {theme.parent}")
        if theme.perspective:
            lines.append(f"perspective: {theme.perspective}")
        if theme.order is not None:
            lines.append(f"order: {theme.order}")
        self.publication(0.02, lines)
        cites = [self.citation(study_ref.key)]
        if extra is not None:
            cites.append(f"[@{study_ref.key}; @{extra.key}]" if rng.random() < 0.3 else self.citation(extra.key))
        lines += ["summary: >-", *_block(self.paragraph(rng.randint(2, 4), cites), 2)]
        if not theme.parent and rng.random() < 0.2:
            lines += self.confidence(study_ref, extra)
        lines.append("excerpts:")
        participants = rng.randint(6, 24)
        cleared = self.cleared[theme.study]
        for excerpt_id in theme.excerpt_ids:
            lines += self.excerpt(excerpt_id, participants, study_ref, refs, cleared)
        if rng.random() < 0.3 and len(by_study_ref) > 1:
            lines.append("relations:")
            targets: list[str] = []
            for _ in range(rng.randint(1, 2)):
                other = rng.choice(themes)
                while other.study == theme.study or other.id in targets:
                    other = rng.choice(themes)
                targets.append(other.id)
                lines += [f"  - kind: {rng.choice(RELATION_KINDS)}", f"    theme: {other.id}"]
                if rng.random() < 0.8:
                    other_key = by_study_ref[other.study].key
                    note = self.sentence(cite="") + f" Compare @{other_key} with @{study_ref.key}."
                    lines += ["    note: >-", *_block(note, 6)]
        return lines

    def confidence(self, study_ref: Reference, extra: Reference | None) -> list[str]:
        """A GRADE-CERQual assessment, as a review would record it."""
        rng = self.rng
        levels = ("high", "moderate", "low", "very low")
        concerns = ("no or very minor", "minor", "moderate", "serious")
        lines = [
            "confidence:",
            f"  level: {_quote(rng.choice(levels))}",
            "  explanation: >-",
            *_block(self.paragraph(rng.randint(1, 2), [self.citation(study_ref.key)]), 4),
        ]
        for component in ("methodological_limitations", "coherence", "adequacy", "relevance"):
            if rng.random() < 0.8:
                lines += [f"  {component}:", f"    concern: {_quote(rng.choice(concerns))}"]
                if rng.random() < 0.5:
                    lines += ["    explanation: >-", *_block(self.sentence(), 6)]
        if extra is not None and rng.random() < 0.5:
            lines += ["  studies:", f"    - {study_ref.key}", f"    - {extra.key}"]
        lines.append(f"  assessed_by: {_quote('synthetic review team')}")
        return lines

    def excerpt(
        self, excerpt_id: str, participants: int, study_ref: Reference, refs: list[Reference], cleared: bool
    ) -> list[str]:
        rng = self.rng
        kinds = ("interview", "session recording", "publication", "citation statement")
        source = rng.choices(kinds, weights=(6, 3, 1, 0.3))[0]
        text = " ".join(self.words(12, 70))
        if rng.random() < 0.1:  # some excerpts span lines, like a transcript turn
            text += "\n" + " ".join(self.words(5, 25))
        lines = [f"  - id: {excerpt_id}", f"    text: {_quote(text)}"]
        if source in ("interview", "session recording"):
            if rng.random() < 0.99:
                speaker = rng.choices(ROLES, weights=(10, 8, 1, 1))[0]
                lines.append(f"    speaker: {speaker}")
                letter = {"patient": "P", "therapist": "T", "family member": "F", "other": "O"}[speaker]
                lines.append(f"    participant: {letter}{rng.randint(1, participants):02d}")
            if rng.random() < 0.6:
                lines.append(f"    dyad: D{rng.randint(1, participants // 2 + 1):02d}")
        lines.append(f"    source: {source}")
        if source in ("interview", "session recording") and not cleared:
            lines.append("    cleared: true")
        if source == "interview":
            start = rng.randint(1, 900)
            lines.append(f"    locator: {_quote(f'l. {start}-{start + rng.randint(2, 30)}')}")
        elif source == "session recording":
            seconds = rng.randint(0, 3000)
            lines.append(f"    locator: {_quote(f'{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}')}")
        else:
            key = study_ref.key if source == "publication" else rng.choice(refs).key
            lines += ["    cites:", f"      key: {key}", f"      page: {_quote(f'p. {rng.randint(1, 40)}')}"]
        if source == "citation statement":
            lines.append(f"    stance: {rng.choice(('supporting', 'mentioning', 'contrasting'))}")
            lines.append(f"    section: {rng.choice(('introduction', 'methods', 'results', 'discussion', 'other'))}")
            lines.append("    citing:")
            if rng.random() < 0.7:
                identification = rng.choice(("confirmed", "probable"))
                lines.append(f"      key: {rng.choice(refs).key}")
            else:
                identification = "unknown"
                lines.append(f"      description: {_quote('unidentified synthetic paper')}")
            lines.append(f"      identification: {identification}")
            if rng.random() < 0.5:
                lines += [
                    f"    classifier_confidence: {rng.randint(50, 99)}",
                    "    classified_by: synthetic-classifier",
                ]
        return lines

    def implication_record(
        self,
        index: int,
        themes: list[ThemeSpec],
        by_study_ref: dict[str, Reference],
        extra_keys: list[Reference],
        used: set[str],
    ) -> tuple[str, list[str]]:
        rng = self.rng
        base = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{rng.choice(WORDS)}"
        iid = f"{base}-{index + 1:04d}"
        used.add(iid)
        targets: list[str] = []
        grounding_themes: list[ThemeSpec] = []
        for _ in range(rng.randint(2, 5)):
            theme = rng.choice(themes)
            target = theme.id if rng.random() < 0.5 else rng.choice(theme.excerpt_ids)
            if target not in targets:
                targets.append(target)
                grounding_themes.append(theme)
        statement = self.paragraph(rng.randint(1, 2), [])
        cites = [self.citation(by_study_ref[t.study].key) for t in grounding_themes[:2]]
        cites += [self.citation(ref.key) for ref in extra_keys]
        lines = ["type: implication", f"id: {iid}"]
        if rng.random() < 0.8:
            lines.append(f"title: {_quote(self.title(3, 8))}")
        lines += ["statement: >-", *_block(statement, 2), "audience:"]
        audience = [a for a in AUDIENCES if rng.random() < 0.5] or ["therapists"]
        lines += [f"  - {a}" for a in audience]
        moment = rng.choice(MOMENTS)
        if moment:
            lines.append(f"moment: {_quote(moment)}")
        lines += ["grounded_in:", *(f"  - {t}" for t in targets)]
        lines.append(f"derived_by: {rng.choice(('authors', 'editors'))}")
        self.publication(0.03, lines)
        lines += ["rationale: >-", *_block(self.paragraph(rng.randint(1, 3), cites), 2)]
        return iid, lines


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` values (the published site_url) a benchmark site does not use."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def site_config(size: str, seed: int | None) -> dict[str, Any]:
    """mkdocs.yml for a benchmark site: the repository's theme, plugins and Markdown extensions."""
    repo = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    theme = dict(repo.get("theme") or {"name": "material"})
    features = list(theme.get("features") or [])
    if "navigation.prune" not in features:
        features.insert(0, "navigation.prune")
    theme["features"] = features
    if seed is None:
        name = f"Benchmark {size}: copy of the repository's example records (not synthetic)"
    else:
        name = f"SYNTHETIC benchmark corpus {size} (seed {seed}) - invented data, not research findings"
    config: dict[str, Any] = {
        "site_name": name,
        "site_description": "Benchmark site generated by bench/corpus.py.",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "plugins": repo.get("plugins") or ["search", "findings"],
        "markdown_extensions": repo.get("markdown_extensions") or [],
    }
    if "validation" in repo:
        config["validation"] = repo["validation"]
    return config


def write_config(out: Path, config: dict[str, Any], note: str) -> None:
    text = f"# {note}\n" + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8", newline="\n")


def make_site(size: str, out: Path, seed: int = 1) -> dict[str, int]:
    """Write the site folder for ``size`` into ``out`` (which must not exist or be empty); return counts."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose from {', '.join(SIZES)}")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir()
    if size == "S":
        shutil.copytree(REPO / "findings", out / "findings")
        shutil.copytree(REPO / "bib", out / "bib")
        write_config(out, site_config(size, None), "Benchmark site S: a copy of the repository's example records.")
        counts = {"files": sum(1 for _ in (out / "findings").rglob("*.y*ml"))}
    else:
        generator = Generator(SYNTHETIC_SIZES[size], seed)
        counts = generator.build(out)
        write_config(out, site_config(size, seed), f"SYNTHETIC site generated by bench/corpus.py (seed {seed}).")
        (out / "SYNTHETIC.txt").write_text(
            f"Everything in this folder was generated by bench/corpus.py --size {size} --seed {seed}.\n"
            "It is invented filler for benchmarks: not real studies, quotes or publications.\n",
            encoding="utf-8",
        )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", choices=SIZES, required=True)
    parser.add_argument("--out", required=True, type=Path, help="folder to create (must not exist or be empty)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        counts = make_site(args.size, args.out, args.seed)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.size} -> {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
