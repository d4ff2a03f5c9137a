"""Validation forum: parallel ateliers validate a project's cross-group synthesis."""

import html
import io
import json
import time

from conftest import at_once, go_to, join, login, make_user, review_values, token_of
from docx import Document
from test_live import fragments
from test_project_synthesis import _two_groups_after_day_one

from workshop.core.extensions import db
from workshop.forum.material import dom_id
from workshop.forum.models import Forum, ForumAnswer, ForumVerdict
from workshop.sessions.lifecycle import create_session
from workshop.sessions.models import Participant, StaffRole, WorkshopSession

ANSWER = {"coverage": "covered", "scope": "all", "priority": "yes"}


def _forum(app, staff, ateliers=3):
    client, project, groups, sessions = _two_groups_after_day_one(app)
    response = client.post(f"/projects/{project.id}/forums",
                           data={"title": "Forum CPAS", "ateliers": ateliers})
    assert response.status_code == 302, response.text
    forum = db.session.scalar(db.select(Forum).filter_by(project_id=project.id))
    return client, forum, staff_ateliers(app, forum)


def staff_ateliers(app, forum) -> list:
    """Each atelier opened, with a rapporteur of its own; their logged-in browsers."""
    rapporteurs = []
    for number, atelier in enumerate(forum.ateliers, start=1):
        user = make_user(f"rapporteur{number}")
        atelier.session.staff.append(StaffRole(user_id=user.id, role="rapporteur"))
        atelier.session.status = "live"
        db.session.commit()
        rapporteurs.append(login(app.test_client(), user.username))
    return rapporteurs


def _findings(forum):
    return [item for axis in forum.material["axes"] for item in axis["findings"]]


def test_three_ateliers_answer_and_the_plenary_shows_their_verdicts(app, staff):
    client, forum, rapporteurs = _forum(app, staff)
    findings = _findings(forum)
    assert len(forum.ateliers) == 3 and len({a.session.join_code for a in forum.ateliers}) == 3
    assert all(a.session.method_key == "forum" for a in forum.ateliers)
    first = findings[0]["id"]
    for number, atelier in enumerate(forum.ateliers):
        for pseudonym in ("Ana", "Bruno", "Chloé"):
            participant, url = join(app, atelier.session, pseudonym)
            page = participant.get(url, follow_redirects=True)
            assert page.status_code == 200 and findings[0]["text"] in html.unescape(page.text)
            data = ({**ANSWER, "coverage": "gaps", "gaps": f"lacune {pseudonym}"}
                    if pseudonym == "Ana" else ANSWER)
            response = participant.post(f"/p/{token_of(url)}/forum/finding/{first}", data=data)
            assert response.status_code == 302, response.text
        summary = rapporteurs[number].get(f"/sessions/{atelier.session_id}/forum")
        assert summary.status_code == 200 and "lacune Ana" in summary.text
    assert db.session.scalar(db.select(db.func.count(ForumAnswer.id))) == 9

    verdicts = [{"verdict": "validated"}, {"verdict": "validated", "gaps": "la taille"},
                {"verdict": "amended", "amended": "Formulation revue"}]
    for rapporteur, atelier, verdict in zip(rapporteurs, forum.ateliers, verdicts, strict=True):
        response = rapporteur.post(_verdict_url(atelier, "finding", first), data=verdict)
        assert response.status_code == 302, response.text
    plenary = client.get(f"/forums/{forum.id}/plenary/live").text
    assert plenary.count("Validé") >= 2 and "divergent" in plenary  # amended here, validated elsewhere
    # the finding in debate: every atelier's verdict with its amendment and gaps, whole
    client.post(f"/forums/{forum.id}/plenary/control", data={"action": "focus", "target": f"finding:{first}"})
    plenary = client.get(f"/forums/{forum.id}/plenary/live").text
    assert plenary.count("Validé") >= 2 and "Formulation revue" in plenary and "la taille" in plenary
    assert client.get(f"/forums/{forum.id}/plenary").status_code == 200
    # another atelier's rapporteur is staff of the forum: sees the plenary
    assert rapporteurs[0].get(f"/forums/{forum.id}/plenary").status_code == 200


