"""Every edit of the synthesis records who made it and when, and any of them can be undone."""

import json

from conftest import decide_everything, login
from test_synthesis_app import HX, demo_session, operations, themes

from workshop.core.extensions import db
from workshop.workspace.models import SynthesisEdits


def test_an_edit_records_who_and_when_and_undo_puts_the_synthesis_back(app, staff):
    session = demo_session(staff, personal_data=False)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    theme = themes(session)[0]
    before = theme["label"]
    rapporteur.post(f"{base}/rename", data={"theme": theme["id"], "label": "Le temps invisible"},
                    headers=HX)
    [edit] = operations(session)
    assert edit["by"] == "rapporteur" and edit["user"] == staff["rapporteur"].id
    assert edit["at"][:4].isdigit() and "T" in edit["at"]
    page = rapporteur.get(base).get_data(as_text=True)
    assert "Thème renommé « Le temps invisible »" in page
    assert staff["rapporteur"].display_name in page.split("history-list")[1].split("</ol>")[0]

    stale = rapporteur.post(f"{base}/undo", data={"index": 0, "at": "2020-01-01T00:00:00"},
                            headers=HX)
    assert stale.status_code == 409 and len(operations(session)) == 1
    assert login(app.test_client(), "facilitator").post(
        f"{base}/undo", data={"index": 0, "at": edit["at"]}).status_code == 403

    undone = rapporteur.post(f"{base}/undo", data={"index": 0, "at": edit["at"]}, headers=HX)
    assert undone.status_code == 200
    assert operations(session) == []
    assert themes(session)[0]["label"] == before
    row = db.session.scalar(db.select(SynthesisEdits).filter_by(session_id=session.id))
    assert row.edits["undone"][0]["undone_by"] == staff["rapporteur"].id
    assert "Annulées" in undone.get_data(as_text=True)


def test_ticked_items_move_together_in_one_edit(app, staff):
    session = demo_session(staff, personal_data=False)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    source, target = sorted(themes(session), key=lambda t: -len(t["contributions"]))[:2]
    picked = source["contributions"][:2]
    answer = rapporteur.post(f"{base}/move", data={"contributions": picked, "to": target["id"]},
                             headers=HX)
    assert answer.status_code == 200
    assert [op["op"] for op in operations(session)] == ["move"]
    holder = next(t for t in themes(session) if picked[0] in t["contributions"])
    assert picked[1] in holder["contributions"] and set(target["contributions"]) <= set(
        holder["contributions"])
    nothing = rapporteur.post(f"{base}/move", data={"to": target["id"]}, headers=HX)
    assert nothing.status_code == 400 and len(operations(session)) == 1


def test_which_staff_account_edited_stays_in_the_room(app, staff):
    session = demo_session(staff, personal_data=False)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    theme = themes(session)[0]
    rapporteur.post(f"{base}/rename", data={"theme": theme["id"], "label": "Compter le temps"})
    rapporteur.post(f"{base}/formula", data={"text": "Une formule."})
    edit = operations(session)[1]
    rapporteur.post(f"{base}/undo", data={"index": 1, "at": edit["at"]})
    decide_everything(rapporteur, session.id)
    exported = json.loads(rapporteur.get(f"{base}/export.json").get_data(as_text=True))
    [kept] = exported["synthesis_edits"]["operations"]
    assert kept["label"] == "Compter le temps" and kept["by"] == "rapporteur"
    assert "user" not in kept and "undone" not in exported["synthesis_edits"]
