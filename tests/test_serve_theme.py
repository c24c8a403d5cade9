"""`mkdocs serve` rebuilds keep the theme's compiled templates and its file list (serve_theme.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from generator.adapters.mkdocs import serve_theme
from generator.adapters.mkdocs.serve_theme import ServeTheme
from generator.adapters.mkdocs.theme import CompiledTemplates


def _config(root: Path) -> MkDocsConfig:
    (root / "docs").mkdir(exist_ok=True)
    (root / "overrides").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8"
    )
    return load_config(config_file=str(root / "mkdocs.yml"))


def _theme_files(config: MkDocsConfig) -> list[tuple[str, str | None]]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return [(f.src_uri, f.abs_src_path) for f in files]


def test_the_theme_files_are_those_mkdocs_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "overrides" / "assets").mkdir(parents=True)
    (tmp_path / "overrides" / "assets" / "site.css").write_text("body {}\n", encoding="utf-8")
    expected = _theme_files(_config(tmp_path))
    assert ("assets/site.css", str(tmp_path / "overrides" / "assets" / "site.css")) in expected
    assert len(expected) > 20  # Material's own scripts and stylesheets

    listed: list[str] = []
    real_listing = serve_theme._listing
    monkeypatch.setattr(
        serve_theme, "_listing", lambda folder, links: listed.append(folder) or real_listing(folder, links)
    )
    kept = ServeTheme(CompiledTemplates())
    config = _config(tmp_path)
    kept.install(config)
    assert _theme_files(config) == expected
    first = list(listed)
    assert len(first) == len(config.theme.dirs)

    # The next rebuild (a new config, as `mkdocs serve` loads it again): only the custom_dir is listed,
    # and a file the author added there since is found.
    (tmp_path / "overrides" / "assets" / "extra.js").write_text("//\n", encoding="utf-8")
    listed.clear()
    config = _config(tmp_path)
    kept.install(config)
    again = _theme_files(config)
    assert listed == [str(tmp_path / "overrides")]
    assert again == sorted([*expected, ("assets/extra.js", str(tmp_path / "overrides" / "assets" / "extra.js"))])


def test_every_theme_environment_keeps_compiled_templates(tmp_path: Path) -> None:
    compiled = CompiledTemplates()
    config = _config(tmp_path)
    ServeTheme(compiled).install(config)
    env = config.theme.get_env()  # as MkDocs, and Material's search for its language strings, ask
    assert env.bytecode_cache is compiled
    env.get_template("partials/language.html")
    assert compiled.compiled  # compiled once, reused by the next rebuild's environments
    again = _config(tmp_path)
    ServeTheme(compiled).install(again)
    assert again.theme.get_env().get_template("partials/language.html") is not None
