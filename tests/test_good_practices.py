"""Good practices: collected in the action-research day's diagnosis, by participants or said
aloud, and carried into the session's synthesis and every report."""

import io
import json
from html import unescape

from conftest import decide_everything, go_to, join, login, submit
from docx import Document
from test_projects import make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.research.transversal import pool
from workshop.sessions.models import Contribution

GOOD_PRACTICES = 2  # the third step of recherche-action, in its phase 1 (diagnosis)


def test_good_practices_are_collected_in_the_diagnosis_and_reach_every_report(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    session = new_group_session(client, project, group, "Jour 1")
    client.post(f"/sessions/{session.id}/team", data={"username": "rapporteur", "role": "rapporteur"})
    client.post(f"/sessions/{session.id}/status", data={"status": "live"})
    people = [join(app, session, name) for name in ("Alix", "Bo", "Cyd")]
    step = session.method.steps[GOOD_PRACTICES]
    assert (step.phase, step.kind.contribution_kind) == (1, "good_practice")

    go_to(client, session, GOOD_PRACTICES)
    browser, url = people[0]
    assert "Bonnes pratiques identifiées" in unescape(browser.get(url).text)
    written = "Une permanence commune CPAS-mutuelle chaque mardi."
    assert submit(browser, url, GOOD_PRACTICES, written).status_code == 200
    rapporteur = login(app.test_client(), "rapporteur")
    said = "Un binôme d'accueil pour les nouveaux dossiers."
    assert rapporteur.post(f"/sessions/{session.id}/spoken",
                           data={"kind": "good_practice", "text": said}).status_code == 200
    assert "Ajouter une bonne pratique" in client.get(f"/sessions/{session.id}/console").text
    assert {c.text for c in db.session.scalars(db.select(Contribution).filter_by(
        kind="good_practice", step_index=GOOD_PRACTICES))} == {written, said}

    client.post(f"/sessions/{session.id}/status", data={"status": "closed"})
    assert written in unescape(rapporteur.get(f"/sessions/{session.id}/synthesis").text)
    decide_everything(rapporteur, session.id)
    base = f"/sessions/{session.id}/synthesis"
    markdown = rapporteur.get(f"{base}/export.md").text
    section = markdown.split("Bonnes pratiques identifiées", 1)[1]
    assert written in section and said in section
    assert markdown.index("Phase 1 — Diagnostic partagé") < markdown.index("Bonnes pratiques")
    docx = Document(io.BytesIO(rapporteur.get(f"{base}/export.docx").data))
    paragraphs = [p.text for p in docx.paragraphs]
    assert "Bonnes pratiques identifiées" in paragraphs and said in "\n".join(paragraphs)
    assert written in unescape(rapporteur.get(f"{base}/print").text)
    exported = json.loads(rapporteur.get(f"{base}/export.json").text)
    assert {c["text"] for c in exported["contributions"] if c["kind"] == "good_practice"} == {written, said}
    # the research team may cite them in its own synthesis, with their source
    practices = {item["text"]: item for item in pool(project).values() if item["kind"] == "good_practice"}
    assert set(practices) == {written, said} and practices[said]["group"] == group.name


def test_the_migration_keeps_existing_action_research_days_under_their_steps(tmp_path):
    """The new step comes in at index 2: what days already hold from there on moves with it."""
    from conftest import app_config, empty_database
    from flask_migrate import downgrade, upgrade

    from workshop import create_app

    app = create_app(app_config(empty_database(tmp_path, "before.sqlite3")))
    with app.app_context():
        upgrade(revision="d5a7c3e91f20")
        rows = [
            *(f"INSERT INTO workshop_session (id, uid, title, method_key, language, status, join_code, "
              f"current_step, priority_dots, created_at) VALUES ({i}, 'u{i}', 'S', '{method}', 'fr', "
              f"'live', 'CODE{i}', 3, 5, '2026-01-01')" for i, method in ((1, "recherche-action"),
                                                                       (2, "mag-classique"))),
            *(f"INSERT INTO contribution (id, session_id, step_index, kind, text, hidden, spoken, "
              f"created_at, updated_at) VALUES ({i}, {s}, {step}, 'vision', 't', false, false, "
              f"'2026-01-01', '2026-01-01')" for i, s, step in ((1, 1, 0), (2, 1, 2), (3, 1, 3), (4, 2, 2))),
            *(f"INSERT INTO step_state (id, session_id, step_index, revealed, votes_open, "
              f"speaking_order, turn) VALUES ({i}, 1, {step}, true, true, '[]', 0)"
              for i, step in ((1, 2), (2, 3))),
        ]
        with db.engine.begin() as connection:
            for row in rows:
                connection.exec_driver_sql(row)

        def stored():
            with db.engine.connect() as connection:
                return (connection.exec_driver_sql(
                            "SELECT step_index FROM contribution ORDER BY id").scalars().all(),
                        connection.exec_driver_sql(
                            "SELECT step_index FROM step_state ORDER BY id").scalars().all(),
                        connection.exec_driver_sql(
                            "SELECT current_step FROM workshop_session ORDER BY id").scalars().all())

        upgrade(revision="a8e4b2c6d913")
        assert stored() == ([0, 3, 4, 2], [3, 4], [4, 3])  # the MAG session does not move
        downgrade(revision="d5a7c3e91f20")
        assert stored() == ([0, 2, 3, 2], [2, 3], [3, 3])
        upgrade()  # the database at the head again (PostgreSQL: the run's shared database)
        db.session.remove()
        db.engine.dispose()
