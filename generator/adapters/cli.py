"""The `findings` command: a thin adapter over the pure core.

Exit codes: 0 success (warnings allowed), 1 the records have errors (or, with
--strict, warnings), 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from ..core.diagnostics import Diagnostic, display_path
from ..core.kept_records import KeptRecords
from ..core.outputs import asset_files, site_contents
from ..core.project import Layout, build_site, diagnose
from ..core.project_config import ProjectConfig, project_config
from ..core.render.pages import RenderOptions
from ..core.write import write_pages
from ..schema import schema_text
from ..speed.executor import ONE_OFF

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _github_line(d: Diagnostic) -> str:
    """A GitHub Actions workflow command, so the message shows on the pull request's line."""

    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    level = "error" if d.is_error else "warning"
    loc = d.location
    props = f"file={esc(loc.path)}"
    if loc.line:
        props += f",line={loc.line}"
    if loc.column:
        props += f",col={loc.column}"
    message = d.message + (f" ({d.suggestion})" if d.suggestion else "")
    return f"::{level} {props}::{esc(message)}"


def report(diagnostics: Sequence[Diagnostic], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        items = [
            {
                "path": d.location.path,
                "line": d.location.line,
                "column": d.location.column,
                "severity": d.severity.value,
                "message": d.message,
                "suggestion": d.suggestion,
                "code": d.code,
            }
            for d in diagnostics
        ]
        json.dump({"diagnostics": items}, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    for d in diagnostics:
        out.write((_github_line(d) if fmt == "github" else str(d)) + "\n")
    if fmt == "text" and diagnostics:
        errors = sum(d.is_error for d in diagnostics)
        out.write(f"{errors} error(s), {len(diagnostics) - errors} warning(s)\n")


def _layout(args: argparse.Namespace) -> tuple[Layout, KeptRecords]:
    """--root's folders (--findings and --bib, else the findings plugin's settings in its mkdocs.yml), and
    the records kept from the last run (the plugin's `record_cache`; none with --no-cache)."""
    root = Path(args.root)
    project = project_config(root, findings=args.findings, bib=args.bib, root=root)
    folder = None if args.no_cache or not project.record_cache else project.layout.root / project.record_cache
    return project.layout, KeptRecords(folder, _warn)


def _warn(message: str) -> None:
    sys.stderr.write(f"warning: {message}\n")


def cmd_check(args: argparse.Namespace) -> int:
    layout, kept = _layout(args)
    diagnostics = diagnose(layout, mode=ONE_OFF, progress=sys.stderr, kept=kept)
    report(diagnostics, args.format, sys.stdout if args.format == "json" else sys.stderr)
    if any(d.is_error for d in diagnostics) or (args.strict and diagnostics):
        return EXIT_ERRORS
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    layout, kept = _layout(args)
    site, result = build_site(
        layout,
        RenderOptions(prefix=args.prefix, title=args.title, history=True),
        mode=ONE_OFF,  # every core; only what was read from the records is kept for a next build
        progress=sys.stderr,
        kept=kept,
    )
    report(result.diagnostics, args.format, sys.stderr)
    if site is None:
        return EXIT_ERRORS
    try:
        contents = site_contents(site.pages, site.files)
        contents.update(asset_files())  # the stylesheets and script the pages use, which the plugin would add
        written = write_pages(contents, Path(args.out), ONE_OFF.executor())
    except FileExistsError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_ERRORS
    sys.stderr.write(
        f"{len(written.written)} page(s) written, {len(written.unchanged)} unchanged, "
        f"{len(written.removed)} removed, in {args.out}\n"
    )
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.write is not None:
        from ..core.schema_file import write_schema

        path = Path(args.write) if args.write else project_config(Path.cwd()).schema_file
        try:
            written = write_schema(path)
        except OSError as exc:
            sys.stderr.write(f"findings schema: cannot write {path.as_posix()}: {exc.strerror or exc}\n")
            return EXIT_ERRORS
        shown = display_path(path, Path.cwd())
        sys.stderr.write(f"wrote {shown}\n" if written else f"{shown} is up to date\n")
        return EXIT_OK
    if args.markdown:
        from ..schema.reference import field_reference

        sys.stdout.write(field_reference())
    else:
        sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_refs(args: argparse.Namespace) -> int:
    from ..core.references.cli import refs_command

    return refs_command(Path(args.file), fmt=args.format, as_json=args.json, out=sys.stdout)


def _project(args: argparse.Namespace, start: Path) -> ProjectConfig:
    """The project's settings: mkdocs.yml above ``start`` (or in --root), then the options given."""
    root = Path(args.root) if args.root else None
    return project_config(start, findings=args.findings, bib=args.bib, root=root)


def cmd_new(args: argparse.Namespace) -> int:
    from ..core.scaffold import new_record

    project = _project(args, Path.cwd())
    path, message = new_record(
        project.layout,
        args.kind,
        args.title,
        record_id=args.id or "",
        study=args.study or "",
        parent=args.parent or "",
        reference=args.reference or "",
        grounded_in=args.grounded_in or (),
        theme_kind=args.theme_kind,
        schema_file=project.schema_file,
    )
    sys.stderr.write(message + "\n")
    return EXIT_OK if path else EXIT_ERRORS


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.importers import import_command, locate_project

    into = Path(args.into) if args.into else None
    root = Path(args.root) if args.root else None
    project = locate_project(into, root, args.findings, args.bib)
    return import_command(Path(args.file), into, args.dry_run, sys.stdout, sys.stderr, args.study, project)


def cmd_export(args: argparse.Namespace) -> int:
    from ..core.importers import export_command

    bib = Path(args.bib) if args.bib else None
    return export_command(Path(args.findings), args.study, Path(args.file), sys.stdout, sys.stderr, bib)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="findings", description="Check qualitative findings records and build their site pages."
    )
    sub = main.add_subparsers(dest="command", required=True)

    def project_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--root", default=".", help="project folder (default: current folder)")
        p.add_argument(
            "--findings", help="records folder, relative to --root (default: from mkdocs.yml, else findings)"
        )
        p.add_argument("--bib", help="BibTeX folder, relative to --root (default: from mkdocs.yml, else bib)")
        p.add_argument(
            "--format",
            choices=("text", "github", "json"),
            default="text",
            help="how to print problems: text, github (workflow annotations) or json",
        )
        p.add_argument(
            "--no-cache",
            action="store_true",
            help="read every record and .bib file afresh, and keep nothing for the next run "
            "(default: keep them in the `record_cache` folder, .cache/findings-records)",
        )

    p = sub.add_parser("check", help="validate every record and reference; print every problem")
    project_options(p)
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("build", help="write the site's pages as Markdown files")
    project_options(p)
    p.add_argument("--out", required=True, help="folder to write pages into (e.g. docs/)")
    p.add_argument("--prefix", default="", help="subfolder of --out for the pages")
    p.add_argument("--title", default=RenderOptions.title, help="home page heading")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("schema", help="print the JSON Schema of records")
    p.add_argument("--markdown", action="store_true", help="print the field reference page instead")
    p.add_argument(
        "--write",
        nargs="?",
        const="",
        metavar="PATH",
        help="write the schema into the project for editors (default: the `schema` setting in mkdocs.yml, "
        "else schema/findings.schema.json beside it)",
    )
    p.set_defaults(run=cmd_schema)

    p = sub.add_parser("refs", help="print each entry's APA reference and citation")
    p.add_argument("file", help="a .bib file")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.add_argument("--json", action="store_true", help="print {key: {reference, citation}} as JSON")
    p.set_defaults(run=cmd_refs)
    p = sub.add_parser("new", help="write a new commented record (study, theme or implication) to fill in")
    p.add_argument("kind", choices=("study", "theme", "implication"))
    p.add_argument("title", help="title of the new record; its id is made from it unless --id is given")
    p.add_argument("--id", help="id to use (must be unused)")
    p.add_argument("--root", help="project folder (default: the one of the mkdocs.yml above the current folder)")
    p.add_argument("--findings", help="records folder, relative to the project (default: from mkdocs.yml)")
    p.add_argument("--bib", help="BibTeX folder, relative to the project (default: from mkdocs.yml)")
    p.add_argument("--study", help="for a theme: its study's id")
    p.add_argument("--parent", help="for a subtheme: its parent theme's id")
    p.add_argument("--theme-kind", default="theme", choices=("overarching", "theme", "subtheme", "metatheme"))
    p.add_argument("--reference", help="for a study: bib key of its publication")
    p.add_argument("--grounded-in", nargs="+", help="for an implication: theme and excerpt ids")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("import", help="write theme records from a REFI-QDA (.qdpx, .qde, .qdc) or CSV codebook")
    p.add_argument("file", help="the export to read")
    p.add_argument(
        "--into", help="folder inside the project's records folder for new records (default: the records folder)"
    )
    p.add_argument("--study", help="id of an existing study to add themes to, or of the study to create")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing; list every file it would write, and diff what it would replace",
    )
    p.add_argument("--root", help="project folder (default: the one of the mkdocs.yml above --into)")
    p.add_argument("--findings", help="records folder, relative to the project (default: from mkdocs.yml)")
    p.add_argument("--bib", help="BibTeX folder for the placeholder reference (default: from mkdocs.yml)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("export", help="write a study's themes as a REFI-QDA codebook (.qdc)")
    p.add_argument("file", help="the .qdc file to write (must not exist)")
    p.add_argument("--findings", default="findings", help="records folder")
    p.add_argument("--bib", help="BibTeX folder, for citations as APA text (default: bib beside --findings)")
    p.add_argument("--study", required=True, help="id of the study to export")
    p.set_defaults(run=cmd_export)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The command as a process of its own: :func:`main`, then exit at once with its code.

    Leaving the usual way frees every object one by one and runs a last garbage collection over
    them all: after a build of thousands of records that took seconds of the command's time, for
    nothing (the system takes the memory back whole). Files are closed as they are written; only
    the standard streams still need flushing.
    """
    code = main(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`findings check | head`): nothing more to say
            code = code or EXIT_ERRORS
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
