"""The reader of an export: the language they pick (FR, NL, EN; by default their interface's),
and what the pure report renderers need from the app in that language, handed over as data."""

from datetime import date
from functools import partial

from babel.dates import format_date
from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.i18n import current_language
from ..core.times import show_time, zone
from ..sessions.methods import localized
from ..synthesis.exports.report import Reader
from .redaction import redaction_summary


def reader_language() -> str:
    """``?lang=`` of the export link when it is one we speak, else the interface's language."""
    wanted = request.args.get("lang")
    return wanted if wanted in current_app.config["LANGUAGES"] else current_language()


def _long_date(iso: str, language: str) -> str:
    return format_date(date.fromisoformat(iso), "long", locale=language)


def report_reader(session, records: list, language: str | None = None) -> Reader:
    """The Reader of this request for ``session``'s report, closing on the personal-data summary
    of the review (``records``)."""
    language = language or reader_language()
    method = session.method
    with force_locale(language):
        closing = ((_("Données personnelles"), redaction_summary(records)),)
    return Reader(
        language=language,
        show_time=partial(show_time, zone=zone(), language=language),
        show_date=partial(_long_date, language=language),
        step_titles={step.index: localized(step.titles, language) for step in method.steps},
        questions={q.key: localized(q.labels, language) for q in method.questions},
        closing=closing,
    )