def test_two_ateliers_submitting_at_the_same_moment_are_both_stored(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    first = _findings(forum)[0]["id"]
    sessions = [a.session_id for a in forum.ateliers]
    results = at_once(app, 2, lambda index: rapporteurs[index].post(
        f"/sessions/{sessions[index]}/forum/verdicts/finding/{first}",
        data={"verdict": ("validated", "invalidated")[index]}))
    assert results == [302, 302]
    stored = {v.session_id: v.verdict for v in db.session.scalars(db.select(ForumVerdict))}
    assert stored == {sessions[0]: "validated", sessions[1]: "invalidated"}


def test_roles_are_checked(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    first = _findings(forum)[0]["id"]
    atelier = forum.ateliers[0]
    url = f"/sessions/{atelier.session_id}/forum/verdicts/finding/{first}"
    # the rapporteur of another atelier, the facilitator, an outsider: no verdict here
    assert rapporteurs[1].post(url, data={"verdict": "validated"}).status_code == 403
    assert client.post(url, data={"verdict": "validated"}).status_code == 403
    outsider = login(app.test_client(), "outsider")
    assert outsider.post(url, data={"verdict": "validated"}).status_code == 403
    assert outsider.get(f"/forums/{forum.id}/plenary").status_code == 403
    assert outsider.get(f"/forums/{forum.id}/report.json").status_code == 403
    assert outsider.get(f"/forums/{forum.id}").status_code == 403
    assert rapporteurs[0].get(f"/forums/{forum.id}").status_code == 403  # only its creator runs it
    assert app.test_client().post(url, data={"verdict": "validated"}).status_code in (302, 401)
    assert db.session.scalar(db.select(db.func.count(ForumVerdict.id))) == 0


def test_bad_input_is_refused_and_nothing_stored(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    findings = _findings(forum)
    first = findings[0]["id"]
    atelier = forum.ateliers[0]
    participant, url = join(app, atelier.session, "Ana")
    token = token_of(url)
    for data in ({**ANSWER, "coverage": "maybe"}, {**ANSWER, "coverage": "gaps"},
                 {**ANSWER, "scope": "some"}, {"coverage": "covered"}, {**ANSWER, "gaps": "x" * 2001}):
        assert participant.post(f"/p/{token}/forum/finding/{first}", data=data).status_code == 400
    assert participant.post(f"/p/{token}/forum/finding/nope", data=ANSWER).status_code == 404
    verdict_url = f"/sessions/{atelier.session_id}/forum/verdicts/finding/{first}"
    for data in ({"verdict": "perhaps"}, {"verdict": "amended"}, {}):
        assert rapporteurs[0].post(verdict_url, data=data).status_code == 400
    assert rapporteurs[0].post(f"/sessions/{atelier.session_id}/forum/verdicts/finding/nope",
                               data={"verdict": "validated"}).status_code == 404
    # an atelier on one axis only: findings of other axes are not on its programme
    axes = forum.material["axes"]
    if len(axes) > 1:
        response = client.post(f"/forums/{forum.id}/ateliers/{atelier.id}/axes",
                               data={"axis": str(axes[0]["id"])})
        assert response.status_code == 302
        other = axes[1]["findings"][0]["id"] if axes[1]["findings"] else None
        if other:
            assert participant.post(f"/p/{token}/forum/finding/{other}", data=ANSWER).status_code == 404
    assert client.post(f"/forums/{forum.id}/ateliers/{atelier.id}/axes",
                       data={"axis": "zzz"}).status_code == 400
    assert db.session.scalar(db.select(db.func.count(ForumAnswer.id))) == 0
    assert db.session.scalar(db.select(db.func.count(ForumVerdict.id))) == 0
    # creating a forum with a bad number of ateliers, or importing a bad file
    count = db.session.scalar(db.select(db.func.count(Forum.id)))
    assert client.post(f"/projects/{forum.project_id}/forums",
                       data={"title": "x", "ateliers": 0}).status_code == 400
    bad = client.post("/forums/import", data={"title": "x", "ateliers": 2,
                                              "file": (io.BytesIO(b'{"axes": 1}'), "s.json")})
    assert bad.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Forum.id))) == count


