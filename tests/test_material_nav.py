"""The navigation written in Python (generator/adapters/mkdocs/material_nav.py) is Material's, page for page.

Each case builds the same site twice, once with Material's own `partials/nav-item.html` and once with the
Python one, and requires every HTML page to be identical once runs of whitespace are made single spaces
(Material's template indents; the Python writer does not). The raw pages must differ, which shows the
Python writer was used at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .sites import copy_example, mkdocs_build, synthetic_site, write_tree

HOOK = """from generator.adapters.mkdocs.material_nav import install


def on_env(env, config, files):
    return install(env, config)
"""

HAND_WRITTEN = {
    "docs/index.md": "# Home\n\nA hand-written site to compare navigation with.\n",
    "docs/about.md": "Notes without a heading of their own.\n\n## First part\n\n## Second part & more\n",
    "docs/guide/index.md": "# Guide\n\n## Before you start\n\n### Things to have\n\n## Steps\n",
    "docs/guide/install.md": "# Installing\n\n## With <code>pip</code>\n\nText.\n",
    "docs/guide/deep/one.md": "# One\n\n## Part\n",
    "docs/guide/deep/two.md": "# Two\n",
    "docs/notes/a.md": "# Note A\n",
    "docs/notes/b.md": "# Note B\n\n## Only part\n",
}
HAND_NAV = [
    "index.md",
    {"About this site": "about.md"},
    {"Guide": ["guide/index.md", "guide/install.md", {"Deeper": ["guide/deep/one.md", "guide/deep/two.md"]}]},
    {"Notes": ["notes/a.md", "notes/b.md", {"Elsewhere": "https://example.org/docs/"}]},
    {"Empty section": []},
]


def normalized(html: str) -> str:
    return " ".join(html.split())


def pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def assert_same_pages(material: Path, python: Path) -> None:
    before, after = pages(material), pages(python)
    assert sorted(before) == sorted(after)
    differing = [name for name in before if normalized(before[name]) != normalized(after[name])]
    for name in differing[:1]:  # show where the first difference is
        a, b = normalized(before[name]), normalized(after[name])
        at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
        shown = f"Material: …{a[at - 200 : at + 200]}\nPython:   …{b[at - 200 : at + 200]}"
        pytest.fail(f"{name} differs at character {at}:\n{shown}")
    unchanged = [name for name in before if before[name] == after[name]]
    assert not unchanged, f"the Python writer was not used on {unchanged[:5]}"  # every page has a navigation


def hand_written_site(root: Path, features: list[str], python: bool) -> Path:
    config = {
        "site_name": "Navigation comparison",
        "theme": {"name": "material", "font": False, "features": features},
        "nav": HAND_NAV,
        "markdown_extensions": [{"toc": {"toc_depth": 3}}],
    }
    if python:
        config["hooks"] = ["nav_hook.py"]
    write_tree(root, {**HAND_WRITTEN, "nav_hook.py": HOOK, "mkdocs.yml": yaml.safe_dump(config, sort_keys=False)})
    return root


@pytest.mark.parametrize(
    "features",
    [
        ["navigation.prune", "navigation.indexes"],
        ["navigation.indexes"],
        ["navigation.prune"],
        [],
    ],
    ids=["prune+indexes", "indexes", "prune", "none"],
)
def test_hand_written_navigation_is_materials(tmp_path: Path, features: list[str]) -> None:
    built = {}
    for python in (False, True):
        root = hand_written_site(tmp_path / str(python), features, python)
        mkdocs_build(root)
        built[python] = root / "site"
    assert_same_pages(built[False], built[True])


@pytest.mark.slow
def test_example_site_navigation_is_materials(tmp_path: Path) -> None:
    built = {}
    for on in (False, True):
        root = copy_example(tmp_path / str(on), f"python_nav: {str(on).lower()}")
        assert f"python_nav: {str(on).lower()}" in (root / "mkdocs.yml").read_text(encoding="utf-8")
        mkdocs_build(root)
        built[on] = root / "site"
    assert_same_pages(built[False], built[True])


@pytest.mark.slow
def test_grouped_navigation_of_a_synthetic_site_is_materials(tmp_path: Path) -> None:
    """SYNTHETIC corpus (bench/corpus.py): studies split into alphabetical groups, references into pages."""
    built = {}
    for on in (False, True):
        root = synthetic_site("XS", tmp_path / str(on), seed=3)
        config_file = root / "mkdocs.yml"
        text = config_file.read_text(encoding="utf-8")
        assert "- findings:\n" in text
        text = text.replace("- findings:\n", f"- findings:\n    nav_group_size: 4\n    python_nav: {str(on).lower()}\n")
        config_file.write_text(text, encoding="utf-8")
        mkdocs_build(root, strict=False)
        built[on] = root / "site"
    assert_same_pages(built[False], built[True])


@pytest.mark.parametrize("case", ["tabs", "sections", "page icon", "own nav-item.html"])
def test_material_renders_what_python_does_not_know(tmp_path: Path, case: str) -> None:
    """Shapes the Python writer leaves to Material: the pages are Material's, byte for byte."""
    features = {"tabs": ["navigation.tabs"], "sections": ["navigation.sections"]}.get(case, ["navigation.prune"])
    built = {}
    for python in (False, True):
        root = hand_written_site(tmp_path / str(python), features, python)
        if case == "page icon":
            write_tree(root, {"docs/notes/a.md": "---\nicon: material/star\n---\n# Note A\n"})
        if case == "own nav-item.html":
            material_item = Path(__import__("material").__file__).parent / "templates" / "partials" / "nav-item.html"
            write_tree(root, {"overrides/partials/nav-item.html": material_item.read_text(encoding="utf-8")})
            config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
            config["theme"]["custom_dir"] = "overrides"
            (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        mkdocs_build(root)
        built[python] = root / "site"
    assert pages(built[False]) == pages(built[True])
