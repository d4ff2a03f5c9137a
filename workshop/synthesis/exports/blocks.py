"""Markdown and DOCX from a flat list of (kind, text) blocks: the project and forum reports."""

from io import BytesIO

from .markdown import _inert, md_text
from .xml_text import xml_safe

MARKDOWN_PREFIX = {"title": "# ", "h1": "## ", "h2": "### ", "bullet": "- ", "para": "", "quote": "> "}
HEADING_LEVELS = {"title": 0, "h1": 1, "h2": 2}


def blocks_to_markdown(blocks) -> str:
    lines, previous = [], None
    for kind, text in blocks:
        if previous == "bullet" and kind != "bullet":
            lines.append("")  # else the paragraph would continue the list's last item
        lines.append(MARKDOWN_PREFIX[kind] + md_text(text).replace("\n", " "))
        if kind != "bullet":
            lines.append("")
        previous = kind
    return _inert("\n".join(lines).rstrip("\n") + "\n")


def blocks_to_docx(blocks) -> bytes:
    from docx import Document

    document = Document()
    for kind, text in xml_safe(blocks):
        if kind in HEADING_LEVELS:
            document.add_heading(text, level=HEADING_LEVELS[kind])
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "quote":
            document.add_paragraph(text, style="Quote")
        else:
            document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
