"""Exports of a session's synthesis: Markdown and DOCX day reports, CSV of the data.

The renderers take the synthesis dict built by ``workshop.synthesis.build_synthesis``
(plus, optionally, the session document for context) and need no Flask app.
"""

from .labels import role_descriptor

__all__ = ["role_descriptor"]
