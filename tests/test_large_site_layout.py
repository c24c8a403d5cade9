"""Long lists split into parts: the reference list over several pages, studies into nav groups.

Built with real MkDocs from the synthetic XS benchmark corpus (bench/corpus.py; invented data),
with small limits so a small corpus splits.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.core.project import Layout, check
from generator.core.references import anchor_for

from .sites import broken_links, mkdocs_build, read_site, synthetic_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("split") / "site"
    synthetic_site("XS", root, seed=2)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"findings": {"references_per_page": 30, "nav_group_size": 4}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    mkdocs_build(root, strict=False)
    return root


def test_reference_list_is_split_and_every_citation_lands_on_its_entry(split_site: Path) -> None:
    site = split_site / "site"
    pages = read_site(site)
    assert broken_links(site, pages) == []
    corpus = check(Layout.at(split_site)).corpus
    assert corpus is not None
    keys = [ref.key for ref in corpus.library.ordered]
    assert len(keys) > 60  # enough for three parts of 30
    parts = sorted(p for p in pages if p.startswith("references/") and p.endswith("index.html") and "-" in p)
    assert len(parts) == -(-len(keys) // 30)
    listed = [anchor for part in parts for anchor in sorted(pages[part].ids) if anchor.startswith("ref-")]
    assert sorted(listed) == sorted(anchor_for(key) for key in keys)  # every entry once, on some part
    index = pages["references/index.html"]
    assert not any(anchor.startswith("ref-") for anchor in index.ids)
    assert {f"{p.removeprefix('references/').removesuffix('index.html')}" for p in parts} <= {
        link.removeprefix("./") for link in index.links
    }
    citations = [link for page in pages.values() for link in page.links if "#ref-" in link]
    assert citations and not any(link.split("#")[0].endswith("references/") for link in citations)


def test_nav_lists_studies_in_alphabetical_groups(split_site: Path) -> None:
    html = (split_site / "site" / "studies" / "index.html").read_text(encoding="utf-8")
    corpus = check(Layout.at(split_site)).corpus
    assert corpus is not None and len(corpus.studies) > 4
    assert html.count(" – ") >= 2  # group labels such as "Aalto – Berg" in the navigation


def _levels(items: list[object], depth: int = 0) -> tuple[list[object], list[int]]:
    """Leaves in order, and the length of every list at every level."""
    leaves: list[object] = []
    sizes = [len(items)]
    for item in items:
        if isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item.values())), list):
            inner_leaves, inner_sizes = _levels(next(iter(item.values())), depth + 1)
            leaves += inner_leaves
            sizes += inner_sizes
        else:
            leaves.append(item)
    return leaves, sizes


@pytest.mark.parametrize(("count", "size"), [(3, 4), (40, 40), (41, 40), (500, 40), (2000, 40), (17, 3)])
def test_grouped_keeps_every_entry_in_order_and_bounds_each_level(count: int, size: int) -> None:
    from generator.core.render.nav import grouped

    entries = [(f"name{i:05d}", f"page{i}.md") for i in reversed(range(count))]
    result = grouped(entries, size)
    leaves, sizes = _levels(result)
    assert leaves == [f"page{i}.md" for i in range(count)]  # sorted by key, none lost
    assert max(sizes) <= max(size, 2)
    if count <= size:
        assert result == leaves  # short lists stay flat


def test_group_labels_name_first_and_last_entries() -> None:
    from generator.core.render.nav import grouped

    result = grouped([("berg-2001", "b"), ("aalto-1999", "a"), ("dahl-2003", "d"), ("lavik-veseth-2018", "l")], 2)
    assert result == [{"Aalto – Berg": ["a", "b"]}, {"Dahl – Lavik": ["d", "l"]}]
