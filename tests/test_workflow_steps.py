"""The publishing workflow's shell steps, run in order on a fresh copy of the repository.

GitHub's runner cannot be had here, but most of what the build job does is ordinary shell: a
renamed Makefile target, a moved file or a broken command must fail this test, not the first
push. Steps that only make sense on GitHub are listed below with the reason, and so are the
commands run here in another form; everything else runs as written. Each table entry must match
a step of the workflow, so the tables cannot go stale.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO
from .repo_copy import environment, repo_copy

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
REDACTED = "SYNTHETIC-REDACTION-TERM-7f3a"  # a term no page contains, so the redaction check runs and passes

# `run:` texts that cannot run here, and why.
GITHUB_ONLY = {
    ".venv/bin/python -m playwright install --with-deps chromium": (
        "downloads Playwright's Chromium and installs apt packages; here Debian's chromium is used"
    ),
    ".venv/bin/python -m playwright install-deps chromium": "installs apt packages with sudo",
}

# Commands (whole lines of a `run:`) run here in another form: (instead, output it must show, why).
INSTEAD = {
    "make .venv/.installed": (
        "make -n -W requirements.lock .venv/.installed",
        "pip install",
        "the copy shares this checkout's installed .venv; a dry run shows the target still installs it",
    ),
    "make test": ("make -n test", "pytest", "the test suite cannot run itself; a dry run shows the target exists"),
}

# Expressions GitHub fills in, with what stands in for them here.
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def build_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["build"]["steps"]
    return steps


def test_the_tables_match_the_workflow() -> None:
    runs = [step["run"].strip() for step in build_steps() if "run" in step]
    lines = {line.strip() for run in runs for line in run.splitlines()}
    assert sorted(set(GITHUB_ONLY) - set(runs)) == [], "GITHUB_ONLY names a step the workflow no longer has"
    assert sorted(set(INSTEAD) - lines) == [], "INSTEAD names a command the workflow no longer runs"


@pytest.mark.slow
def test_the_build_jobs_shell_steps_run_here(tmp_path: Path) -> None:
    copy = repo_copy(tmp_path / "repo")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    outputs: dict[str, dict[str, str]] = {}
    values = {"runner.temp": str(runner_temp), "secrets.FINDINGS_REDACTIONS": REDACTED}

    def expand(text: str, where: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            step_output = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", name)
            if step_output:
                return outputs.get(step_output.group(1), {}).get(step_output.group(2), "")
            assert name in values, f"{where}: no stand-in for ${{{{ {name} }}}}; add one to this test"
            return values[name]

        return _EXPRESSION.sub(one, text)

    ran: list[str] = []
    for number, step in enumerate(build_steps(), 1):
        name = step.get("name") or step.get("uses") or f"step {number}"
        if "uses" in step:
            # An action: check what it is given that the repository must provide.
            for key, value in (step.get("with") or {}).items():
                expanded = expand(str(value), name)
                if step["uses"].startswith("actions/cache@") and key == "key":
                    version = re.search(r"^playwright==(\S+)", (copy / "requirements.lock").read_text(), re.M)
                    assert version and expanded.endswith("-" + version.group(1)), f"{name}: cache key {expanded!r}"
                if step["uses"].startswith("actions/upload-pages-artifact@") and key == "path":
                    assert (copy / expanded / "index.html").is_file(), f"{name}: {expanded}/ holds no built site"
            continue
        script = step["run"].strip()
        if script in GITHUB_ONLY:
            continue
        lines = []
        checks = []
        for line in script.splitlines():
            if line.strip() in INSTEAD:
                instead, shows, _ = INSTEAD[line.strip()]
                line = line.replace(line.strip(), instead)
                checks.append((instead, shows))
            lines.append(line)
        output_file = runner_temp / f"output-{number}"
        output_file.touch()
        # Files of our own for what a step hands to GitHub: under CI, the real ones belong to this job.
        github = {key: str(runner_temp / key.lower()) for key in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")}
        env = environment(
            CI="true",
            GITHUB_ACTIONS="true",
            GITHUB_OUTPUT=str(output_file),
            **github,
            **{k: expand(str(v), name) for k, v in (step.get("env") or {}).items()},
        )
        run = subprocess.run(
            ["bash", "-e", "-c", expand("\n".join(lines), name)],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, f"step '{name}' failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
        for instead, shows in checks:
            assert shows in run.stdout, f"step '{name}': `{instead}` does not show {shows!r}:\n{run.stdout}"
        if "id" in step:
            pairs = (line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
            outputs[step["id"]] = dict(pairs)
        ran.append(name)
    assert "Strict build (atomic; dates from the commit for reproducible output)" in ran
    assert (copy / "site" / "index.html").is_file()
