"""Qualitative findings to a website of clinical implications: records in, Markdown pages out."""

__version__ = "0.1.0"
