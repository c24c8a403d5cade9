"""Where the ``findings`` command's entry point finds it (``generator.cli:main``).

The command line lives in :mod:`generator.adapters.cli`; this name stays for scripts installed before it moved.
"""

from .adapters.cli import main

__all__ = ["main"]
