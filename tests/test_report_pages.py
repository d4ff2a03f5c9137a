"""The day report of a full 10-participant session, opened in LibreOffice as a comité member would.

The DOCX comes from the app (imported session, personal data reviewed, export link), is turned
into PDF by LibreOffice and read back as text. Where LibreOffice or poppler is not installed,
the test is skipped and says so. ``UPDATE_REPORT_PAGES=1`` writes the page images to
``docs/report/`` (pdftoppm) for a look by eye.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import decide_everything, login

from workshop.core.accounts import User
from workshop.core.extensions import db
from workshop.workspace.interchange import import_document

sys.path.insert(0, str(Path(__file__).parent / "data"))
from full_day import full_day  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs" / "report"


def _tools():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui): "
                    "the DOCX is not rendered to PDF")
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        pytest.skip("poppler-utils not installed: the PDF cannot be read back")
    return soffice


def _report(app, staff, language: str) -> bytes:
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Brussels"
    with app.test_request_context():
        session = import_document(full_day(), db.session.get(User, staff["rapporteur"].id))
        db.session.commit()
    client = login(app.test_client(), "rapporteur")
    decide_everything(client, session.id)
    answer = client.get(f"/sessions/{session.id}/synthesis/export.docx?lang={language}")
    assert answer.status_code == 200
    return answer.data


def _pdf(soffice: str, docx: bytes, folder: Path) -> Path:
    source = folder / "report.docx"
    source.write_bytes(docx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / "report.pdf"


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_day_report_reads_as_a_report_in_libreoffice(app, staff, tmp_path, language):
    soffice = _tools()
    pdf = _pdf(soffice, _report(app, staff, language), tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    words = {"fr": ("Formule de synthèse", "Phase 1 — Le récit", "Positions minoritaires",
                    "Propositions, par priorité", "La méthode vous a-t-elle aidé·e"),
             "nl": ("Kernzin", "Fase 1 — Het verhaal", "Minderheidsstandpunten",
                    "Voorstellen, volgens prioriteit", "Heeft de methode u geholpen")}[language]
    positions = [text.index(w) for w in words]
    assert positions == sorted(positions), "the formula first, then the phases in order"
    # the proposal takes the width of the page: its text runs on a line, not a word per line
    line = next(line for line in text.splitlines() if "Un temps d'intervision" in line)
    assert "Un temps d'intervision mensuel pour" in line, line
    assert "14:59" in text and "12:59" not in text  # the note's time in Brussels
    assert "Lune" not in text and "Cèdre" not in text  # no pseudonym leaves the room
    if os.environ.get("UPDATE_REPORT_PAGES"):
        DOCS.mkdir(parents=True, exist_ok=True)
        for old in DOCS.glob(f"report-{language}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(DOCS / f"report-{language}")],
                       check=True)
