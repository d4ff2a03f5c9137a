"""Markdown day report from a synthesis (see report.py for the content and its order)."""

from __future__ import annotations

from .report import Reader, build_blocks


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


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
            lines += ["#" * (block[1] + 1) + " " + block[2], ""]
        elif kind == "para":
            lines += [block[1], ""]
        elif kind == "note":
            lines += [f"*{block[1]}*", ""]
        elif kind == "meta":
            lines += [" · ".join(f"**{label}**{block[2]}{value}" for label, value in block[1]), ""]
        elif kind == "quote":
            lines += ["> " + line for line in block[1].splitlines() or [""]]
            lines.append("")
        elif kind == "bullets":
            for entry in block[1]:
                text, subs = entry if isinstance(entry, tuple) else (entry, [])
                lines.append(f"- {text}")
                lines += [f"  - {sub}" for sub in subs]
            lines.append("")
        elif kind == "table":
            headers, rows = block[1], block[2]
            lines.append("| " + " | ".join(_escape(h) for h in headers) + " |")
            lines.append("|" + "|".join("---" for _ in headers) + "|")
            lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in rows]
            lines.append("")
    return _inert("\n".join(lines).rstrip() + "\n")
