"""Automatic synthesis of a session: pure Python, no Flask, so it runs on any session document."""

from .document import DocumentError, SessionDocument, dump_document, load_document
from .edits import apply_edits, theme_ref
from .engine import build_synthesis

__all__ = [
    "DocumentError",
    "SessionDocument",
    "apply_edits",
    "build_synthesis",
    "dump_document",
    "load_document",
    "theme_ref",
]
