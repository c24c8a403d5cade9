"""Where installed entry points find the MkDocs plugin (``generator.mkdocs_plugin:FindingsPlugin``).

The plugin lives in :mod:`generator.adapters.mkdocs.plugin`; this name stays for projects installed before it moved.
"""

from .adapters.mkdocs.plugin import FindingsConfig, FindingsPlugin

__all__ = ["FindingsConfig", "FindingsPlugin"]
