"""CONTRIBUTING.md's recipe "Add a record field", followed step by step on a copy of the repository.

Two optional theme fields are added as the recipe says: ``prevalence`` (an enum, with wordings) and
``caveat`` (verbatim text). After the steps, the guard tests pass on the copy, a wrong value is a located
error, and the built theme page shows both. Then each step is undone in turn: a guard test must fail.

The files the recipe edits are listed once, in RECIPE; if a module moves, change the path there and in
CONTRIBUTING.md (a fast test checks that the recipe names every one of them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .repo_copy import environment, repo_copy
from .sites import BIB, IMPLICATION, REPO, STUDY, THEME, page_html, project_files, write_tree

#: Step of the recipe -> the file it edits.
RECIPE = {
    "schema": "generator/schema/findings.schema.json",
    "model": "generator/core/model.py",
    "records": "generator/core/records.py",
    "labels": "generator/core/render/labels.py",
    "template": "generator/templates/theme.md.j2",
    "docs": "docs/guide/fields.md",
    "golden case": "tests/cases/theme-prevalence-and-caveat.yaml",
}
#: Files the recipe names for a case this walk does not take (a Markdown field).
NAMED_TOO = {"markdown fields": "generator/core/load.py"}
#: Step skipped -> the guard test that catches it, and what it says. (Without the schema step the validator
#: rejects the field as unknown; the template step has no guard: the golden case's page is where one sees it.)
GUARDS = {
    "model": ("tests/test_schema_model.py", "TypeError: Theme.__init__() got an unexpected keyword argument"),
    "records": (
        "tests/test_schema_model.py::test_every_value_of_a_record_reaches_the_model",
        "validated but not kept by records.py: ['prevalence', 'caveat']",
    ),
    "labels": (
        "tests/test_schema_model.py::test_every_enum_value_has_its_wording",
        "enums of the schema without wordings in labels.ENUM_LABELS",
    ),
    "docs": ("tests/test_schema.py::test_field_reference_page_is_current", "run: .venv/bin/findings schema --markdown"),
    "golden case": (
        "tests/test_schema_model.py::test_every_schema_field_is_given_by_some_record",
        "add a golden case that uses these fields",
    ),
}

PREVALENCE = {
    "all": "Voiced by every participant",
    "most": "Voiced by most participants",
    "some": "Voiced by some participants",
    "few": "Voiced by a few participants",
}
CAVEAT = "Seen only in the first three sessions."
THEME_WITH_FIELDS = THEME.replace("kind: theme\n", f"kind: theme\nprevalence: most\ncaveat: {CAVEAT}\n")


def test_the_recipe_names_every_file_it_edits() -> None:
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "\n### Add a record field\n" in contributing
    recipe = contributing.split("\n### Add a record field\n", 1)[1].split("\n### ", 1)[0]
    for step, path in {**RECIPE, **NAMED_TOO}.items():
        named = path if step != "golden case" else "tests/cases/<name>.yaml"
        assert f"`{named}`" in recipe or f"> {named}`" in recipe, f"the recipe does not name {named} ({step})"
        if step != "golden case":
            assert (REPO / path).is_file(), f"{path} moved: change RECIPE here and the recipe in CONTRIBUTING.md"


def _insert(text: str, anchor: str, addition: str, *, after: bool = False, start: str = "") -> str:
    """``text`` with ``addition`` put before (or after) the first ``anchor`` that follows ``start``."""
    begin = text.find(start) if start else 0
    at = text.find(anchor, begin) if begin >= 0 else -1
    assert at >= 0, f"{anchor!r} (after {start!r}) is no longer there: update this test's edit of the file"
    at += len(anchor) if after else 0
    return text[:at] + addition + text[at:]


def add_to_schema(text: str) -> str:
    schema = json.loads(text)
    theme = schema["$defs"]["theme"]["properties"]
    fields = {
        "prevalence": {"description": "How many participants voiced the theme.", "enum": list(PREVALENCE)},
        "caveat": {"description": "A limit on where the theme holds, as written.", "type": "string", "minLength": 1},
    }
    names = list(theme)
    at = names.index("excerpts")
    schema["$defs"]["theme"]["properties"] = {
        **dict(list(theme.items())[:at]),
        **fields,
        **dict(list(theme.items())[at:]),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def add_to_model(text: str) -> str:
    return _insert(text, "    places: Places", '    prevalence: str = ""\n    caveat: str = ""\n', start="class Theme:")


def add_to_records(text: str) -> str:
    addition = '        prevalence=data.get("prevalence") or "",\n        caveat=_text(data, "caveat"),\n'
    return _insert(text, "        places=_places(", addition, start="def _theme(")


def add_to_labels(text: str) -> str:
    wordings = "PREVALENCE = " + json.dumps(PREVALENCE, indent=4).replace("\n}", ",\n}") + "\n"
    text = _insert(text, "\n\n# Badges:", "\n" + wordings.rstrip("\n"))
    return _insert(
        text,
        "ENUM_LABELS: dict[str, tuple[dict[str, str], ...]] = {\n",
        '    "$defs/theme/properties/prevalence": (PREVALENCE,),\n',
        after=True,
    )


def add_to_template(text: str) -> str:
    shown = (
        "{% if theme.prevalence or theme.caveat %}\n"
        "{{ labels.PREVALENCE[theme.prevalence] ~ '. ' if theme.prevalence else '' }}{{ theme.caveat | text }}\n"
        "{: .fd-theme-caveat }\n\n"
        "{% endif %}\n"
    )
    return _insert(text, "{% if theme.summary %}\n", shown)


def golden_case() -> str:
    case = {
        "description": "A theme's prevalence and caveat (CONTRIBUTING.md, Add a record field).",
        "files": {
            "bib/library.bib": BIB,
            "findings/s1/study.yml": STUDY,
            "findings/s1/t1.yml": THEME_WITH_FIELDS,
            "findings/implications/listen.yml": IMPLICATION,
        },
        "expect": {"pages": {"studies/s1/t1.md": ""}},
    }
    return yaml.safe_dump(case, sort_keys=False, allow_unicode=True)


EDITS: dict[str, Callable[[str], str]] = {
    "schema": add_to_schema,
    "model": add_to_model,
    "records": add_to_records,
    "labels": add_to_labels,
    "template": add_to_template,
}


def run(copy: Path, *command: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """A command run in the copy, importing the copy's `generator` (the linked .venv's install is this checkout's)."""
    env = environment(PYTHONPATH=str(copy), NO_MKDOCS_2_WARNING="1", **extra)
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)


