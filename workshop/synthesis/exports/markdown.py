"""Markdown day report from a synthesis (see report.py for the content and its order)."""

from __future__ import annotations

import re

from .report import Reader, build_blocks

# Characters that make inline markup (emphasis, code, strike-through, table cells)…
_INLINE_MARKUP = re.compile(r"([\\`*_~|])")
# …what turns a line into a heading, a quote, a list item, a setext underline or a link
# definition ("[x]: url"); "[x](url)" and "[x][y]" lose their link too.
_LINE_MARKUP = re.compile(r"^([ \t]*)(#|>|[-+=\[]|\d+(?=[.)]))", re.MULTILINE)


def md_text(text) -> str:
    """Text people wrote (a note, a theme label, a contribution) as Markdown that shows it as
    written: "# titre" stays a line of text, "**" stays two stars. Escapes render invisibly;
    brackets stay as they are ("[nom]", the review's placeholders) where they cannot link."""
    escaped = _INLINE_MARKUP.sub(r"\\\1", str(text)).replace("][", "]\\[").replace("](", "]\\(")
    return _LINE_MARKUP.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                                    else "\\" + m.group(2)), escaped)


def _cell(text) -> str:
    return md_text(text).replace("\n", " ")


def _inert(markdown: str) -> str:
    """Contributions are text, not markup: raw HTML and links written by participants must not
    come alive in a Markdown viewer. Our own labels use none of these characters."""
    return markdown.replace("&", "&amp;").replace("<", "&lt;").replace("](", "]\\(")


def render_markdown(synthesis: dict, doc=None, reader: Reader | None = None) -> str:
    """The report as Markdown text (headings, lists, tables, quotes)."""
    lines: list[str] = []
    for block in build_blocks(synthesis, doc, reader):
        kind = block[0]
        if kind == "heading":
            lines += ["#" * (block[1] + 1) + " " + _cell(block[2]), ""]
        elif kind == "para":
            lines += [md_text(block[1]), ""]
        elif kind == "note":
            lines += [f"*{_cell(block[1])}*", ""]
        elif kind == "meta":
            lines += [" · ".join(f"**{_cell(label)}**{block[2]}{_cell(value)}"
                                 for label, value in block[1]), ""]
        elif kind == "quote":
            lines += ["> " + md_text(line) for line in block[1].splitlines() or [""]]
            lines.append("")
        elif kind == "bullets":
            for entry in block[1]:
                text, subs = entry if isinstance(entry, tuple) else (entry, [])
                lines.append(f"- {_cell(text)}")
                lines += [f"  - {_cell(sub)}" for sub in subs]
            lines.append("")
        elif kind == "table":
            headers, rows = block[1], block[2]
            lines.append("| " + " | ".join(_cell(h) for h in headers) + " |")
            lines.append("|" + "|".join("---" for _ in headers) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            lines.append("")
    return _inert("\n".join(lines).rstrip() + "\n")