def test_import_a_synthesis_json(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    exported = client.get(f"/projects/{forum.project_id}/synthesis.json").data
    response = client.post("/forums/import", data={"title": "Forum importé", "ateliers": 2,
                                                   "file": (io.BytesIO(exported), "synthese.json")})
    assert response.status_code == 302, response.text
    imported = db.session.scalar(db.select(Forum).filter_by(title="Forum importé"))
    assert len(imported.ateliers) == 2 and imported.project_id is None
    assert [f["id"] for f in _findings(imported)] == [f["id"] for f in _findings(forum)]


def test_an_imported_synthesis_with_a_control_character_is_refused(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=1)
    material = json.loads(client.get(f"/projects/{forum.project_id}/synthesis.json").data)
    material["axes"][0]["findings"][0]["text"] += "\u0000"
    response = client.post("/forums/import", data={"title": "Forum NUL", "ateliers": 1, "file": (
        io.BytesIO(json.dumps(material).encode()), "synthese.json")})
    assert response.status_code == 400
    assert "format attendu" in response.text
    assert db.session.scalar(db.select(Forum).filter_by(title="Forum NUL")) is None


def test_report_traces_each_verdict_to_its_finding_and_source_groups(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    finding = _findings(forum)[0]
    for rapporteur, atelier, data in zip(rapporteurs, forum.ateliers, (
            {"verdict": "amended", "amended": "Texte amendé", "gaps": "les petites structures"},
            {"verdict": "invalidated"}), strict=True):
        rapporteur.post(f"/sessions/{atelier.session_id}/forum/verdicts/finding/{finding['id']}", data=data)
    report = json.loads(client.get(f"/forums/{forum.id}/report.json").text)
    entry = next(f for axis in report["axes"] for f in axis["findings"] if f["id"] == finding["id"])
    assert entry["text"] == finding["text"] and entry["divergent"]
    assert entry["source"]["group"] == finding["group"] and entry["source"]["session"] == finding["session"]
    assert entry["source"]["session_uid"] == finding["session_uid"]
    assert "session_id" not in entry["source"] and "group_id" not in entry["source"]
    assert [(v["atelier"], v["verdict"]) for v in entry["verdicts"]] == [
        ("Atelier 1", "amended"), ("Atelier 2", "invalidated")]
    assert entry["verdicts"][0]["amended"] == "Texte amendé"
    markdown = client.get(f"/forums/{forum.id}/report.md").text
    assert markdown.startswith("# Forum CPAS\n") and markdown.count("Forum CPAS") == 1
    assert ("Atelier 1 : Amendé — formulation amendée : Texte amendé — lacunes : les petites structures"
            in markdown)
    assert f"Source : {finding['group']} — {finding['session']}" in markdown
    document = Document(io.BytesIO(client.get(f"/forums/{forum.id}/report.docx").data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Texte amendé" in text and finding["text"] in text
    assert client.get(f"/forums/{forum.id}/report.pdf").status_code == 404


def test_atelier_console_and_projector_render(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    session_id = forum.ateliers[0].session_id
    assert client.get(f"/forums/{forum.id}").status_code == 200
    assert client.get(f"/sessions/{session_id}/console").status_code == 200
    assert client.get(f"/sessions/{session_id}/projector").status_code == 200
    assert client.get(f"/projects/{forum.project_id}/synthesis").status_code == 200
    assert client.get("/forums/import").status_code == 200


def test_an_answer_changed_twice_is_stored_once_and_a_draft_atelier_takes_no_answers(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    first = _findings(forum)[0]["id"]
    participant, url = join(app, forum.ateliers[0].session, "Ana")
    token = token_of(url)
    assert participant.post(f"/p/{token}/forum/finding/{first}", data=ANSWER).status_code == 302
    changed = {**ANSWER, "scope": "some", "scope_which": "les grandes organisations"}
    assert participant.post(f"/p/{token}/forum/finding/{first}", data=changed).status_code == 302
    answers = db.session.scalars(db.select(ForumAnswer)).all()
    assert [(a.scope, a.scope_which) for a in answers] == [("some", "les grandes organisations")]
    assert "les grandes organisations" in participant.get(f"/p/{token}/forum").text
    # the facilitator can see the atelier's answers, not record its verdict
    page = client.get(f"/sessions/{forum.ateliers[0].session_id}/forum")
    assert page.status_code == 200 and "les grandes organisations" in page.text
    assert 'name="verdict"' not in page.text
    atelier = forum.ateliers[1]
    atelier.session.status = "draft"
    db.session.commit()
    other, other_url = join(app, atelier.session, "Bruno")
    assert other.post(f"/p/{token_of(other_url)}/forum/finding/{first}", data=ANSWER).status_code == 409
    assert "pas en cours" in html.unescape(other.get(other_url, follow_redirects=True).text)
    assert db.session.scalar(db.select(db.func.count(ForumAnswer.id))) == 1


# --- live, reconnection, languages, per-axis questions ----------------------------------------------

def _verdict_url(atelier, kind, target_id):
    return f"/sessions/{atelier.session_id}/forum/verdicts/{kind}/{target_id}"


def _answer_url(token, kind, target_id):
    return f"/p/{token}/forum/{kind}/{target_id}"


def _count(model):
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_the_plenary_is_pushed_live_in_the_language_of_each_screen(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff)
    finding = _findings(forum)[0]
    french = socket_client(client, audience="plenary", forum=forum.id, lang="fr")  # the forum's creator
    english = socket_client(rapporteurs[2], audience="plenary", forum=forum.id, lang="en")  # another atelier
    assert french.is_connected() and english.is_connected()
    client.post(f"/forums/{forum.id}/plenary/control", data={"action": "focus",
                                                           "target": f"finding:{finding['id']}"})
    french.get_received(), english.get_received()

    response = rapporteurs[0].post(_verdict_url(forum.ateliers[0], "finding", finding["id"]),
                                   data={"verdict": "amended", "amended": "Texte revu en atelier"})
    assert response.status_code == 302
    (fr,), (en,) = fragments(french, "plenary"), fragments(english, "plenary")
    assert "Amendé" in fr and "Texte revu en atelier" in fr
    assert "Amended" in en and "Amendé" not in en and "Texte revu en atelier" in en
    assert "divergent" not in fr  # one verdict so far

    rapporteurs[1].post(_verdict_url(forum.ateliers[1], "finding", finding["id"]),
                        data={"verdict": "validated"})
    fr, en = fragments(french, "plenary")[-1], fragments(english, "plenary")[-1]
    assert "Les ateliers divergent sur ce constat." in fr and "Validé" in fr
    assert "The ateliers diverge on this finding." in en and "Validated" in en
    # what a screen that lost its connection re-fetches is the same table
    assert client.get(f"/forums/{forum.id}/plenary/live").text == fr


def test_a_burst_of_verdicts_is_coalesced_and_a_lone_one_is_not_delayed(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff)
    finding = _findings(forum)[0]
    plenary = socket_client(client, audience="plenary", forum=forum.id, lang="fr")
    plenary.get_received()
    app.config["LIVE_COALESCE_SECONDS"] = 1.0
    verdicts = ("validated", "invalidated", "validated")
    sent = []
    for rapporteur, atelier, verdict in zip(rapporteurs, forum.ateliers, verdicts, strict=True):
        url = _verdict_url(atelier, "finding", finding["id"])
        sent.append(rapporteur.post(url, data={"verdict": verdict}))
        if len(sent) == 1:
            first = fragments(plenary, "plenary")
            assert len(first) == 1 and "Validé" in first[0]  # the first verdict goes out at once
    assert [response.status_code for response in sent] == [302, 302, 302]
    time.sleep(1.6)
    later = fragments(plenary, "plenary")
    assert 1 <= len(later) <= 2  # two more verdicts, at most two renders even on a slow machine
    assert later[-1].count("Validé") == 2 and "Invalidé" in later[-1]


def test_only_the_forums_staff_may_watch_its_plenary(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    other = create_session("Autre séance", "mag-classique", staff["outsider"])  # staff elsewhere only
    db.session.commit()
    outsider = login(app.test_client(), "outsider")
    participant, _url = join(app, forum.ateliers[0].session, "Ana")
    assert other.id
    refused = ((app.test_client(), forum.id), (outsider, forum.id), (participant, forum.id),
               (client, 9999), (client, str(forum.id)), (client, True), (client, None))
    for http_client, forum_id in refused:
        assert not socket_client(http_client, audience="plenary", forum=forum_id, lang="fr").is_connected()
    assert socket_client(rapporteurs[1], audience="plenary", forum=forum.id).is_connected()
    assert outsider.get(f"/forums/{forum.id}/plenary/live").status_code == 403


def test_an_answer_reaches_its_ateliers_staff_screens_live(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    finding = _findings(forum)[0]
    first, second = forum.ateliers
    rapporteur_live = socket_client(rapporteurs[0], audience="console", session=first.session_id)
    other_console = socket_client(client, audience="console", session=second.session_id)
    page = rapporteurs[0].get(f"/sessions/{first.session_id}/forum").text
    assert 'data-live-audience="console"' in page and "live:state from:body" in page
    assert "Aucune réponse pour l'instant." in html.unescape(page)
    participant, url = join(app, first.session, "Ana")
    rapporteur_live.get_received(), other_console.get_received()  # Ana's arrival

    response = participant.post(_answer_url(token_of(url), "finding", finding["id"]),
                                data={**ANSWER, "coverage": "gaps", "gaps": "les CPAS ruraux"},
                                headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Réponse enregistrée." in html.unescape(response.text)
    assert any(m["name"] == "changed" and m["args"][0]["what"] == ["forum_answers"]
               for m in rapporteur_live.get_received())
    assert other_console.get_received() == []  # another atelier hears nothing
    # what the verdicts page then re-fetches: the counts and gaps, swapped in by id
    summaries = rapporteurs[0].get(f"/sessions/{first.session_id}/forum/summaries").text
    assert 'hx-swap-oob="true"' in summaries and "1 réponse" in summaries and "les CPAS ruraux" in summaries
    assert 'name="verdict"' not in summaries  # the forms being filled in are left alone
    state = html.unescape(client.get(f"/sessions/{first.session_id}/console/state").text)
    assert "1 participant·e a répondu" in state
    presence = client.get(f"/sessions/{first.session_id}/console/presence").text
    assert "✓ 1" in presence.split("Ana")[1].split("</li>")[0]

    rapporteurs[0].post(_verdict_url(first, "finding", finding["id"]), data={"verdict": "validated"})
    assert any(m["name"] == "changed" and m["args"][0]["what"] == ["forum_verdicts"]
               for m in rapporteur_live.get_received())
    state = html.unescape(client.get(f"/sessions/{first.session_id}/console/state").text)
    assert "Verdicts enregistrés : 1 sur" in state
    assert "Validé" in client.get(f"/sessions/{first.session_id}/forum/summaries").text  # facilitator's view
    outsider = login(app.test_client(), "outsider")
    assert outsider.get(f"/sessions/{first.session_id}/forum/summaries").status_code == 403


def test_a_participant_who_reconnects_finds_their_answers_and_the_ateliers_state(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    atelier = forum.ateliers[0]
    axis, finding = forum.material["axes"][0], _findings(forum)[0]
    browser, url = join(app, atelier.session, "Ana")
    token = token_of(url)
    browser.post(_answer_url(token, "finding", finding["id"]),
                 data={**ANSWER, "coverage": "gaps", "gaps": "les permanences du soir"})
    browser.post(_answer_url(token, "axis", axis["id"]),
                 data={**ANSWER, "scope": "some", "scope_which": "les petits CPAS"})

    page = browser.get(url, follow_redirects=True).text
    assert 'data-live-audience="participant"' in page and "live:resync from:body" in page
    assert f"/p/{token}" in page  # the personal link, to come back on another device
    # another device, with the personal link only: the re-fetch shows what was saved
    questions = app.test_client().get(f"/p/{token}/forum/questions").text
    finding_form = questions.split('id="finding-')[1].split("</form>")[0]
    axis_form = questions.split('id="axis-')[1].split("</form>")[0]
    assert 'value="gaps" required checked' in finding_form and "les permanences du soir" in finding_form
    assert 'value="some" required checked' in axis_form and "les petits CPAS" in axis_form
    assert html.unescape(questions).count("Modifier ma réponse") == 2

    live = socket_client(audience="participant", token=token, lang="fr")
    assert live.is_connected()
    live.get_received()
    # the coordinator gives the atelier another axis only: the page re-fetches its questions
    other_axis = forum.material["axes"][1]
    client.post(f"/forums/{forum.id}/ateliers/{atelier.id}/axes", data={"axis": str(other_axis["id"])})
    assert any(m["name"] == "refresh" for m in live.get_received())
    questions = browser.get(f"/p/{token}/forum/questions").text
    assert f'id="{dom_id("axis", other_axis["id"])}"' in questions
    assert f'id="{dom_id("axis", axis["id"])}"' not in questions
    client.post(f"/sessions/{atelier.session_id}/status", data={"status": "closed"})
    assert any(m["name"] == "refresh" for m in live.get_received())
    assert "L'atelier n'est pas en cours." in html.unescape(browser.get(f"/p/{token}/forum/questions").text)
    assert app.test_client().get("/p/forged/forum/questions").status_code == 404


def test_the_atelier_pages_are_translated(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    atelier = forum.ateliers[0]
    browser, url = join(app, atelier.session, "Ana")
    for language, expected, french in (
            ("nl", ("Zijn de belangrijkste aspecten gedekt?", "Mijn antwoord versturen", "De as als geheel",
                    "Voor elke vaststelling"), "Envoyer ma réponse"),
            ("en", ("Are the main aspects covered?", "Send my answer", "The axis as a whole",
                    "For each finding"), "Envoyer ma réponse")):
        browser.post(f"/lang/{language}", data={"next": "/"})
        page = html.unescape(browser.get(url, follow_redirects=True).text)
        assert all(text in page for text in expected), language
        assert french not in page and "L'axe dans son ensemble" not in page
        rapporteurs[0].post(f"/lang/{language}", data={"next": "/"})
        verdicts = html.unescape(rapporteurs[0].get(f"/sessions/{atelier.session_id}/forum").text)
        assert "Enregistrer le verdict" not in verdicts and expected[2] in verdicts


def test_questions_and_verdicts_on_an_axis_as_a_whole(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    axes = forum.material["axes"]
    assert len(axes) > 1
    axis, other_axis = axes[0], axes[1]
    first, second = forum.ateliers
    participant, url = join(app, first.session, "Ana")
    token = token_of(url)
    # bad input on an axis: a clear 4xx, nothing stored
    client.post(f"/forums/{forum.id}/ateliers/{first.id}/axes", data={"axis": str(axis["id"])})
    for target, data, status in (
            (axis["id"], {**ANSWER, "scope": "some"}, 400), (axis["id"], {**ANSWER, "coverage": "gaps"}, 400),
            ("t-nope", ANSWER, 404),
            (other_axis["id"], ANSWER, 404)):  # not on this atelier's programme
        response = participant.post(_answer_url(token, "axis", target), data=data)
        assert response.status_code == status, (target, data)
    message = html.unescape(participant.post(_answer_url(token, "axis", axis["id"]),
                                             data={**ANSWER, "scope": "some"}).text)
    assert "pour quelles organisations cet axe vaut" in message
    assert participant.post(f"/p/{token}/forum/theme/{axis['id']}", data=ANSWER).status_code == 404
    for data, status in (({"verdict": "amended"}, 400), ({"verdict": "maybe"}, 400), ({}, 400)):
        assert rapporteurs[0].post(_verdict_url(first, "axis", axis["id"]), data=data).status_code == status
    assert "formulation amendée de l'axe" in html.unescape(
        rapporteurs[0].post(_verdict_url(first, "axis", axis["id"]), data={"verdict": "amended"}).text)
    assert rapporteurs[0].post(_verdict_url(first, "axis", other_axis["id"]),
                               data={"verdict": "validated"}).status_code == 404
    elsewhere = rapporteurs[1].post(_verdict_url(first, "axis", axis["id"]), data={"verdict": "validated"})
    assert elsewhere.status_code == 403  # the rapporteur of another atelier
    assert _count(ForumAnswer) == 0 and _count(ForumVerdict) == 0

    # answers on the axis as a whole are counted apart from its findings'
    response = participant.post(_answer_url(token, "axis", axis["id"]),
                                data={**ANSWER, "coverage": "gaps", "gaps": "le non-recours"})
    assert response.status_code == 302
    stored = db.session.scalar(db.select(ForumAnswer))
    assert (stored.target_kind, stored.target_id, stored.gaps) == ("axis", str(axis["id"]), "le non-recours")
    page = html.unescape(rapporteurs[0].get(f"/sessions/{first.session_id}/forum").text)
    axis_part = page.split('id="axis-')[1].split("</article>")[0]
    assert "1 réponse" in axis_part and "le non-recours" in axis_part

    amended = {"verdict": "amended", "amended": "Axe reformulé", "gaps": "les petites communes"}
    rapporteurs[0].post(_verdict_url(first, "axis", axis["id"]), data=amended)
    rapporteurs[1].post(_verdict_url(second, "axis", axis["id"]), data={"verdict": "validated"})
    plenary = html.unescape(client.get(f"/forums/{forum.id}/plenary/live").text)
    axis_row = plenary.split('id="plenary-axis-')[1].split("</tr>")[0]
    assert "Les ateliers divergent sur cet axe." in axis_row
    assert 'class="plenary-axis divergent"' in plenary
    client.post(f"/forums/{forum.id}/plenary/control",
                data={"action": "focus", "target": f"axis:{axis['id']}"})
    focus = html.unescape(client.get(f"/forums/{forum.id}/plenary/live").text)
    assert "Les ateliers divergent sur cet axe." in focus and "Axe reformulé" in focus

    report = json.loads(client.get(f"/forums/{forum.id}/report.json").text)
    entry = next(a for a in report["axes"] if a["id"] == axis["id"])
    assert entry["divergent"] and [(v["atelier"], v["verdict"], v["amended"]) for v in entry["verdicts"]] == [
        ("Atelier 1", "amended", "Axe reformulé"), ("Atelier 2", "validated", "")]
    assert all(not f["verdicts"] for f in entry["findings"])  # the findings have verdicts of their own
    markdown = client.get(f"/forums/{forum.id}/report.md").text
    axis_part = markdown.split("### L'axe dans son ensemble")[1].split("###")[0]
    assert "Verdicts des ateliers :" in axis_part and "Atelier 1 : Amendé" in axis_part
    assert "Les ateliers divergent sur cet axe." in markdown
    assert ("Atelier 1 : Amendé — formulation amendée : Axe reformulé — lacunes : les petites communes"
            in markdown)
    document = Document(io.BytesIO(client.get(f"/forums/{forum.id}/report.docx").data))
    assert "Axe reformulé" in "\n".join(p.text for p in document.paragraphs)


# --- the atelier's own projector ----------------------------------------------------------------------

def _board_row(page, kind, target_id):
    """The projector's line for one axis or finding."""
    return html.unescape(page.split(f'id="board-{dom_id(kind, target_id)}"')[1].split("</li>")[0])


def test_the_ateliers_projector_shows_its_programme_and_anonymous_answer_counts(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    atelier = forum.ateliers[0]
    axis, other_axis = forum.material["axes"][:2]
    client.post(f"/forums/{forum.id}/ateliers/{atelier.id}/axes", data={"axis": str(axis["id"])})
    finding = axis["findings"][0]
    for pseudonym in ("Zéphyrine", "Barnabé"):
        browser, url = join(app, atelier.session, pseudonym)
        browser.post(_answer_url(token_of(url), "finding", finding["id"]),
                     data={**ANSWER, "coverage": "gaps", "gaps": f"lacune vue par {pseudonym}"})
    browser.post(_answer_url(token_of(url), "axis", axis["id"]), data=ANSWER)

    page = client.get(f"/sessions/{atelier.session_id}/projector")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert atelier.session.join_code in text and f"/sessions/{atelier.session_id}/qr.svg" in text
    for question in ("Les aspects principaux sont-ils couverts ?", "Est-ce généralisable ?",
                     "Les propositions visent-elles ce qui doit le plus changer ?"):
        assert question in text
    assert axis["label"] in text and all(item["text"] in text for item in axis["findings"])
    assert other_axis["label"] not in text  # not on this atelier's programme
    assert "2 réponses" in _board_row(page.text, "finding", finding["id"])
    assert "1 réponse" in _board_row(page.text, "axis", axis["id"])
    assert "2 participant·es ont répondu" in text
    # who answered, and what they wrote, stays off the room's screen
    assert "Zéphyrine" not in text and "Barnabé" not in text and "lacune vue par" not in text


def test_the_ateliers_projector_follows_answers_and_verdicts_live(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    atelier, other = forum.ateliers
    finding = _findings(forum)[0]
    french = socket_client(client, audience="projector", session=atelier.session_id, lang="fr")
    english = socket_client(client, audience="projector", session=atelier.session_id, lang="en")
    elsewhere = socket_client(client, audience="projector", session=other.session_id, lang="fr")
    participant, url = join(app, atelier.session, "Zéphyrine")
    french.get_received(), english.get_received(), elsewhere.get_received()  # her arrival

    participant.post(_answer_url(token_of(url), "finding", finding["id"]), data=ANSWER)
    (fr,), (en,) = fragments(french, "projector-live"), fragments(english, "projector-live")
    assert "1 réponse" in _board_row(fr, "finding", finding["id"])
    assert "1 answer" in _board_row(en, "finding", finding["id"])
    assert "Are the main aspects covered?" in en and "Les aspects principaux" not in en
    assert "Zéphyrine" not in fr + en
    assert fragments(elsewhere, "projector-live") == []  # another atelier's projector is not redrawn

    rapporteurs[0].post(_verdict_url(atelier, "finding", finding["id"]),
                        data={"verdict": "amended", "amended": "Constat reformulé par l'atelier"})
    (fr,), (en,) = fragments(french, "projector-live"), fragments(english, "projector-live")
    row = _board_row(fr, "finding", finding["id"])
    assert "Amendé" in row and "Constat reformulé par l'atelier" in row and "1 réponse" in row
    assert "Amended" in _board_row(en, "finding", finding["id"])
    assert "Verdicts enregistrés : 1 sur" in html.unescape(fr)
    # what a projector that lost its connection re-fetches shows the same
    refetched = client.get(f"/sessions/{atelier.session_id}/projector/live").text
    assert _board_row(refetched, "finding", finding["id"]) == row

    # the coordinator gives the atelier one axis only: its projector shows that programme
    kept, dropped = forum.material["axes"][0], forum.material["axes"][1]
    client.post(f"/forums/{forum.id}/ateliers/{atelier.id}/axes", data={"axis": str(kept["id"])})
    (fr,) = fragments(french, "projector-live")
    assert kept["label"] in html.unescape(fr) and dropped["label"] not in html.unescape(fr)


def test_the_ateliers_projector_in_english(app, staff):
    """An atelier held in English shows English on its projector, opened from a French browser."""
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    atelier = forum.ateliers[0]
    atelier.session.language = "en"
    db.session.commit()
    finding = _findings(forum)[0]
    rapporteurs[0].post(_verdict_url(atelier, "finding", finding["id"]), data={"verdict": "validated"})
    client.post("/lang/fr", data={"next": "/"})
    page = client.get(f"/sessions/{atelier.session_id}/projector").text
    text = html.unescape(page)
    assert "Can it be generalised?" in text and "The axis as a whole" in text
    assert "Validated" in _board_row(page, "finding", finding["id"])
    assert "Est-ce généralisable ?" not in text and "Validé" not in text


def test_an_ateliers_participants_follow_its_timer_on_their_page(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    atelier = forum.ateliers[0]
    browser, url = join(app, atelier.session, "Zéphyrine")
    page = browser.get(url, follow_redirects=True).text
    shared = page.split('id="shared"')[1].split("</div>")[0]
    assert 'role="timer"' in shared and 'data-running="0"' in shared
    # never started: the step's time box (90 minutes), not an elapsed 0:00
    assert 'data-remaining="5400"' in shared and ">90:00</span>" in shared
    live = socket_client(audience="participant", token=token_of(url), lang="fr")
    live.get_received()
    assert client.post(f"/sessions/{atelier.session_id}/timer", data={"action": "start"}).status_code == 200
    (pushed,) = fragments(live, "shared")
    assert 'data-running="1"' in pushed and "Pour chaque constat" in pushed


def test_ateliers_amending_a_finding_differently_diverge_the_same_wording_does_not(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    same, different = _findings(forum)[0], _findings(forum)[2]
    wordings = {same["id"]: ("Les CPAS manquent de temps.", "  les CPAS   manquent de TEMPS. "),
                different["id"]: ("Les CPAS manquent de temps.", "Les CPAS manquent de personnel.")}
    for finding_id, amended in wordings.items():
        for rapporteur, atelier, text in zip(rapporteurs, forum.ateliers, amended, strict=True):
            response = rapporteur.post(_verdict_url(atelier, "finding", finding_id),
                                       data={"verdict": "amended", "amended": text})
            assert response.status_code == 302

    plenary = html.unescape(client.get(f"/forums/{forum.id}/plenary/live").text)
    row_id = f'id="plenary-{dom_id("finding", different["id"])}"'
    assert f'class="plenary-finding divergent" {row_id}' in plenary
    row = plenary.split(row_id)[1].split("</tr>")[0]
    assert "Les ateliers proposent des amendements différents." in row
    assert "Les ateliers divergent sur ce constat." not in row  # both amend: same verdict
    row_id = f'id="plenary-{dom_id("finding", same["id"])}"'
    assert f'class="plenary-finding" {row_id}' in plenary
    assert "amendements différents" not in plenary.split(row_id)[1].split("</tr>")[0]

    report = json.loads(client.get(f"/forums/{forum.id}/report.json").text)
    entries = {f["id"]: f for axis in report["axes"] for f in axis["findings"]}
    assert entries[different["id"]]["divergent"] and entries[different["id"]]["divergence"] == ["amendments"]
    assert not entries[same["id"]]["divergent"] and entries[same["id"]]["divergence"] == []
    markdown = client.get(f"/forums/{forum.id}/report.md").text
    # once in the summary of divergences, once under the finding; never for the same wording
    assert markdown.count("Les ateliers proposent des amendements différents.") == 2
    client.post("/lang/en", data={"next": "/"})
    assert "The ateliers propose different amendments." in client.get(f"/forums/{forum.id}/report.md").text


# --- sources traced by stable ids -------------------------------------------------------------------

def test_an_imported_synthesis_whose_ids_collide_with_local_rows_keeps_its_own_sources(app, staff):
    """A file from another installation names sessions and groups by its own ids: a local
    session with the same row id, and its chosen story, never stand in for them."""
    from workshop.sessions.models import Contribution

    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    local = forum.ateliers[0].session  # a local session whose row id the file also uses
    story = Contribution(session_id=local.id, step_index=0, kind="story", title="La permanence qui déborde",
                         text="Un récit d'ici.")
    db.session.add(story)
    db.session.flush()
    local.chosen_story_id = story.id
    db.session.commit()
    material = {"format": "tourdetable.project-synthesis/1", "axes": [{
        "id": local.id, "label": "Le temps de travail", "proposals": [], "findings": [
            {"id": f"s{local.id}-c1", "text": "Le temps administratif déborde.", "group": "Groupe Nord",
             "group_uid": "9f2c", "session": "Nord, jour 1", "session_uid": "71ab", "date": "2025-03-12",
             "story": "Téléphones renvoyés"},
            {"id": f"s{local.id}-c2", "text": "Les urgences fixent l'agenda.", "session_id": local.id,
             "group_id": local.id}]}]}
    response = client.post("/forums/import", data={"title": "Forum d'ailleurs", "ateliers": 2, "file": (
        io.BytesIO(json.dumps(material).encode()), "synthese.json")})
    assert response.status_code == 302, response.text
    imported = db.session.scalar(db.select(Forum).filter_by(title="Forum d'ailleurs"))
    report = json.loads(client.get(f"/forums/{imported.id}/report.json").text)
    first, second = report["axes"][0]["findings"]
    assert first["source"] == {"group": "Groupe Nord", "group_uid": "9f2c", "session": "Nord, jour 1",
                               "session_uid": "71ab", "date": "2025-03-12", "story": "Téléphones renvoyés"}
    assert second["source"] == {"session_id": local.id, "group_id": local.id}  # as given, not resolved
    for text in (client.get(f"/forums/{imported.id}/report.md").text,
                 "\n".join(p.text for p in Document(io.BytesIO(
                     client.get(f"/forums/{imported.id}/report.docx").data)).paragraphs)):
        assert "La permanence qui déborde" not in text and local.title not in text
        assert "Source : Groupe Nord — Nord, jour 1, 2025-03-12 — récit : Téléphones renvoyés" in text
        assert (f"Source : groupe {local.id} (référence non résolue) — séance {local.id} "
                "(référence non résolue)") in text
    # the same target ids in two forums: a verdict in one is not a verdict in the other
    other = db.session.scalar(db.select(Forum).filter(Forum.id != imported.id, Forum.title == "Forum CPAS"))
    assert other is not None
    atelier = imported.ateliers[0]
    atelier.session.staff.append(StaffRole(user_id=staff["facilitator"].id, role="rapporteur"))
    atelier.session.status = "live"
    db.session.commit()
    assert client.post(_verdict_url(atelier, "finding", f"s{local.id}-c1"),
                       data={"verdict": "validated"}).status_code == 302
    assert client.post(_verdict_url(atelier, "axis", str(local.id)),
                       data={"verdict": "invalidated"}).status_code == 302
    assert all(not axis["verdicts"] for axis in json.loads(
        client.get(f"/forums/{other.id}/report.json").text)["axes"])


def test_an_imported_synthesis_with_a_malformed_source_is_refused(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=1)
    for source in ({"group": {"id": 3}}, {"session": "x" * 301}, {"story": "récit\u0007"},
                   {"session_id": True}):
        material = {"format": "tourdetable.project-synthesis/1", "axes": [{
            "id": "a1", "label": "Axe", "findings": [{"id": "f1", "text": "Constat", **source}]}]}
        response = client.post("/forums/import", data={"title": "Mal formé", "ateliers": 1, "file": (
            io.BytesIO(json.dumps(material).encode()), "synthese.json")})
        assert response.status_code == 400, source
    assert db.session.scalar(db.select(Forum).filter_by(title="Mal formé")) is None


# --- no silent loss: two devices on one verdict, a form sent again -----------------------------------

def test_a_verdict_saved_from_a_stale_form_is_refused_with_the_stored_one_shown(app, staff):
    """Two devices of one atelier show the same verdict: the first save wins, the second is
    refused (409) with the verdict as stored now and what was not saved; nothing overwritten."""
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    atelier = forum.ateliers[0]
    finding = _findings(forum)[0]
    url = _verdict_url(atelier, "finding", finding["id"])
    tablet, laptop = rapporteurs[0], login(app.test_client(), "rapporteur1")
    hx = {"HX-Request": "true"}
    first = tablet.post(url, data={"verdict": "validated", "version": "0"}, headers=hx)
    assert first.status_code == 200 and 'name="version" value="1"' in first.text
    # the laptop still shows the form without a verdict
    late = laptop.post(url, data={"verdict": "amended", "amended": "Version du portable", "version": "0"},
                       headers=hx)
    assert late.status_code == 409
    text = html.unescape(late.text)
    assert "enregistré entre-temps sur un autre appareil" in text
    assert ("Votre version n'a pas été enregistrée : Amendé — Formulation amendée : Version du portable"
            in text)
    assert 'value="validated" required checked' in late.text and 'name="version" value="1"' in late.text
    assert "HX-Retarget" not in late.headers  # the form itself shows the stored verdict
    # both devices now at version 1: the tablet amends (version 2), the laptop's older form is refused
    assert tablet.post(url, data={"verdict": "amended", "amended": "Version de la tablette", "version": "1"},
                       headers=hx).status_code == 200
    again = laptop.post(url, data={"verdict": "invalidated", "version": "1"}, headers=hx)
    assert again.status_code == 409 and "Version de la tablette" in html.unescape(again.text)
    # without JavaScript: the whole page, with the same message beside that verdict
    page = laptop.post(url, data={"verdict": "invalidated", "version": "1"})
    assert page.status_code == 409 and "Votre version n'a pas été enregistrée" in html.unescape(page.text)
    stored = db.session.scalars(db.select(ForumVerdict)).all()
    assert [(v.verdict, v.amended, v.version) for v in stored] == [("amended", "Version de la tablette", 2)]
    # a form showing the current version saves; a malformed version is a 400
    assert laptop.post(url, data={"verdict": "invalidated", "version": "2"}).status_code == 302
    assert laptop.post(url, data={"verdict": "validated", "version": "x"}).status_code == 400
    db.session.expire_all()
    assert db.session.scalar(db.select(ForumVerdict.verdict)) == "invalidated"


def test_two_devices_saving_one_verdict_at_the_same_moment_store_one(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    atelier = forum.ateliers[0]
    url = _verdict_url(atelier, "finding", _findings(forum)[0]["id"])
    devices = [rapporteurs[0], login(app.test_client(), "rapporteur1")]
    results = at_once(app, 2, lambda index: devices[index].post(
        url, data={"verdict": ("validated", "invalidated")[index], "version": "0"}))
    assert sorted(results) == [302, 409]
    assert _count(ForumVerdict) == 1


def test_an_answer_form_sent_again_with_its_key_is_stored_once(app, staff, socket_client):
    """A phone that lost its connection sends the same form again when it returns: the answer
    is stored once, and the room is not told twice."""
    client, forum, rapporteurs = _forum(app, staff, ateliers=1)
    atelier = forum.ateliers[0]
    finding = _findings(forum)[0]
    participant, url = join(app, atelier.session, "Ana")
    token = token_of(url)
    console = socket_client(client, audience="console", session=atelier.session_id, lang="fr")
    console.get_received()
    form = {**ANSWER, "coverage": "gaps", "gaps": "Les permanences du soir", "client_key": "k3y0000001"}
    hx = {"HX-Request": "true"}
    first = participant.post(_answer_url(token, "finding", finding["id"]), data=form, headers=hx)
    assert first.status_code == 200 and "Réponse enregistrée" in html.unescape(first.text)
    assert [m["name"] for m in console.get_received()] == ["changed"]
    again = participant.post(_answer_url(token, "finding", finding["id"]), data=form, headers=hx)
    assert again.status_code == 200 and "Réponse enregistrée" in html.unescape(again.text)
    assert console.get_received() == []  # nothing changed: nobody told
    answers = db.session.scalars(db.select(ForumAnswer)).all()
    assert [(a.coverage, a.gaps, a.client_key) for a in answers] == [
        ("gaps", "Les permanences du soir", "k3y0000001")]
    # a new form (a new key) changes it
    participant.post(_answer_url(token, "finding", finding["id"]),
                     data={**ANSWER, "client_key": "k3y0000002"}, headers=hx)
    assert [m["name"] for m in console.get_received()] == ["changed"]
    db.session.expire_all()
    assert [(a.coverage, a.gaps) for a in db.session.scalars(db.select(ForumAnswer))] == [("covered", "")]


def test_the_forum_report_leaves_only_after_its_personal_data_are_reviewed(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    finding = _findings(forum)[0]
    pseudonym = db.session.scalar(db.select(Participant.pseudonym).join(WorkshopSession)
                                  .filter(WorkshopSession.group_id.is_not(None)).limit(1))
    rapporteurs[0].post(_verdict_url(forum.ateliers[0], "finding", finding["id"]), data={
        "verdict": "amended", "amended": f"Comme le dit {pseudonym}, Monsieur Kowalczyk attend.",
        "gaps": "Appeler le 0475 12 34 56 ne sert à rien."})
    blocked = client.get(f"/forums/{forum.id}/report.md")
    assert blocked.status_code == 409 and f"/forums/{forum.id}/review" in blocked.text
    review = client.get(f"/forums/{forum.id}/review").text
    assert {"pseudonym", "name", "phone"} <= set(review_values(review).values())
    assert "Formulation amendée" in review and "Lacunes" in review
    # the ateliers' staff see the review; only the coordinator decides
    assert rapporteurs[1].get(f"/forums/{forum.id}/review").status_code == 200
    decisions = {name: "redact" for name in review_values(review)}
    assert rapporteurs[1].post(f"/forums/{forum.id}/review", data=decisions).status_code == 403
    assert client.post(f"/forums/{forum.id}/review", data=decisions).status_code == 303
    markdown = client.get(f"/forums/{forum.id}/report.md").text
    assert "Comme le dit [pseudonyme], Monsieur [nom] attend." in markdown
    assert "Kowalczyk" not in markdown and "0475" not in markdown and pseudonym not in markdown
    report = client.get(f"/forums/{forum.id}/report.json").text
    assert "Kowalczyk" not in report and pseudonym not in report


def test_the_forum_has_its_own_evaluation_aggregated_over_its_ateliers(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=2)
    scores = (("Aline", 0, "4", "5"), ("Basile", 0, "5", "4"), ("Célia", 1, "3", ""), ("Driss", 1, "4", ""))
    for pseudonym, number, recognition, usefulness in scores:
        atelier = forum.ateliers[number]
        go_to(client, atelier.session, 1)
        phone, url = join(app, atelier.session, pseudonym)
        page = html.unescape(phone.get(url).text)
        assert "Vous êtes-vous reconnu·e dans la synthèse soumise au forum ?" in page
        answered = phone.post(f"{url}/evaluation", data={
            "step": 1, "q_recognition": recognition, "q_usefulness": usefulness,
            "q_comment": "Merci à Monsieur Kowalczyk pour l'accueil." if pseudonym == "Aline" else ""})
        assert answered.status_code == 200, answered.text
    markdown = client.get(f"/forums/{forum.id}/report.md").text
    section = markdown.split("Évaluation du forum", 1)[1].split("Conclusions de l'équipe", 1)[0]
    assert "Vous êtes-vous reconnu·e dans la synthèse soumise au forum ? — moyenne 4.00 sur 5 (4 réponses)" \
        in section
    assert "Les recommandations vous semblent-elles utiles pour la suite ? — 2 réponses : trop peu pour " \
        "publier une moyenne" in section
    assert "1 commentaire libre, lu par l'équipe et non publié" in section
    assert "Kowalczyk" not in markdown and "Aline" not in markdown
    report = json.loads(client.get(f"/forums/{forum.id}/report.json").text)
    assert [(row["key"], row["count"], row["mean"]) for row in report["evaluation"]][:2] == [
        ("recognition", 4, 4.0), ("speech", 0, None)]
