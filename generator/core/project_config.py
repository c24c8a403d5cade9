"""Where a project keeps things, read from its mkdocs.yml: records, references and the editors' schema.

The commands that write into a project (`findings new`, `findings import`, `findings schema
--write`) find the project's mkdocs.yml above the folder they are given and take the
findings plugin's `findings`, `bib` and `schema` settings from it, so they write where the
site reads. Nothing here imports MkDocs: the file is read as plain YAML, tolerating the
tags MkDocs allows (`!ENV`, `!!python/name:`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .project import Layout

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_SCHEMA = "schema/findings.schema.json"
DEFAULT_RECORD_CACHE = ".cache/findings-records"
PLUGIN = "findings"


class _Lenient(yaml.SafeLoader):
    """Reads any tag as if it were absent (its value as a plain scalar, list or mapping)."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Lenient.add_multi_constructor("", _untagged)


@dataclass(frozen=True)
class ProjectConfig:
    layout: Layout
    schema_file: Path
    """Where records' `$schema` comments point (the `schema` plugin setting)."""
    config_file: Path | None = None
    """The mkdocs.yml these came from, if any."""
    record_cache: str = DEFAULT_RECORD_CACHE
    """Folder, relative to the project, where records read are kept for the next run ('' keeps none)."""


def find_config(start: Path) -> Path | None:
    """The nearest mkdocs.yml in ``start`` or a folder above it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def plugin_settings(config_file: Path) -> dict[str, Any]:
    """The findings plugin's settings in an mkdocs.yml ({} when it has none or cannot be read)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Lenient)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries = plugins.items() if isinstance(plugins, dict) else (plugins or ())
    for entry in entries:
        if isinstance(entry, tuple):  # plugins given as a mapping
            name, settings = entry
        elif isinstance(entry, dict) and len(entry) == 1:
            name, settings = next(iter(entry.items()))
        else:
            name, settings = entry, {}
        if name == PLUGIN:
            return settings if isinstance(settings, dict) else {}
    return {}


def _setting(settings: dict[str, Any], name: str, default: str) -> str:
    value = settings.get(name)
    return value if isinstance(value, str) and value.strip() else default


def project_config(
    start: Path, *, findings: str | None = None, bib: str | None = None, root: Path | None = None
) -> ProjectConfig:
    """The project around ``start``: mkdocs.yml's settings, overridden by the options given.

    With ``root``, that folder is the project (its own mkdocs.yml, if any, is read). Without
    an mkdocs.yml the defaults apply (`findings`, `bib`, `schema/findings.schema.json`)
    relative to ``root`` or, failing that, to ``start``.
    """
    if root is not None:
        config_file = next((root / n for n in CONFIG_NAMES if (root / n).is_file()), None)
        base = root
    else:
        config_file = find_config(start)
        base = config_file.parent if config_file else start
    settings = plugin_settings(config_file) if config_file else {}
    layout = Layout.at(
        base, findings or _setting(settings, "findings", "findings"), bib or _setting(settings, "bib", "bib")
    )
    record_cache = settings.get("record_cache")  # '' turns the cache off, so it is not a missing value here
    return ProjectConfig(
        layout,
        layout.root / _setting(settings, "schema", DEFAULT_SCHEMA),
        config_file,
        record_cache if isinstance(record_cache, str) else DEFAULT_RECORD_CACHE,
    )
