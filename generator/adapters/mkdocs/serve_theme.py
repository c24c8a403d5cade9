"""`mkdocs serve` rebuilds: the theme's environments keep their compiled templates and file list.

MkDocs makes new theme environments on every rebuild (one for the pages, one for each plugin that asks,
such as Material's search for its language strings), compiles each template again, and lists every file in
the theme's folders to find its static assets: Material ships about 14,500, mostly icons. The installed
theme does not change while serving, so its list (filtered as MkDocs filters it) is made once per session;
a ``custom_dir`` is listed on every rebuild, as the site's author may be editing it. Jinja checks each
compiled template against its source, so an edited template is still compiled again.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from .theme import CompiledTemplates

_Filter = Callable[[str], bool]


class ServeTheme:
    def __init__(self, compiled: CompiledTemplates) -> None:
        self.compiled = compiled
        self.listed: dict[tuple[str, CodeType | None, tuple[str, ...]], list[str]] = {}

    def install(self, config: MkDocsConfig) -> None:
        """Every environment made from this build's theme gets the kept templates and file list."""
        theme = config.theme
        make_env: Callable[[], jinja2.Environment] = theme.get_env

        def get_env() -> jinja2.Environment:
            env = make_env()
            if env.bytecode_cache is None:
                env.bytecode_cache = self.compiled
            if isinstance(env.loader, jinja2.FileSystemLoader):
                env.list_templates = lambda extensions=None, filter_func=None: self.list_templates(  # type: ignore[method-assign]
                    env, config, extensions, filter_func
                )
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def list_templates(
        self, env: jinja2.Environment, config: MkDocsConfig, extensions: Any, filter_func: _Filter | None
    ) -> list[str]:
        loader = env.loader
        assert isinstance(loader, jinja2.FileSystemLoader)
        if extensions is not None:  # not how MkDocs asks: no shortcut
            return jinja2.Environment.list_templates(env, extensions, filter_func)
        custom = config.theme.custom_dir
        # A filter is known by its code and the settings it reads (MkDocs' reads the static templates).
        code = getattr(filter_func, "__code__", None)
        if filter_func is not None and code is None:  # not a plain function: no telling what it does
            return jinja2.Environment.list_templates(env, extensions, filter_func)
        statics = tuple(sorted(config.theme.static_templates))
        found: set[str] = set()
        for folder in loader.searchpath:
            if folder == custom:
                found.update(_filtered(_listing(folder, loader.followlinks), filter_func))
                continue
            key = (folder, code, statics)
            names = self.listed.get(key)
            if names is None:
                names = self.listed[key] = _filtered(_listing(folder, loader.followlinks), filter_func)
            found.update(names)
        return sorted(found)


def _listing(folder: str, followlinks: bool) -> list[str]:
    return jinja2.FileSystemLoader(folder, followlinks=followlinks).list_templates()


def _filtered(names: list[str], filter_func: _Filter | None) -> list[str]:
    return names if filter_func is None else [name for name in names if filter_func(name)]
