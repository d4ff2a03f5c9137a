"""The day report as its reader gets it: times in the configured zone everywhere, fixed labels
in the language the reader picks, the staff member who reclassified an item named by role."""

import re
from datetime import datetime

from conftest import decide_everything, login
from test_synthesis_app import HX, demo_session, docx_text

from workshop.core.extensions import db
from workshop.sessions.models import Contribution, Note


def _notes_at(session, staff, *moments):
    for moment in moments:
        db.session.add(Note(session_id=session.id, step_index=7, user_id=staff["rapporteur"].id,
                            text=f"Note de {moment:%d/%m}", created_at=moment))
    db.session.commit()


def test_a_note_shows_the_same_local_time_on_every_page_and_export_across_dst(app, staff):
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Brussels"
    session = demo_session(staff, personal_data=False)
    # 14:59 in Brussels the day before summer time (UTC+1) and the day after (UTC+2).
    _notes_at(session, staff, datetime(2026, 3, 28, 13, 59), datetime(2026, 3, 30, 12, 59))
    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, session.id)
    base = f"/sessions/{session.id}"
    pages = {
        "notes": rapporteur.get(f"{base}/notes").get_data(as_text=True),
        "synthesis": rapporteur.get(f"{base}/synthesis").get_data(as_text=True),
        "print": rapporteur.get(f"{base}/synthesis/print").get_data(as_text=True),
        "markdown": rapporteur.get(f"{base}/synthesis/export.md").get_data(as_text=True),
        "docx": docx_text(rapporteur.get(f"{base}/synthesis/export.docx").data),
    }
    for where, text in pages.items():
        text = re.sub(r"<[^>]+>", "", text)  # what the reader sees, not the datetime attribute
        for day in ("28/03", "30/03"):
            line = next(line for line in text.splitlines() if f"Note de {day}" in line)
            assert "14:59" in line, (where, line)
            assert "13:59" not in line and "12:59" not in line, (where, line)


def test_the_reader_picks_the_language_of_the_reports_labels(app, staff):
    session = demo_session(staff, personal_data=False)
    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, session.id)
    base = f"/sessions/{session.id}/synthesis"
    dutch = rapporteur.get(f"{base}/export.md?lang=nl").get_data(as_text=True)
    assert "Fase 1 — Het verhaal" in dutch and "Notities van de verslaggever" in dutch
    assert "Persoonsgegevens" in dutch  # the closing section, in the reader's language too
    assert "Le groupe revient sans cesse au temps non compté." in dutch  # as written
    assert "Phase 1 —" not in dutch and "Données personnelles" not in dutch
    english = docx_text(rapporteur.get(f"{base}/export.docx?lang=en").data)
    assert "Proposals, by priority" in english and "Convergences and divergences" in english
    # without a choice, the reader's interface language
    rapporteur.set_cookie("lang", "nl")
    assert "Fase 1 — Het verhaal" in rapporteur.get(f"{base}/print").get_data(as_text=True)


def test_note_headings_follow_the_interface_language(app, staff):
    session = demo_session(staff, personal_data=False)
    rapporteur = login(app.test_client(), "rapporteur")
    rapporteur.set_cookie("lang", "nl")
    page = rapporteur.get(f"/sessions/{session.id}/synthesis").get_data(as_text=True)
    assert "6. Eerste rondetafel" in page
    assert "Premier tour de table" not in page


def test_the_report_names_who_reclassified_an_item(app, staff):
    session = demo_session(staff, personal_data=False)
    interpretations = db.session.scalars(db.select(Contribution).filter_by(
        session_id=session.id, kind="interpretation").order_by(Contribution.id)).all()
    facilitator = login(app.test_client(), "facilitator")
    session.status = "live"
    db.session.commit()
    answer = facilitator.post(f"/sessions/{session.id}/contributions/{interpretations[0].id}"
                              "/position", data={"kind": "divergence"}, headers=HX)
    assert answer.status_code < 400, answer.get_data(as_text=True)
    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, session.id)
    base = f"/sessions/{session.id}/synthesis"
    rapporteur.post(f"{base}/position", data={"contribution": f"c{interpretations[1].id}",
                                              "position": "convergence"}, headers=HX)
    text = rapporteur.get(f"{base}/export.md").get_data(as_text=True)
    assert "classé par l'animateur·rice (calcul : positions minoritaires)" in text
    assert "classé par le rapporteur ou la rapporteuse (calcul : divergences)" in text


def test_evaluation_reads_as_labelled_questions_with_their_distribution(app, staff):
    session = demo_session(staff, personal_data=False)
    people = [c.participant_id for c in db.session.scalars(db.select(Contribution).filter_by(
        session_id=session.id, kind="interpretation"))][:3]
    for person, score in zip(people, (4, 5, 5), strict=True):
        db.session.add(Contribution(session_id=session.id, step_index=13, kind="evaluation",
                                    participant_id=person, title="method", score=score,
                                    text=str(score)))
    db.session.commit()
    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, session.id)
    text = rapporteur.get(f"/sessions/{session.id}/synthesis/export.md").get_data(as_text=True)
    row = next(line for line in text.splitlines()
               if line.startswith("| La méthode vous a-t-elle aidé·e"))
    assert row.split("|")[2:9] == [" 0 ", " 0 ", " 0 ", " 1 ", " 2 ", " 3 ", " 4,7 "]
    assert "| method |" not in text
