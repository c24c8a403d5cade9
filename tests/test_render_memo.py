"""Pages reused across rebuilds (`mkdocs serve`) are exactly the pages a fresh build renders."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest

from generator.core.project import Caches, Layout, build_site, check
from generator.core.render import evidence
from generator.core.render.paths import SitePaths
from generator.speed.executor import IN_PROCESS, ONE_OFF
from generator.speed.memo import MISSING, Replayer, Trace, TracedMapping, TracedObject

from .conftest import REPO
from .sites import synthetic_site


def test_traced_mapping_logs_reads_and_replays_them_on_new_data() -> None:
    trace = Trace()
    view = TracedMapping(trace, "corpus.themes", {"a": 1, "b": 2})
    assert view["a"] == 1 and view.get("zz") is None and "b" in view and len(view) == 2
    with pytest.raises(KeyError):
        view["nope"]
    assert list(iter(view)) == ["a", "b"]
    assert trace.observations == [
        ("corpus.themes", "get", ("a",), 1),
        ("corpus.themes", "get", ("zz",), MISSING),
        ("corpus.themes", "contains", ("b",), True),
        ("corpus.themes", "len", (), 2),
        ("corpus.themes", "get", ("nope",), MISSING),
        ("corpus.themes", "keys", (), ("a", "b")),
    ]

    class Root:
        def __init__(self, themes: dict[str, int]):
            self.themes = themes

    assert Replayer({"corpus": Root({"a": 1, "b": 2, "c": 3})}).still_valid(trace.observations[:3])
    assert not Replayer({"corpus": Root({"a": 1, "b": 2, "c": 3})}).still_valid(trace.observations)  # keys differ
    assert not Replayer({"corpus": Root({"a": 9, "b": 2})}).still_valid(trace.observations)
    assert not Replayer({"corpus": Root({"a": 1, "b": 2, "zz": 0})}).still_valid(trace.observations)


def test_traced_object_logs_calls_attributes_and_sets() -> None:
    class Paths:
        home = "index.md"

        def page(self, record: str) -> str:
            if record == "gone":
                raise KeyError(record)
            return f"{record}.md"

    class Corpus:
        drafts = frozenset({"d"})

    trace = Trace()
    paths = TracedObject(trace, "paths", Paths())
    corpus = TracedObject(trace, "corpus", Corpus())
    assert paths.home == "index.md" and paths.page("x") == "x.md"
    with pytest.raises(KeyError):
        paths.page("gone")
    assert "d" in corpus.drafts
    assert Replayer({"paths": Paths(), "corpus": Corpus()}).still_valid(trace.observations)

    class MovedPaths(Paths):
        def page(self, record: str) -> str:
            return f"moved/{record}.md"

    assert not Replayer({"paths": MovedPaths(), "corpus": Corpus()}).still_valid(trace.observations)


def _edit(root: Path, rng: random.Random, step: int) -> str:
    """One edit a researcher might save: a title, a word, a draft flag, a bib title. Returns what it did."""
    records = sorted((root / "findings").rglob("*.yml"))
    target = rng.choice(records)
    text = target.read_text(encoding="utf-8")
    kind = rng.choice(["title", "word", "draft", "bib"])
    if kind == "title" and re.search(r"^title: ", text, re.M):
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} edit{step}", text, count=1, flags=re.M)
    elif kind == "draft" and "study.yml" not in target.name and re.search(r"^id: ", text, re.M):
        if "\nstatus: draft" in text:
            text = text.replace("\nstatus: draft", "")
        else:
            text = re.sub(r"^(id: .*)$", r"\1\nstatus: draft", text, count=1, flags=re.M)
    elif kind == "bib":
        bib = sorted((root / "bib").glob("*.bib"))[0]
        source = bib.read_text(encoding="utf-8")
        titles = [m.start(1) for m in re.finditer(r"^\s*title\s*=\s*\{(\w)", source, re.M)]
        at = rng.choice(titles)
        bib.write_text(source[:at] + f"Edit{step} " + source[at:], encoding="utf-8")
        return f"bib title {step}"
    else:
        words = re.findall(r"\b[a-z]{5,}\b", text)
        if not words:
            return "nothing"
        word = rng.choice(words)
        text = text.replace(word, f"{word}x{step}", 1)
    target.write_text(text, encoding="utf-8")
    return f"{kind} in {target.name}"


def _markdown(root: Path, caches: Caches | None) -> dict[str, str | bytes] | None:
    """Every page's Markdown and every data file (findings.json has its own cache)."""
    site, _ = build_site(Layout.at(root), caches=caches, mode=ONE_OFF if caches is None else IN_PROCESS)
    return None if site is None else {**{path: page.markdown for path, page in site.pages.items()}, **site.files}


