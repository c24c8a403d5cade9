"""Where the ``findings`` command's entry point finds it (``generator.cli:main``).

The command line lives in :mod:`generator.adapters.cli`; this name stays for scripts installed before it moved.
``main`` here runs the command as a whole process (it exits when done); to call the command from Python,
use :func:`generator.adapters.cli.main`, which returns the exit code.
"""

from .adapters.cli import run as main

__all__ = ["main"]
