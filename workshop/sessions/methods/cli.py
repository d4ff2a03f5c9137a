"""``flask --app workshop methods check FILE``: is this method file usable? (docs/methods.md)

Exit 0 with a one-line summary; exit 2 with what is wrong, naming the faulty step."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import MethodError, read_method_file


@click.group("methods")
def methods_cli() -> None:
    """Method files (docs/methods.md)."""


@methods_cli.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def check_command(file: Path) -> None:
    """Check a method file against the format and the rules of its kinds of steps."""
    try:
        with current_app.test_request_context():  # messages in the default language
            method = read_method_file(file)
    except MethodError as error:
        click.echo(f"{file}: {error}", err=True)
        raise SystemExit(2) from None
    minutes = sum(step.minutes for step in method.steps)
    click.echo(f"{method.key}: {method.titles['fr']} — {len(method.phases)} phases, "
               f"{len(method.steps)} steps, {minutes // 60} h {minutes % 60:02d} min, "
               f"{len(method.questions)} evaluation questions")
