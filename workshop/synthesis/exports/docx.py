"""DOCX day report (python-docx), the document rapporteurs edit by hand.

Uses the built-in styles so Word's navigation pane and table of contents work: Title,
Heading 1 (formula, participants, phases, notes), Heading 2 (sections), Heading 3
(themes, classes of position), "List Bullet" / "List Bullet 2", "Quote", and "Table Grid"
tables whose columns take the share of the page the report gives them (a proposal's text
gets the width, its rank and points little).
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.shared import Cm, Pt

from .report import Reader, build_blocks
from .xml_text import xml_safe


def _table(document, headers, rows, widths) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        run = cell.paragraphs[0].add_run(str(header))
        run.bold = True
        run.font.size = Pt(10)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.paragraphs[0].add_run(str(value)).font.size = Pt(10)
    for column, share in zip(table.columns, widths, strict=True):
        column.width = int(usable * share)
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the columns'
            cell.width = int(usable * share)
    document.add_paragraph()


def build_docx(synthesis: dict, doc=None, reader: Reader | None = None):
    """A ``docx.Document`` holding the report."""
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]  # A4, as a report is printed in Belgium
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    blocks = map(xml_safe, build_blocks(synthesis, doc, reader))
    document.core_properties.title = xml_safe(synthesis["session"].get("title") or "")
    document.core_properties.language = (reader.language if reader
                                         else synthesis["session"].get("language", "fr"))
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            document.add_heading(block[2], level=block[1])
        elif kind == "para":
            document.add_paragraph(block[1])
        elif kind == "note":
            run = document.add_paragraph().add_run(block[1])
            run.italic = True
            run.font.size = Pt(9)
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
            _table(document, *block[1:])
    return document


def render_docx(synthesis: dict, doc=None, reader: Reader | None = None) -> bytes:
    """The report as the bytes of a .docx file."""
    buffer = BytesIO()
    build_docx(synthesis, doc, reader).save(buffer)
    return buffer.getvalue()
