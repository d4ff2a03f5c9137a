"""``flask --app workshop purge --older-than DAYS [--dry-run]``: purge the personal data of every
session whose report has been final for at least DAYS days (``workspace.retention``)."""

import click
from flask.cli import with_appcontext

from ..core.errors import ActionError
from ..core.extensions import db
from .retention import due_for_purge, purge


@click.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=0), required=True,
              help="Purge sessions whose report has been final for at least this many days.")
@click.option("--dry-run", is_flag=True, help="List the sessions without purging them.")
@with_appcontext
def purge_command(days: int, dry_run: bool) -> None:
    """Erase the personal data of sessions whose report is final, keeping their anonymised
    synthesis."""
    sessions = due_for_purge(days)
    if not sessions:
        click.echo(f"No session whose report has been final for {days} days or more is left to purge.")
        return
    failed = 0
    for session in sessions:
        label = f"session {session.id} ({session.title})"
        if dry_run:
            click.echo(f"would purge {label}")
            continue
        try:
            purge(session)
            db.session.commit()
        except ActionError as error:
            db.session.rollback()
            failed += 1
            click.echo(f"not purged: {label}: {error.message}", err=True)
            continue
        click.echo(f"purged {label}")
    if failed:
        raise SystemExit(1)
