"""The theme's Jinja environment for a build: what the plugin installs in it, and its compiled templates
kept between the rebuilds of `mkdocs serve`."""

from __future__ import annotations

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from .csp import ContentPolicy
from .material_nav import install as install_python_nav
from .settings import FindingsConfig
from .site_footer import install as install_footer
from .theme_escaping import install as escape_theme_text


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory between `mkdocs serve` rebuilds.

    Jinja keys each entry by template name and checks it against a checksum of the source, so an
    edited template is compiled again.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def prepare_theme(
    env: jinja2.Environment,
    config: MkDocsConfig,
    settings: FindingsConfig,
    footer: str,
    serving: bool,
    compiled: CompiledTemplates,
) -> tuple[jinja2.Environment, ContentPolicy | None]:
    """The theme's environment for this build, and the pages' Content-Security-Policy (if any)."""
    env = escape_theme_text(env)  # titles in <title> and aria-labels stay text
    if settings.python_nav:
        env = install_python_nav(env, config)
    env = install_footer(env, config, footer)
    csp = None  # not while previewing: `mkdocs serve` adds an inline reload script
    if settings.content_security_policy and not serving:
        csp = ContentPolicy.of_theme(env, [str(script) for script in config.extra_javascript])
    if serving and env.bytecode_cache is None:
        # MkDocs makes a new theme environment for every rebuild; keep the compiled templates.
        env.bytecode_cache = compiled
    return env, csp
