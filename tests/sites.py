"""Making, building and reading test sites: the one helper for every test that builds a site.

Make a project:
    ``write_tree(root, files)`` writes ``{path: text or bytes}`` into a folder (the ``project`` fixture of
    conftest.py does it in ``tmp_path``). ``project_files(**overrides)`` is a small SYNTHETIC project
    (mkdocs.yml, one study, theme and implication, a library, a hand-written page);
    ``pagefind_project()`` the same searched by Pagefind. ``copy_example(root, *settings)`` copies the
    example site (records, library, docs) with the repository's own mkdocs.yml, and ``synthetic_site``
    writes a benchmark corpus (bench/corpus.py, invented data).
Build it:
    ``mkdocs_build(root, *options)`` runs ``mkdocs build --strict`` (or ``builder="properdocs"``);
    ``findings_build(root, out)`` runs ``findings build --out``; ``findings(*args, cwd=root)`` any
    ``findings`` command. Each returns the finished process and fails the test, with the builder's
    output, when the exit code is not ``expect`` (``expect=None`` leaves that to the caller).
    The ``example_site`` fixture (conftest.py) is the repository's example built once per worker.
Read what was built:
    ``page_html(site, path)`` is one page's HTML; ``read_site(site)`` parses every page (ids, links, headings,
    scripts) and ``broken_links(site, pages)`` lists links and anchors that do not resolve.

Strict by default, and never more lenient than what ships: builds pass ``--strict``, and the synthetic
mkdocs.yml carries the repository's own ``validation:`` settings, so a warning a user's build would fail
on fails the test too. (A copy of the whole repository for running its commands is ``repo_copy.py``.)
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The build date of the ``example_site`` fixture (2025-12-06 UTC): pages that show it are reproducible.
EXAMPLE_EPOCH = "1765000000"
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1"}  # Material's notice about MkDocs 2.0 on every build

# --- making a project ---------------------------------------------------------------------------------------------


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (made as needed); returns ``root``."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def _shipped_validation() -> str:
    """The `validation:` section of the repository's mkdocs.yml, as written (it is the last section)."""
    shipped = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^validation:\n(?:[ #].*\n|\n)*", shipped, re.M)
    assert found is not None, "mkdocs.yml has no validation: section; the synthetic config copies it"
    return found.group(0).rstrip("\n") + "\n"


BIB = """% SYNTHETIC test library
@article{smith2020alliance,
  author = {Smith, Jane and Doe, John},
  title = {A synthetic study of alliance},
  journal = {Synthetic Journal},
  year = {2020},
}
"""

STUDY = """type: study
id: s1
title: Synthetic study
reference: smith2020alliance
design: qualitative interview study
excerpts_cleared: true
summary: A synthetic study [@smith2020alliance].
"""

THEME = """type: theme
id: t1
study: s1
title: Feeling heard
kind: theme
excerpts:
  - id: t1-e1
    text: Synthetic words of a patient.
    speaker: patient
    source: interview
"""

IMPLICATION = """type: implication
id: listen
statement: Listen before you advise.
audience: [therapists]
grounded_in: [t1-e1]
derived_by: editors
"""

MKDOCS_YML = """site_name: Synthetic test site
repo_url: https://example.org/team/repo
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features: [navigation.prune, content.action.edit]
plugins:
  - findings
markdown_extensions:
  - attr_list
  - toc:
      toc_depth: 2
""" + _shipped_validation()

# A subtheme with a therapist's excerpt: its role shows on the page of its top-level theme.
SUBTHEME = """type: theme
id: t1a
study: s1
parent: t1
title: Being believed
kind: subtheme
excerpts:
  - id: t1a-e1
    text: Synthetic words of a therapist about believing.
    speaker: therapist
    source: interview
"""


def project_files(**overrides: str) -> dict[str, str | bytes]:
    """The SYNTHETIC project: ``overrides`` replace or add files (``{"findings/s1/t2.yml": ...}``)."""
    files: dict[str, str | bytes] = {
        "mkdocs.yml": MKDOCS_YML,
        "docs/about.md": "# About\n\nA hand-written page.\n",
        "bib/library.bib": BIB,
        "findings/s1/study.yml": STUDY,
        "findings/s1/t1.yml": THEME,
        "findings/implications/listen.yml": IMPLICATION,
    }
    files.update(overrides)
    return files


def pagefind_project(search: str = "pagefind", **overrides: str) -> dict[str, str | bytes]:
    """The synthetic project with a subtheme, MkDocs' search plugin and the findings plugin's ``search`` setting."""
    config = MKDOCS_YML.replace("  - findings\n", f"  - search\n  - findings:\n      search: {search}\n")
    return project_files(**{"mkdocs.yml": config, "findings/s1/t1a.yml": SUBTHEME, **overrides})


def example_config(*settings: str) -> str:
    """The example site's mkdocs.yml with extra settings (``"name: value"``) for the findings plugin."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    extra = "".join(f"      {setting}\n" for setting in settings)
    changed = config.replace("      bib: bib\n", "      bib: bib\n" + extra, 1)
    assert changed != config or not settings, "the plugin's settings are not where they were"
    return changed


def copy_example(root: Path, *settings: str) -> Path:
    """The example site (records, library, docs) copied to ``root``, its plugin given ``settings``."""
    for name in ("findings", "bib", "docs"):
        shutil.copytree(REPO / name, root / name)
    (root / "mkdocs.yml").write_text(example_config(*settings), encoding="utf-8")
    return root


def synthetic_site(size: str, out: Path, seed: int) -> Path:
    """A complete SYNTHETIC site folder from bench/corpus.py (invented data), as the benchmarks use."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))  # dataclasses look it up
    spec.loader.exec_module(module)
    module.make_site(size, out, seed=seed)
    return out


# --- building it -------------------------------------------------------------------------------------------------


def _run(
    command: list[str], cwd: Path, env: Mapping[str, str] | None, expect: int | None
) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        command, cwd=cwd, env={**os.environ, **QUIET_MKDOCS, **(env or {})}, capture_output=True, text=True
    )
    if expect is not None and run.returncode != expect:
        shown = " ".join(command[2:] if command[0] == sys.executable else command)
        pytest.fail(
            f"`{shown}` in {cwd} exited {run.returncode}, not {expect}:\n{run.stdout}\n{run.stderr}", pytrace=False
        )
    return run


def mkdocs_build(
    root: Path,
    *options: str,
    strict: bool = True,
    quiet: bool = True,
    builder: str = "mkdocs",
    env: Mapping[str, str] | None = None,
    expect: int | None = 0,
) -> subprocess.CompletedProcess[str]:
    """``BUILDER build [--strict] [--quiet] OPTIONS`` in ``root`` (its mkdocs.yml); ``quiet=False`` keeps the log."""
    flags = [*(["--strict"] if strict else []), *(["--quiet"] if quiet else [])]
    return _run([sys.executable, "-m", builder, "build", *flags, *options], root, env, expect)


def findings(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None, expect: int | None = 0
) -> subprocess.CompletedProcess[str]:
    """The ``findings`` command (``python -m generator ARGS``) run in ``cwd``."""
    return _run([sys.executable, "-m", "generator", *args], cwd, env, expect)


def findings_build(
    root: Path, out: Path | str, *options: str, env: Mapping[str, str] | None = None, expect: int | None = 0
) -> subprocess.CompletedProcess[str]:
    """``findings build --out OUT`` in ``root``: the pages as Markdown, for a builder without the plugin."""
    return findings("build", *options, "--out", str(out), cwd=root, env=env, expect=expect)


# --- reading what was built --------------------------------------------------------------------------------------


def page_html(site: Path, path: str) -> str:
    """The HTML of one built page (``path`` relative to the site folder)."""
    return (site / path).read_text(encoding="utf-8")


@dataclass
class HtmlPage:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    event_attributes: list[str] = field(default_factory=list)
    headings: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, id, text)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self._heading: list[str] | None = None
        self._heading_tag = ("", "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.page.links.append(values["href"] or "")
        if tag == "script":
            self.page.scripts.append(values.get("src") or "<inline>")
        self.page.event_attributes += [f"{tag}[{name}]" for name, _ in attrs if name.startswith("on")]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []
            self._heading_tag = (tag, values.get("id") or "")

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == self._heading_tag[0]:
            self.page.headings.append((*self._heading_tag, "".join(self._heading).strip()))
            self._heading = None


def parse_html(path: Path) -> HtmlPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def read_site(site: Path) -> dict[str, HtmlPage]:
    """Site-relative path of each HTML file -> its parsed contents."""
    return {p.relative_to(site).as_posix(): parse_html(p) for p in sorted(site.rglob("*.html"))}


def broken_links(site: Path, pages: dict[str, HtmlPage]) -> list[str]:
    """Every internal link or anchor that does not resolve, as 'page -> href'."""
    problems = []
    for page_path, parsed in pages.items():
        if page_path == "404.html":  # served from any depth, so MkDocs writes root-absolute links there
            continue
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = (
                page_path
                if not parts.path
                else posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
            )
            if parts.path.endswith("/") or (parts.path and (site / target).is_dir()):
                target = posixpath.join(target, "index.html")
            if target not in pages:
                if not (site / target).exists():
                    problems.append(f"{page_path} -> {href} (no such file)")
                continue
            if parts.fragment and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{page_path} -> {href} (no such anchor)")
    return problems
