"""The group words its convergences: the facilitator writes the agreed wording live on the
projector, a dissent stays a minority position, and the wording reaches the report."""

import io
from html import unescape

from conftest import decide_everything, go_to, join, login, submit
from docx import Document

from workshop.core.extensions import db
from workshop.sessions.models import Contribution

ROUND, POSITIONING, CONVERGENCES = 5, 9, 10


def test_the_group_words_a_convergence_and_the_wording_reaches_the_docx(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    people = [join(app, mag, name) for name in ("Lune", "Soleil", "Étoile", "Comète", "Orage")]
    go_to(facilitator, mag, ROUND)
    assert submit(*people[0], ROUND, "Le temps manque pour écouter.").status_code == 200
    item = db.session.scalar(db.select(Contribution).filter_by(kind="interpretation"))
    go_to(facilitator, mag, POSITIONING)
    for index, (browser, url) in enumerate(people):
        browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": item.id,
                                           "value": "disagree" if index == 4 else "agree"})
    word = f"/sessions/{mag.id}/wordings/{item.id}"
    assert facilitator.post(word, data={"text": "Trop tôt"}).status_code == 409  # not this step
    go_to(facilitator, mag, CONVERGENCES)
    console = unescape(facilitator.get(f"/sessions/{mag.id}/console").text)
    assert "Formuler avec le groupe" in console and "Le temps manque pour écouter." in console

    first = "Le manque de temps empêche l'écoute."
    assert facilitator.post(word, data={"text": first}).status_code == 200
    agreed = "Faute de temps, l'écoute des usagers passe au second plan."
    assert facilitator.post(word, data={"text": agreed}).status_code == 200
    wording = db.session.scalar(db.select(Contribution).filter_by(kind="wording"))
    assert (wording.parent_id, wording.text, [r.text for r in wording.revisions]) == (
        item.id, agreed, [first])
    projector = unescape(facilitator.get(f"/sessions/{mag.id}/projector/live").text)
    assert agreed in projector
    assert "1 personne ne partage pas cette position : elle reste notée comme position minoritaire" \
        in projector
    observer = login(app.test_client(), "observer")
    assert observer.post(word, data={"text": "Autre"}).status_code == 403

    facilitator.post(f"/sessions/{mag.id}/status", data={"status": "closed"})
    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, mag.id)
    docx = Document(io.BytesIO(rapporteur.get(f"/sessions/{mag.id}/synthesis/export.docx").data))
    paragraphs = [p.text for p in docx.paragraphs]
    worded = [text for text in paragraphs if text.startswith(agreed)]
    assert len(worded) == 1 and "Le temps manque pour écouter." in worded[0]
    assert "4" in worded[0] and "1" in worded[0]  # the dissent is still counted
    minorities = paragraphs.index("Positions minoritaires")
    assert minorities < paragraphs.index(worded[0])  # filed under the minority positions


def test_an_action_research_group_words_its_findings_and_visions_in_their_own_steps(app, staff):
    from test_projects import FINDINGS, _agree, make_group, make_project, new_group_session

    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator, themes=1)
    session = new_group_session(coordinator, project, make_group(coordinator, project))
    coordinator.post(f"/sessions/{session.id}/status", data={"status": "live"})
    people = [join(app, session, name) for name in ("Alix", "Bo", "Cyd", "Dani")]
    finding = db.session.scalar(db.select(Contribution).filter_by(session_id=session.id, text=FINDINGS[0]))
    coordinator.post(f"/sessions/{session.id}/votes", data={"open": "1"})
    for index, (browser, url) in enumerate(people):
        _agree(browser, url, finding, "disagree" if index == 3 else "agree")
    console = unescape(coordinator.get(f"/sessions/{session.id}/console").text)
    assert "Formuler avec le groupe" in console  # in the findings step itself
    agreed = "Les délais d'attente découragent les demandes."
    assert coordinator.post(f"/sessions/{session.id}/wordings/{finding.id}",
                            data={"text": agreed}).status_code == 200
    projector = unescape(coordinator.get(f"/sessions/{session.id}/projector/live").text)
    assert agreed in projector and f"formulation du groupe, à partir de : {FINDINGS[0]}" in projector

    go_to(coordinator, session, 3)  # visions
    alix, alix_url = people[0]
    said = "En 2031, chaque demande reçoit une réponse en une semaine."
    assert submit(alix, alix_url, 3, said).status_code == 200
    vision = db.session.scalar(db.select(Contribution).filter_by(session_id=session.id, kind="vision"))
    coordinator.post(f"/sessions/{session.id}/votes", data={"open": "1"})
    for browser, url in people:
        _agree(browser, url, vision, "agree")
    vision_worded = "En 2031, une réponse à chaque demande en une semaine."
    assert coordinator.post(f"/sessions/{session.id}/wordings/{vision.id}",
                            data={"text": vision_worded}).status_code == 200

    coordinator.post(f"/sessions/{session.id}/status", data={"status": "closed"})
    rapporteur = login(app.test_client(), "facilitator")
    decide_everything(rapporteur, session.id)
    docx = Document(io.BytesIO(rapporteur.get(f"/sessions/{session.id}/synthesis/export.docx").data))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert agreed in text and vision_worded in text