def pytest_in(copy: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return run(copy, sys.executable, "-m", "pytest", "-q", "--tb=line", "-p", "no:cacheprovider", *args, **extra)


@pytest.mark.slow
def test_add_a_record_field_as_the_recipe_says(tmp_path: Path) -> None:
    copy = repo_copy(tmp_path / "repo")
    where = run(copy, sys.executable, "-c", "import generator; print(generator.__file__)")
    assert where.stdout.strip() == str(copy / "generator" / "__init__.py"), where.stderr

    before = {step: (copy / path).read_text(encoding="utf-8") for step, path in RECIPE.items() if step in EDITS}
    after = {step: edit(before[step]) for step, edit in EDITS.items()}
    for step, text in after.items():
        (copy / RECIPE[step]).write_text(text, encoding="utf-8")
    docs = run(copy, str(copy / ".venv" / "bin" / "findings"), "schema", "--markdown")
    assert docs.returncode == 0, docs.stderr
    before["docs"] = (copy / RECIPE["docs"]).read_text(encoding="utf-8")
    (copy / RECIPE["docs"]).write_text(docs.stdout, encoding="utf-8")
    assert "| `prevalence` |" in docs.stdout and "How many participants voiced the theme." in docs.stdout
    case = copy / RECIPE["golden case"]
    case.write_text(golden_case(), encoding="utf-8")
    filled = pytest_in(copy, "tests/test_golden.py", "-k", case.stem, UPDATE_GOLDEN="1")
    assert filled.returncode == 0, filled.stdout + filled.stderr
    page = yaml.safe_load(case.read_text(encoding="utf-8"))["expect"]["pages"]["studies/s1/t1.md"]
    assert f"Voiced by most participants. {CAVEAT}\n{{: .fd-theme-caveat }}" in page

    passed = pytest_in(copy, "tests/test_schema_model.py", "tests/test_schema.py", "tests/test_golden.py")
    assert passed.returncode == 0, passed.stdout + passed.stderr

    # The field validates: a value outside the enum is an error at its place.
    project = write_tree(
        tmp_path / "project", project_files(**{"findings/s1/t1.yml": THEME_WITH_FIELDS.replace("most", "many")})
    )
    check = run(copy, sys.executable, "-m", "generator", "check", "--root", str(project))
    assert check.returncode == 1
    assert check.stderr.splitlines()[0] == (
        "findings/s1/t1.yml:6:13: error: 'prevalence' should be one of: all, most, some, few; got text 'many'"
    )
    # ... and the site shows it: built by MkDocs with the copy's plugin.
    (project / "findings/s1/t1.yml").write_text(THEME_WITH_FIELDS, encoding="utf-8")
    built = run(copy, sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(project / "mkdocs.yml"))
    assert built.returncode == 0, built.stderr
    html = page_html(project / "site", "studies/s1/t1/index.html")
    assert f'<p class="fd-theme-caveat">Voiced by most participants. {CAVEAT}</p>' in html
    data = json.loads((project / "site" / "findings.json").read_text(encoding="utf-8"))
    assert [(t["prevalence"], t["caveat"]) for t in data["themes"]] == [("most", CAVEAT)]

    # Each step skipped in turn: a guard test fails and says why.
    case_text = case.read_text(encoding="utf-8")
    failed = {}
    for step, (guard, says) in GUARDS.items():
        path = copy / RECIPE[step]
        if step == "golden case":
            path.unlink()
        else:
            path.write_text(before[step], encoding="utf-8")
        result = pytest_in(copy, guard)
        output = result.stdout + result.stderr
        failed[step] = "" if result.returncode != 0 and says in output else output
        path.write_text(case_text if step == "golden case" else after.get(step, docs.stdout), encoding="utf-8")
    assert failed == dict.fromkeys(GUARDS, "")
