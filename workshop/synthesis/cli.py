"""``flask --app workshop synthesize FILE.json [--themes K] [--format json|md|docx] [-o OUT]``.

A plain click command (no app context needed): the app registers it with
``app.cli.add_command(synthesize_command, "synthesize")``. JSON goes to stdout unless
``-o`` is given; DOCX needs ``-o``. A malformed document exits with code 2 and a
message on stderr naming the faulty field (e.g. ``contributions[0].kind``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .document import DocumentError, load_document
from .engine import build_synthesis
from .json_input import JsonInputError, parse_json


def _fail(message: str):
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@click.command("synthesize")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--themes", "themes", type=click.IntRange(min=1), default=None,
              help="Number of automatic themes (default: chosen automatically).")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "docx"]), default="json",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout (required for docx).")
@click.option("--no-edits", is_flag=True, help="Ignore the rapporteur's synthesis_edits.")
def synthesize_command(file: Path, themes: int | None, fmt: str, output: Path | None,
                       no_edits: bool) -> None:
    """Build the synthesis of the session document FILE (tourdetable.session/1 JSON)."""
    if fmt == "docx" and output is None:
        _fail("--format docx needs -o/--output FILE.docx")
    try:
        raw = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail(f"{file} is not UTF-8 text")
    try:
        data = parse_json(raw)
    except JsonInputError as exc:
        _fail(f"{file} is not valid JSON ({exc})")
    try:
        doc = load_document(data)
        synthesis = build_synthesis(doc, themes=themes, edits=not no_edits)
    except DocumentError as exc:
        _fail(f"invalid session document: {exc}")

    if fmt == "json":
        text = json.dumps(synthesis, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "md":
        from .exports.markdown import render_markdown

        text = render_markdown(synthesis, doc)
    else:
        from .exports.docx import render_docx

        output.write_bytes(render_docx(synthesis, doc))
        click.echo(f"Wrote {output}", err=True)
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)