@pytest.mark.parametrize("corpus", ["example", "synthetic XS"])
def test_rebuilds_with_the_memo_equal_fresh_builds_after_random_edits(tmp_path: Path, corpus: str) -> None:
    root = tmp_path / "site"
    if corpus == "example":
        shutil.copytree(REPO / "findings", root / "findings")
        shutil.copytree(REPO / "bib", root / "bib")
    else:
        synthetic_site("XS", root, seed=3)
    caches = Caches()
    assert _markdown(root, caches) == _markdown(root, None)
    rng = random.Random(11)
    reused = 0
    for step in range(12):
        done = _edit(root, rng, step)
        fresh = _markdown(root, None)
        assert _markdown(root, caches) == fresh, f"after step {step}: {done}"
        reused += caches.pages.reused
    assert reused > 0, "no page was ever reused: the memo does nothing"


def test_library_files_are_kept_until_the_bibliography_changes(tmp_path: Path) -> None:
    root = synthetic_site("XS", tmp_path / "site", seed=3)
    caches = Caches()
    first = _markdown(root, caches)
    assert first is not None and caches.library_files.reused == 0
    record = sorted((root / "findings").rglob("*.yml"))[5]
    record.write_text(record.read_text(encoding="utf-8").replace("text: ", "text: edited ", 1), encoding="utf-8")
    assert _markdown(root, caches) == _markdown(root, None)
    assert caches.library_files.reused == 1
    bib = sorted((root / "bib").glob("*.bib"))[0]
    bib.write_text(bib.read_text(encoding="utf-8").replace("title = {", "title = {Edited ", 1), encoding="utf-8")
    again = _markdown(root, caches)
    assert again == _markdown(root, None) and again is not None
    assert caches.library_files.reused == 1  # made again from the edited bibliography
    assert again["references.csl.json"] != first["references.csl.json"]


