"""Benchmark: pybtex parse time vs our APA formatting beyond the parse.

Run:  .venv/bin/python bench/bench_references.py [--entries 5000] [--seed 7]

The library is synthetic, generated deterministically from the seed, with the
mix of features real libraries have (LaTeX accents, braces, math, group
authors, several entry types, same-author-same-year clusters).
Target: formatting beyond the parse <= 2 s for 5,000 entries.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pybtex.database import parse_string

from generator.core.references.bibparse import default_macros, parse_bib
from generator.core.references.library import _resolve_crossrefs, _unique, build_library

SURNAMES = [
    "Lavik",
    "Moltu",
    "Råbu",
    'M{\\"u}ller',
    "{\\O}st",
    "van der Berg",
    "de Jong",
    "Binder",
    "Sly",
    "Levitt",
    "Smith",
    "Nguyen",
    "García",
    "O'Neil",
    "Stiles-Shields",
    "Kim",
    "Hill",
]
GIVEN = ["Kristina Osland", "Christian", "Marit", "Per-Einar", "J. C.", "Anna", 'Lars-G{\\"o}ran', "C A"]
WORDS = [
    "alliance",
    "therapy",
    "Formation",
    "{COVID}-19",
    "qualitative",
    "Outcome",
    "\\emph{in vivo}",
    "process",
    "$\\alpha$",
    "Adolescents",
    "rupture",
    "Meta-Analysis",
    "client",
    "{Norway}",
    "\\&",
]
JOURNALS = ["Psychotherapy Research", "Journal of Psychotherapy Integration", "Frontiers in Psychology"]
TYPES = ["article"] * 6 + ["book", "incollection", "phdthesis", "techreport", "online", "misc"]


def synthetic_library(n: int, seed: int) -> str:
    rng = random.Random(seed)
    out = [f"% SYNTHETIC benchmark library: {n} generated entries (seed {seed}); not real references.\n"]
    for i in range(n):
        kind = rng.choice(TYPES)
        if rng.random() < 0.05:
            authors = "{{Synthetic Research Council}}"
        else:
            count = rng.choice([1, 2, 3, 5, 8, 25])
            authors = " and ".join(f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(count))
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        fields = {
            "author": authors,
            "title": f"{title}: A {rng.choice(WORDS)} study",
            "year": str(rng.randint(1990, 2024)),
        }
        if kind == "article":
            fields.update(
                journal=rng.choice(JOURNALS),
                volume=str(rng.randint(1, 60)),
                number=str(rng.randint(1, 12)),
                pages=f"{rng.randint(1, 400)}--{rng.randint(401, 900)}",
                doi=f"10.{rng.randint(1000, 9999)}/syn.{i}",
            )
        elif kind == "incollection":
            fields.update(
                booktitle="Handbook of {Synthetic} Studies",
                editor="Lambert, Michael J.",
                pages="1--20",
                publisher="Synthetic Press",
                edition="2",
            )
        elif kind in ("book", "techreport"):
            fields.update(publisher="Synthetic Press", institution="Synthetic Institute", number=str(i))
        elif kind == "phdthesis":
            fields["school"] = "University of Synthesis"
        else:
            fields.update(url=f"https://example.org/{i}", urldate="2020-03-03")
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
        out.append(f"@{kind}{{syn{i},\n{body}\n}}\n\n")
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    text = synthetic_library(args.entries, args.seed)

    start = time.perf_counter()
    data = parse_string(text, "bibtex")
    pybtex_parse = time.perf_counter() - start

    start = time.perf_counter()
    parsed = parse_bib(text, "synthetic.bib", default_macros())
    our_parse = time.perf_counter() - start

    start = time.perf_counter()
    diags = list(parsed.diagnostics)
    entries = _resolve_crossrefs(_unique(list(parsed.entries), diags), diags)
    library = build_library(entries, diags)
    formatting = time.perf_counter() - start

    print(f"entries: {len(data.entries)} parsed by pybtex, {len(library.ordered)} formatted, {len(diags)} diagnostics")
    print(f"pybtex parse_string:           {pybtex_parse:6.2f} s")
    print(f"our parse (pybtex scanner):    {our_parse:6.2f} s")
    print(f"formatting beyond the parse:   {formatting:6.2f} s  (target <= 2 s for 5,000)")
    print(f"ratio formatting / pybtex parse: {formatting / pybtex_parse:.2f}")
    return 0 if formatting <= 2.0 * args.entries / 5000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
