"""The groups' reports in one download for the steering committee: a ZIP with, for each session
of each group, its synthesis as the rapporteur exports it (reviewed texts, through the disclosure
policy: no pseudonym, no profile group under three, votes as counts) in DOCX and Markdown.

A session whose personal data has not been reviewed yet is not in the bundle: its line in the
index says so."""

import io
import re
import unicodedata
import zipfile

from flask_babel import force_locale
from flask_babel import gettext as _

from ..synthesis.exports.docx import build_docx
from ..synthesis.exports.markdown import md_text, render_markdown
from ..workspace.build import build
from ..workspace.redaction import Undecided, redacted_document, redaction_summary


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:50] or "x"


def session_report(session) -> tuple[str, bytes] | None:
    """(Markdown, DOCX) of the session's reviewed synthesis; None while its review is open."""
    try:
        data, records = redacted_document(session)
    except Undecided:
        return None
    synthesis, doc = build(session, data)
    with force_locale(session.language):
        heading, summary = _("Données personnelles"), redaction_summary(records)
    markdown = render_markdown(synthesis, doc).rstrip("\n") + f"\n\n## {heading}\n\n{md_text(summary)}\n"
    document = build_docx(synthesis, doc)
    document.add_heading(heading, level=1)
    document.add_paragraph(summary)
    buffer = io.BytesIO()
    document.save(buffer)
    return markdown, buffer.getvalue()


def reports_bundle(project) -> bytes:
    out = io.BytesIO()
    index = [f"# {_('Rapports des groupes')} — {md_text(project.title)}", ""]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for group_number, group in enumerate(project.groups, start=1):
            index.append(f"## {md_text(group.name)} — {md_text(group.theme.title)}")
            for day, session in enumerate(group.sessions, start=1):
                report = session_report(session)
                label = _("Jour %(day)d", day=day)
                if report is None:
                    index.append(f"- {label} : " + _("pas encore relu (données personnelles)"))
                    continue
                name = f"{group_number:02d}-{_slug(group.name)}/jour-{day}"
                archive.writestr(f"{name}.md", report[0])
                archive.writestr(f"{name}.docx", report[1])
                state = _("rapport final") if session.report_final_at else _("rapport en cours")
                index.append(f"- {label} ({state}) : {name}.docx, {name}.md")
            index.append("")
        archive.writestr("index.md", "\n".join(index) + "\n")
    return out.getvalue()
