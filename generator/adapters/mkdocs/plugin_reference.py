"""The plugin settings page, written from the documented options of FindingsConfig.

Run `python -m generator.adapters.mkdocs.plugin_reference > docs/guide/settings.md`; a test keeps it current.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

from .settings import FindingsConfig


def option_docs() -> list[tuple[str, str, str]]:
    """(name, declaration, docstring) for every option, in declaration order."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(FindingsConfig)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    found = []
    for statement, following in zip(body, [*body[1:], None], strict=True):
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            doc = ""
            if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
                doc = " ".join(str(following.value.value).split())
            found.append((statement.targets[0].id, ast.unparse(statement.value), doc))
    return found


def settings_page() -> str:
    lines = [
        "# Plugin settings",
        "",
        "<!-- Generated from generator/adapters/mkdocs/settings.py"
        " by `python -m generator.adapters.mkdocs.plugin_reference`. Do not edit. -->",
        "",
        "Set these under the plugin in `mkdocs.yml`:",
        "",
        "```yaml",
        "plugins:",
        "  - search",
        "  - findings:",
        "      findings: findings",
        "```",
        "",
        "| Setting | Declared as | Meaning |",
        "|---|---|---|",
    ]
    for name, declaration, doc in option_docs():
        meaning = doc.replace("|", "\\|")
        lines.append(f"| `{name}` | `{declaration}` | {meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(settings_page(), end="")
