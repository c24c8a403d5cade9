"""The browser tests find their Chromium: $FINDINGS_CHROMIUM, the usual names, then Playwright's own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .browser.chromium import ENV, Found, find_chromium


def executable(path: Path, content: bytes = b"\x7fELF" + bytes(100)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o755)
    return path


def on_path(**found: Path) -> Callable[[str], str | None]:
    """A `which` that knows only ``found`` (names with '_' for '-')."""
    table = {name.replace("_", "-"): str(path) for name, path in found.items()}
    return table.get


def no_playwright() -> str | None:
    return None


def test_the_environment_variable_wins(tmp_path: Path) -> None:
    mine = executable(tmp_path / "my" / "chrome")
    found = find_chromium(no_playwright, {ENV: str(mine)}, on_path(chromium=executable(tmp_path / "chromium")))
    assert found == Found(mine, f"{ENV}={mine}")


def test_the_environment_variable_may_name_a_command(tmp_path: Path) -> None:
    chrome = executable(tmp_path / "google-chrome")
    assert find_chromium(no_playwright, {ENV: "google-chrome"}, on_path(google_chrome=chrome)).path == chrome


def test_a_wrong_environment_variable_is_reported_not_passed_over(tmp_path: Path) -> None:
    found = find_chromium(no_playwright, {ENV: "/nowhere/chrome"}, on_path(chromium=executable(tmp_path / "c")))
    assert found == Found(None, f"{ENV}=/nowhere/chrome, which is not an executable file")


def test_playwright_on_request(tmp_path: Path) -> None:
    own = executable(tmp_path / "ms-playwright" / "chrome")
    found = find_chromium(lambda: str(own), {ENV: "playwright"}, on_path(chromium=executable(tmp_path / "chromium")))
    assert found == Found(own, f"{ENV}=playwright")
    missing = find_chromium(lambda: str(tmp_path / "absent"), {ENV: "playwright"}, on_path())
    assert missing == Found(None, f"{ENV}=playwright, but Playwright's Chromium is not installed ({tmp_path}/absent)")


@pytest.mark.parametrize("names", [("chromium",), ("chromium-browser",), ("google-chrome", "google-chrome-stable")])
def test_usual_names_in_order(tmp_path: Path, names: tuple[str, ...]) -> None:
    paths = {name.replace("-", "_"): executable(tmp_path / name) for name in names}
    found = find_chromium(no_playwright, {}, on_path(**paths))
    assert found == Found(tmp_path / names[0], f"{names[0]} on PATH")


def test_ubuntus_snap_wrapper_is_passed_over(tmp_path: Path) -> None:
    wrapper = executable(tmp_path / "chromium-browser", b'#!/bin/sh\nexec /snap/bin/chromium "$@"\n')
    own = executable(tmp_path / "ms-playwright" / "chrome")
    found = find_chromium(lambda: str(own), {}, on_path(chromium_browser=wrapper))
    assert found == Found(own, "Playwright's own Chromium")
    none = find_chromium(no_playwright, {}, on_path(chromium_browser=wrapper))
    assert none.path is None
    assert none.how == (
        f"no Chromium found; tried {ENV} (not set); chromium, chromium-browser, google-chrome, google-chrome-stable"
        f" on PATH; Playwright's own (no path); passed over: {wrapper} (starts a snap)"
    )


def test_debians_launcher_script_is_a_browser() -> None:
    """Debian's /usr/bin/chromium is a shell script too; it must not look like the snap wrapper."""
    debian = Path("/usr/bin/chromium")
    if not debian.exists():
        pytest.skip("Debian's chromium is not installed here")
    assert find_chromium(no_playwright, {}, on_path(chromium=debian)).path == debian


def test_the_snap_itself_is_passed_over(tmp_path: Path) -> None:
    chrome = executable(tmp_path / "google-chrome")
    found = find_chromium(no_playwright, {}, {"chromium": "/snap/bin/chromium", "google-chrome": str(chrome)}.get)
    assert found == Found(chrome, "google-chrome on PATH")