def test_findings_json_reuses_the_text_of_unchanged_themes(tmp_path: Path) -> None:
    root = synthetic_site("XS", tmp_path / "site", seed=3)
    caches = Caches()
    first = _markdown(root, caches)
    assert first is not None
    document = json.loads(first["findings.json"])
    # Written member by member, yet the bytes json.dumps gives for the whole document.
    assert first["findings.json"] == (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    before = dict(caches.findings_json.themes)
    members_before = dict(caches.findings_json.members)
    edited = document["themes"][0]["id"]
    record = next(p for p in (root / "findings").rglob("*.yml") if f"id: {edited}\n" in p.read_text(encoding="utf-8"))
    record.write_text(re.sub(r"(?m)^title: .*$", "title: Edited title", record.read_text(encoding="utf-8"), count=1))
    again = _markdown(root, caches)
    assert again == _markdown(root, None) and again is not None
    assert json.loads(again["findings.json"])["themes"][0]["title"] == "Edited title"
    kept = caches.findings_json.themes
    assert kept[edited][3] is not before[edited][3]  # encoded again
    assert all(kept[i][3] is before[i][3] for i in kept if i != edited) and len(kept) > 1  # the same text objects
    members = caches.findings_json.members  # made of the same study, implication and library objects: kept
    assert set(members) == {"studies", "implications", "references"}
    assert all(members[name][2] is members_before[name][2] for name in members)
    study = next(p for p in (root / "findings").rglob("study.yml"))
    study.write_text(re.sub(r"(?m)^title: .*$", "title: Edited study", study.read_text(encoding="utf-8"), count=1))
    third = _markdown(root, caches)
    assert third == _markdown(root, None) and third is not None
    assert caches.findings_json.members["studies"][2] is not members["studies"][2]  # a study changed
    assert caches.findings_json.members["references"][2] is members["references"][2]


def test_unchanged_record_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = synthetic_site("XS", tmp_path / "site", seed=3)
    caches = Caches()
    assert _markdown(root, caches) is not None
    read: list[str] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    record = sorted((root / "findings").rglob("*.yml"))[5]
    record.write_text(record.read_text(encoding="utf-8").replace("text: ", "text: edited ", 1), encoding="utf-8")
    rebuilt = _markdown(root, caches)
    assert [name for name in read if name.endswith(".yml")] == [record.name]  # the others: same stamp
    assert rebuilt == _markdown(root, None)


def test_a_read_shared_by_pages_keeps_the_latest_result_when_they_render_again() -> None:
    """Two pages read the same value; it changes and both render again, then it changes back.

    The memo kept the result of the first build for a read another page still shared while the first
    re-rendered, so going back to that value looked like no change (a removed record stayed counted).
    """
    from generator.speed.memo import Rendered, RenderMemo

    class Corpus:
        def __init__(self, themes: tuple[str, ...]) -> None:
            self.study_themes = {"s": themes}

    def rendered(themes: tuple[str, ...]) -> Rendered:
        return Rendered("t.md.j2", {}, [("corpus.study_themes", "get", ("s",), themes)], f"{len(themes)} themes")

    memo = RenderMemo()
    memo.start("options")
    for page in ("index.md", "study.md"):
        memo.remember(page, rendered(("a",)))
    memo.roots = {"corpus": Corpus(("a",))}
    added = {"corpus": Corpus(("a", "b"))}
    assert memo.stale(added) == {"index.md", "study.md"}
    for page in ("index.md", "study.md"):
        memo.remember(page, rendered(("a", "b")))
    memo.roots = added
    assert memo.stale({"corpus": Corpus(("a", "b"))}) == set()
    assert memo.stale({"corpus": Corpus(("a",))}) == {"index.md", "study.md"}


def test_the_evidence_page_renders_again_for_an_assessed_theme_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page lists the assessed themes: a title edit of any other theme leaves it as it was (with more
    studies than its matrix shows, which lists every related theme)."""
    monkeypatch.setattr(evidence, "MATRIX_MAX_STUDIES", 0)
    root = synthetic_site("XS", tmp_path / "site", seed=3)
    caches = Caches()
    assert _markdown(root, caches) is not None
    corpus = check(Layout.at(root)).corpus
    assert corpus is not None
    page = SitePaths(corpus).evidence
    plain = next(t for t in corpus.themes.values() if not t.confidence and not t.parent)
    assessed = next(t for t in corpus.themes.values() if t.confidence)

    def retitle(theme_id: str, title: str) -> dict[str, str | bytes]:
        record = root / corpus.themes[theme_id].source.path
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", record.read_text(encoding="utf-8"), count=1)
        record.write_text(text, encoding="utf-8")
        rebuilt = _markdown(root, caches)
        assert rebuilt is not None and rebuilt == _markdown(root, None)
        return rebuilt

    before = caches.pages.pages[page]  # as rendered, with what it read
    retitle(plain.id, "Edited unassessed title")
    assert caches.pages.pages[page] is before  # kept, not rendered again
    assert "Edited assessed title" in str(retitle(assessed.id, "Edited assessed title")[page])
    assert caches.pages.pages[page] is not before


def test_an_equal_table_made_again_answers_its_lookups_but_not_its_order() -> None:
    """A table made again equal to the last build's answers every lookup alike; not its keys in order."""
    from generator.speed.memo import Rendered, RenderMemo

    class Tables:
        def __init__(self, repeats: dict[str, str], drafts: frozenset[str]) -> None:
            self.repeats, self.drafts = repeats, drafts

    memo = RenderMemo()
    memo.start("options")
    reads = [("tables.repeats", "get", ("b",), "a"), ("tables.drafts", "contains", ("d",), True)]
    memo.remember("theme.md", Rendered("t.md.j2", {}, reads, "theme"))
    memo.remember("list.md", Rendered("t.md.j2", {}, [("tables.repeats", "keys", (), ("b", "c"))], "list"))
    memo.roots = {"tables": Tables({"b": "a", "c": "a"}, frozenset({"d"}))}
    assert memo.stale({"tables": Tables({"b": "a", "c": "a"}, frozenset({"d"}))}) == set()
    assert memo.stale({"tables": Tables({"c": "a", "b": "a"}, frozenset({"d"}))}) == {"list.md"}  # reordered
    assert memo.stale({"tables": Tables({"b": "x", "c": "a"}, frozenset({"d"}))}) == {"theme.md"}
    assert memo.stale({"tables": Tables({"b": "a", "c": "a"}, frozenset())}) == {"theme.md"}
