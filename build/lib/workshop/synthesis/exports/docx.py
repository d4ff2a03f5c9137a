"""DOCX day report (python-docx), the document rapporteurs edit by hand.

Uses the built-in styles so Word's navigation pane and table of contents work: Title,
Heading 1 (participants, phases, formula, notes), Heading 2 (sections), Heading 3
(themes, levels), "List Bullet" / "List Bullet 2", "Quote", and "Table Grid" tables for
positioning counts, proposals and evaluation.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.shared import Pt

from .report import build_blocks


def build_docx(synthesis: dict, doc=None):
    """A ``docx.Document`` holding the report."""
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    language = synthesis["session"].get("language", "fr")
    document.core_properties.title = synthesis["session"].get("title") or ""
    document.core_properties.language = language
    for block in build_blocks(synthesis, doc):
        kind = block[0]
        if kind == "heading":
            document.add_heading(block[2], level=block[1])
        elif kind == "para":
            document.add_paragraph(block[1])
        elif kind == "meta":
            paragraph = document.add_paragraph()
            for i, (label, value) in enumerate(block[1]):
                if i:
                    paragraph.add_run(" · ")
                paragraph.add_run(label).bold = True
                paragraph.add_run(block[2])
                paragraph.add_run(str(value))
        elif kind == "quote":
            document.add_paragraph(block[1], style="Quote")
        elif kind == "bullets":
            for entry in block[1]:
                text, subs = entry if isinstance(entry, tuple) else (entry, [])
                document.add_paragraph(text, style="List Bullet")
                for sub in subs:
                    document.add_paragraph(sub, style="List Bullet 2")
        elif kind == "table":
            headers, rows = block[1], block[2]
            table = document.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, headers, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(str(header)).bold = True
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = str(value)
            document.add_paragraph()
    return document


def render_docx(synthesis: dict, doc=None) -> bytes:
    """The report as the bytes of a .docx file."""
    buffer = BytesIO()
    build_docx(synthesis, doc).save(buffer)
    return buffer.getvalue()
