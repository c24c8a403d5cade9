"""The shell commands in README.md and docs/guide/*.md run as written, so the docs and the tool cannot drift apart.

Each Markdown file's ```sh, ```bash, ```shell and ```console blocks run in order, one command at a
time, in a fresh copy of the repository (its own mkdocs.yml, Makefile and example records; the
checkout's installed .venv linked in). Every command must exit 0 unless the docs say otherwise.
What a block needs is said in the Markdown itself, in HTML comments just before it (invisible on
the site, visible to anyone editing the page):

    <!-- docs-test: skip (why it cannot run here, and which test covers it instead) -->
    <!-- docs-test: placeholders DIR=pages ID=levari-2023 -->  words of the commands replaced by real values
    <!-- docs-test: given COMMAND -->       run first; the block then gets a copy of its own
    <!-- docs-test: exit N -->              the exit code each command of the block must return
    <!-- docs-test: output of COMMAND -->   on a ```text block: COMMAND prints every line the block shows

In a ```console block, lines starting with "$ " are commands and the lines after one are the output
it must print (each of them, in any order among other lines).
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import REPO
from .repo_copy import environment, repo_copy

SHELL = {"sh", "bash", "shell", "console"}
TIMEOUT = 180  # seconds for one command (the slowest documented one takes a few); a server never finishes
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)")
_DIRECTIVE = re.compile(r"^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$")


@dataclass
class Command:
    text: str
    line: int
    output: list[str] = field(default_factory=list)  # lines it must print (console blocks)


@dataclass
class Block:
    path: str
    line: int  # of the opening fence
    lang: str
    body: list[str]
    directives: list[str]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def option(self, name: str) -> str | None:
        for directive in self.directives:
            if directive == name or directive.startswith(name + " "):
                return directive[len(name) :].strip()
        return None

    def commands(self) -> list[Command]:
        commands: list[Command] = []
        pending, start = "", 0
        for number, raw in enumerate(self.body, self.line + 1):
            line = raw.rstrip()
            if pending:
                line = line.lstrip()
            elif self.lang == "console" and not line.startswith("$ "):
                if commands and line.strip():
                    commands[-1].output.append(line.strip())
                continue
            else:
                line = line[2:] if self.lang == "console" else line
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                start = number
            if line.endswith("\\"):
                pending += line[:-1].rstrip() + " "
                continue
            commands.append(Command(pending + line, start))
            pending = ""
        return commands


def blocks(path: Path) -> list[Block]:
    """Every fenced block of a Markdown file, with the docs-test comments just before it."""
    found: list[Block] = []
    directives: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    shown = path.relative_to(REPO).as_posix()
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = _DIRECTIVE.match(line)
        fence = _FENCE.match(line)
        if directive:
            directives.append(directive.group(1))
        elif fence:
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence.group(1)):
                end += 1
            found.append(Block(shown, index + 1, fence.group(2).lower(), lines[index + 1 : end], directives))
            directives = []
            index = end
        elif line.strip():
            directives = []
        index += 1
    return found


def markdown_files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs" / "guide").glob("*.md"))]


def _known(directive: str) -> bool:
    return bool(re.fullmatch(r"skip \(.+\)|placeholders( \S+=\S+)+|given .+|exit \d+|output of .+", directive))


def test_every_directive_is_understood() -> None:
    """A misspelt directive would silently run (or skip) a block: refuse anything unknown."""
    unknown = [
        f"{block.where}: {directive}"
        for path in markdown_files()
        for block in blocks(path)
        for directive in block.directives
        if not _known(directive)
    ]
    assert unknown == []


def test_the_reader_finds_commands_and_output() -> None:
    block = Block("x.md", 1, "console", ["$ echo a \\", "  b", "a b", "", "$ true"], [])
    assert [(c.text, c.line, c.output) for c in block.commands()] == [
        ("echo a b", 2, ["a b"]),
        ("true", 6, []),
    ]
    sh = Block("x.md", 1, "sh", ["# a comment", "make site    # builds", ""], ["skip (reason)"])
    assert [c.text for c in sh.commands()] == ["make site    # builds"]
    assert sh.option("skip") == "(reason)" and sh.option("given") is None


def _run(command: str, cwd: Path, where: str) -> subprocess.CompletedProcess[str]:
    # A session of its own, so that a command that never ends is stopped with everything it started.
    with subprocess.Popen(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(
                f"{where}: `{command}` did not finish in {TIMEOUT} s; if it is a server, mark its block"
                " <!-- docs-test: skip (reason) -->",
                pytrace=False,
            )
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def test_a_command_that_never_ends_fails_and_leaves_nothing_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "TIMEOUT", 1)
    with pytest.raises(pytest.fail.Exception, match=r"x.md:3: `sleep 60 & echo \$! > pid; wait` did not finish"):
        _run("sleep 60 & echo $! > pid; wait", tmp_path, "x.md:3")
    pid = int((tmp_path / "pid").read_text())
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(f"the server's process {pid} is still running")


def _substitute(command: str, placeholders: str | None) -> str:
    for pair in shlex.split(placeholders or ""):
        name, value = pair.split("=", 1)
        command = re.sub(rf"(?<![\w./-]){re.escape(name)}(?![\w/-])", value, command)
    return command


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.relative_to(REPO).as_posix() for p in markdown_files()])
def test_shell_blocks_run_as_written(tmp_path: Path, name: str) -> None:
    path = REPO / name
    if not path.exists():
        pytest.skip(f"{name} is gone")
    copy: Path | None = None
    ran = 0
    for number, block in enumerate(blocks(path)):
        checked_text = block.option("output of") is not None
        if (block.lang not in SHELL and not checked_text) or block.option("skip") is not None:
            continue
        given = block.option("given")
        if given is not None:
            here = repo_copy(tmp_path / f"block-{number}")  # what it sets up stays out of later blocks
        else:
            copy = copy or repo_copy(tmp_path / "repo")
            here = copy
        if given is not None:
            setup = _run(given, here, block.where)
            assert setup.returncode == 0, f"{block.where}: given `{given}` failed:\n{setup.stdout}{setup.stderr}"
        expected_exit = int(block.option("exit") or 0)
        if checked_text:
            commands = [Command(block.option("output of") or "", block.line, [s.strip() for s in block.body if s])]
        else:
            commands = block.commands()
        for command in commands:
            text = _substitute(command.text, block.option("placeholders"))
            where = f"{block.path}:{command.line}"
            run = _run(text, here, where)
            printed = run.stdout + run.stderr
            assert run.returncode == expected_exit, (
                f"{where}: `{text}` exited {run.returncode}, not {expected_exit}:\n{printed}"
            )
            lines = {line.strip() for line in printed.splitlines()}
            missing = [line for line in command.output if line not in lines]
            assert missing == [], f"{where}: `{text}` did not print these lines the docs show:\n{printed}"
            ran += 1
    if ran == 0:
        pytest.skip(f"{name} has no shell commands that run here")
