"""Records and the bibliography kept on disk between runs (generator/core/kept_records.py): a run that finds them
gives what a run that reads every file gives, reads again what changed, and a cache that cannot be used only
costs time."""

from __future__ import annotations

import dataclasses
import json
import pickle
import sqlite3
from pathlib import Path

import pytest

from generator.adapters import cli
from generator.core import model
from generator.core.broken import Remains
from generator.core.diagnostics import Diagnostic, Location
from generator.core.kept_records import STORE_FILE, KeptRecords
from generator.core.load import FileResult, MarkdownField
from generator.core.project import Layout, build_site, check, diagnose
from generator.core.project_config import project_config
from generator.core.references import Library, Reference
from generator.speed import parallel
from generator.speed.executor import IN_PROCESS, BuildMode
from generator.speed.frozen import maker
from generator.speed.kept_results import source_digest

from .sites import MKDOCS_YML, STUDY, THEME, mkdocs_build, project_files, synthetic_site, write_tree

FOLDER = Path(".cache/findings-records")
#: A record with errors: the schema's and YAML's diagnostics are kept with it, keyed by its bytes like the rest.
BROKEN = "type: theme\nid: broken\nstudy: s-none\ntitle: [unclosed\n"


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SYNTHETIC XS site (it has warnings) with one broken record; each test copies or only reads it."""
    root = synthetic_site("XS", tmp_path_factory.mktemp("kept") / "site", seed=3)
    write_tree(root, {"findings/broken.yml": BROKEN})
    return root


def kept(root: Path, fingerprint: str | None = None) -> tuple[KeptRecords, list[str]]:
    warnings: list[str] = []
    return KeptRecords(root / FOLDER, warnings.append, fingerprint), warnings


def stored_keys(root: Path) -> int:
    with sqlite3.connect(root / FOLDER / STORE_FILE) as db:
        return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])


def test_a_warm_run_gives_what_a_cold_run_and_an_uncached_run_give(corpus_root: Path) -> None:
    layout = Layout.at(corpus_root)
    plain = check(layout)
    assert plain.errors and len(plain.diagnostics) > len(plain.errors)  # files with diagnostics are kept too
    cold, _ = kept(corpus_root)
    assert check(layout, kept=cold) == plain and cold.results.found == 0
    warm, warnings = kept(corpus_root)
    assert check(layout, kept=warm) == plain
    records = len(list(layout.findings_dir.rglob("*.yml")))
    assert warm.results.found == records + 1 and warnings == []  # every record file, and the library
    checked, _ = kept(corpus_root)
    assert diagnose(layout, kept=checked) == plain.diagnostics and checked.results.found == records  # + its own library
    again, _ = kept(corpus_root)
    check(layout, kept=again)
    assert again.results.found == records + 1  # the check kept the formatted library too
    assert stored_keys(corpus_root) == records + 2


def test_forked_workers_parse_the_files_not_found_and_the_store_keeps_what_they_sent(
    corpus_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)  # XS is small: fork even for it
    forked = BuildMode(forked=True, pause_collector=True, workers=2)
    layout = Layout.at(corpus_root)
    plain = check(layout, mode=forked)
    (corpus_root / FOLDER / STORE_FILE).unlink(missing_ok=True)
    cold, _ = kept(corpus_root)
    assert check(layout, mode=forked, kept=cold) == plain and cold.results.found == 0
    warm, _ = kept(corpus_root)
    assert check(layout, mode=forked, kept=warm) == plain and warm.results.found > 100


def test_the_commands_print_and_write_the_same_with_and_without_what_was_kept(
    corpus_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*args: str) -> tuple[str, str]:
        cli.main([*args, "--root", str(corpus_root)])
        out, err = capsys.readouterr()
        return out, err.replace(str(tmp_path), "OUT")

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    for state in ("warm", "cold"):
        if state == "cold":
            (corpus_root / FOLDER / STORE_FILE).unlink()
        assert run("check") == run("check", "--no-cache")
        assert run("check", "--format", "json") == run("check", "--format", "json", "--no-cache")
        assert json.loads(run("check", "--format", "json")[0])["diagnostics"]
    fixed = tmp_path / "fixed"  # a build needs records without errors
    write_tree(fixed, {n: c for n, c in files(corpus_root).items() if "broken" not in n and ".cache" not in n})
    for state in ("cold", "warm", "uncached"):
        cli.main(
            ["build", "--root", str(fixed), "--out", str(tmp_path / state), *(["--no-cache"] * (state == "uncached"))]
        )
    capsys.readouterr()
    assert files(tmp_path / "cold") == files(tmp_path / "warm") == files(tmp_path / "uncached")


def test_a_changed_file_is_read_again_and_what_a_run_did_not_use_is_forgotten(tmp_path: Path) -> None:
    # A lookup that ignored the files' contents would give the old title back.
    root = write_tree(tmp_path, project_files(**{"findings/s1/t2.yml": THEME.replace("id: t1", "id: t2")}))
    layout = Layout.at(root)
    first, _ = kept(root)
    check(layout, kept=first)
    before = stored_keys(root)
    theme = root / "findings/s1/t1.yml"
    theme.write_text(THEME.replace("title: Feeling heard", "title: Feeling believed"), encoding="utf-8")
    (root / "findings/s1/t2.yml").unlink()
    again, _ = kept(root)
    result = check(layout, kept=again)
    assert result == check(layout)
    assert result.corpus is not None and [t.title for t in result.corpus.themes.values()] == ["Feeling believed"]
    assert again.results.found == 2 + 1  # the study, the implication, the library
    assert stored_keys(root) == before - 1  # the edited theme's old entry and the removed file's are gone


def test_other_code_finds_nothing(corpus_root: Path, tmp_path: Path) -> None:
    layout = Layout.at(corpus_root)
    check(layout, kept=kept(corpus_root)[0])
    other, _ = kept(corpus_root, fingerprint="other code")
    assert check(layout, kept=other) == check(layout) and other.results.found == 0
    package = write_tree(tmp_path / "package", {"a.py": "x = 1\n", "schema.json": "{}", "notes.txt": "-"})
    digest = source_digest(package)
    (package / "notes.txt").write_text("not code")
    assert source_digest.__wrapped__(package) == digest
    (package / "schema.json").write_text('{"type": "object"}')
    assert source_digest.__wrapped__(package) != digest  # an editable install's code changed


def test_a_damaged_store_is_started_afresh(tmp_path: Path) -> None:
    root = write_tree(tmp_path, project_files())
    layout = Layout.at(root)
    write_tree(root, {f"{FOLDER}/{STORE_FILE}": b"not a store"})
    damaged, warnings = kept(root)
    assert check(layout, kept=damaged) == check(layout)
    assert warnings == [f"{root / FOLDER / STORE_FILE}: file is not a database; started afresh"]
    again, warnings = kept(root)
    check(layout, kept=again)
    assert again.results.found == 4 and warnings == []


def test_an_unwritable_cache_folder_costs_only_time_and_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(tmp_path, {**project_files(), ".cache": "a file where the folder would be"})
    assert cli.main(["check", "--root", str(root)]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert cli.main(["check", "--root", str(root), "--no-cache"]) == cli.EXIT_OK
    folder = root / FOLDER
    warning = (
        f"warning: {folder / STORE_FILE}: [Errno 20] Not a directory: '{folder}'; nothing is kept there this time\n"
    )
    assert err == warning + capsys.readouterr().err
    assert cli.main(["build", "--root", str(root), "--out", str(tmp_path / "out")]) == cli.EXIT_OK
    assert capsys.readouterr().err.count("warning: ") == 1


def test_no_cache_and_an_empty_setting_keep_nothing(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "a", project_files())
    assert cli.main(["check", "--root", str(root), "--no-cache"]) == cli.EXIT_OK
    assert cli.main(["build", "--root", str(root), "--no-cache", "--out", str(tmp_path / "out")]) == cli.EXIT_OK
    assert not (root / ".cache").exists()
    off = MKDOCS_YML.replace("  - findings\n", "  - findings:\n      record_cache: ''\n")
    root = write_tree(tmp_path / "b", project_files(**{"mkdocs.yml": off}))
    assert project_config(root, root=root).record_cache == ""
    assert cli.main(["check", "--root", str(root)]) == cli.EXIT_OK
    mkdocs_build(root, "--site-dir", str(tmp_path / "site"))
    assert not (root / ".cache").exists()


def test_mkdocs_build_and_the_command_share_the_setting(tmp_path: Path) -> None:
    moved = MKDOCS_YML.replace("  - findings\n", "  - findings:\n      record_cache: kept\n")
    root = write_tree(tmp_path, project_files(**{"mkdocs.yml": moved}))
    mkdocs_build(root, "--site-dir", str(tmp_path / "site"))
    assert (root / "kept" / STORE_FILE).is_file() and not (root / ".cache/findings-records").exists()
    found = KeptRecords(root / "kept", print)
    check(Layout.at(root), kept=found)
    assert found.results.found == 4  # three records and the formatted library, as mkdocs build kept them


def test_a_preview_takes_the_kept_records_once_and_keeps_the_same_library_between_rebuilds(tmp_path: Path) -> None:
    from generator.core.project import Caches

    root = write_tree(tmp_path, project_files())
    layout = Layout.at(root)
    build_site(layout, kept=kept(root)[0])
    caches, preview = Caches(), kept(root)[0]
    _, first = build_site(layout, caches=caches, mode=IN_PROCESS, kept=preview)
    assert preview.results.found == 4 and not preview.usable  # only the first build uses the store
    (root / "findings/s1/study.yml").write_text(STUDY.replace("Synthetic", "SYNTHETIC", 1), encoding="utf-8")
    _, second = build_site(layout, caches=caches, mode=IN_PROCESS, kept=preview)
    assert first.corpus is not None and second.corpus is not None
    assert second.corpus.library is first.corpus.library  # so the library's files are not made again
    assert second.corpus.themes["t1"] is first.corpus.themes["t1"]  # the in-memory cache took the kept record


def _instance(cls: type) -> object:
    values = {}
    for n, f in enumerate(dataclasses.fields(cls)):
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            values[f.name] = Location(f"{f.name}.yml", n + 1, 2) if f.name == "source" else f"{f.name}-{n}"
    return maker(cls)(**values)


@pytest.mark.parametrize(
    "cls",
    [
        *(c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)),
        FileResult,
        MarkdownField,
        Remains,
        Diagnostic,
        Location,
        Reference,
        Library,
    ],
    ids=lambda cls: cls.__name__,
)
def test_every_kept_class_comes_back_from_the_store_the_same(cls: type) -> None:
    made = _instance(cls)
    back = pickle.loads(pickle.dumps(made, pickle.HIGHEST_PROTOCOL))
    assert type(back) is cls and back == made and list(vars(back).items()) == list(vars(made).items())


@pytest.mark.slow
def test_the_next_preview_starts_from_the_records_the_last_one_read(tmp_path: Path) -> None:
    from .previews import Preview

    root = write_tree(tmp_path / "project", project_files())
    first = Preview(root, tmp_path / "first")
    first.close()
    assert first.plugin.builds.kept.results.found == 0
    preview = Preview(root, tmp_path / "next")
    try:
        builds = preview.plugin.builds
        assert builds.kept.results.found == 4 and not builds.kept.usable  # three records, the library
        library = builds.corpus.library
        (root / "findings/s1/t1.yml").write_text(THEME.replace("Feeling heard", "Feeling believed"), "utf-8")
        preview.rebuild()
        assert builds.errors == [] and builds.corpus.themes["t1"].title == "Feeling believed"
        assert builds.corpus.library is library
    finally:
        preview.close()
