"""Validation forum: parallel ateliers validate a project's cross-group synthesis."""

import html
import io
import json
import threading

from conftest import join, login, make_user, token_of
from docx import Document
from test_project_synthesis import _two_groups_after_day_one

from workshop.extensions import db
from workshop.forum import Forum, ForumAnswer, ForumVerdict
from workshop.sessions import StaffRole

ANSWER = {"coverage": "covered", "scope": "all", "priority": "yes"}


def _forum(app, staff, ateliers=3):
    client, project, groups, sessions = _two_groups_after_day_one(app)
    response = client.post(f"/projects/{project.id}/forums",
                           data={"title": "Forum CPAS", "ateliers": ateliers})
    assert response.status_code == 302, response.text
    forum = db.session.scalar(db.select(Forum).filter_by(project_id=project.id))
    rapporteurs = []
    for number, atelier in enumerate(forum.ateliers, start=1):
        user = make_user(f"rapporteur{number}")
        atelier.session.staff.append(StaffRole(user_id=user.id, role="rapporteur"))
        atelier.session.status = "live"
        db.session.commit()
        rapporteurs.append(login(app.test_client(), user.username))
    return client, forum, rapporteurs


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
            response = participant.post(f"/p/{token_of(url)}/forum/{first}", data=data)
            assert response.status_code == 302, response.text
        summary = rapporteurs[number].get(f"/sessions/{atelier.session_id}/forum")
        assert summary.status_code == 200 and "lacune Ana" in summary.text
    assert db.session.scalar(db.select(db.func.count(ForumAnswer.id))) == 9

    verdicts = [{"verdict": "validated"}, {"verdict": "validated", "gaps": "la taille"},
                {"verdict": "amended", "amended": "Formulation revue"}]
    for rapporteur, atelier, verdict in zip(rapporteurs, forum.ateliers, verdicts, strict=True):
        response = rapporteur.post(f"/sessions/{atelier.session_id}/forum/verdicts/{first}", data=verdict)
        assert response.status_code == 302, response.text
    plenary = client.get(f"/forums/{forum.id}/plenary/live").text
    assert plenary.count("Validé") >= 2 and "Formulation revue" in plenary and "la taille" in plenary
    assert "divergent" in plenary  # amended here, validated elsewhere
    assert client.get(f"/forums/{forum.id}/plenary").status_code == 200
    # another atelier's rapporteur is staff of the forum: sees the plenary
    assert rapporteurs[0].get(f"/forums/{forum.id}/plenary").status_code == 200


def test_two_ateliers_submitting_at_the_same_moment_are_both_stored(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    first = _findings(forum)[0]["id"]
    sessions = [a.session_id for a in forum.ateliers]
    barrier, results = threading.Barrier(2), []

    def send(index):
        barrier.wait()
        with app.app_context():  # a request of its own, on its own thread
            response = rapporteurs[index].post(f"/sessions/{sessions[index]}/forum/verdicts/{first}",
                                               data={"verdict": ("validated", "invalidated")[index]})
        results.append(response.status_code)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302, 302]
    stored = {v.session_id: v.verdict for v in db.session.scalars(db.select(ForumVerdict))}
    assert stored == {sessions[0]: "validated", sessions[1]: "invalidated"}


def test_roles_are_checked(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    first = _findings(forum)[0]["id"]
    atelier = forum.ateliers[0]
    url = f"/sessions/{atelier.session_id}/forum/verdicts/{first}"
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
        assert participant.post(f"/p/{token}/forum/{first}", data=data).status_code == 400
    assert participant.post(f"/p/{token}/forum/nope", data=ANSWER).status_code == 404
    verdict_url = f"/sessions/{atelier.session_id}/forum/verdicts/{first}"
    for data in ({"verdict": "perhaps"}, {"verdict": "amended"}, {}):
        assert rapporteurs[0].post(verdict_url, data=data).status_code == 400
    assert rapporteurs[0].post(f"/sessions/{atelier.session_id}/forum/verdicts/nope",
                               data={"verdict": "validated"}).status_code == 404
    # an atelier on one axis only: findings of other axes are not on its programme
    axes = forum.material["axes"]
    if len(axes) > 1:
        response = client.post(f"/forums/{forum.id}/ateliers/{atelier.id}/axes",
                               data={"axis": str(axes[0]["id"])})
        assert response.status_code == 302
        other = axes[1]["findings"][0]["id"] if axes[1]["findings"] else None
        if other:
            assert participant.post(f"/p/{token}/forum/{other}", data=ANSWER).status_code == 404
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


def test_report_traces_each_verdict_to_its_finding_and_source_groups(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    finding = _findings(forum)[0]
    for rapporteur, atelier, data in zip(rapporteurs, forum.ateliers, (
            {"verdict": "amended", "amended": "Texte amendé", "gaps": "les petites structures"},
            {"verdict": "invalidated"}), strict=True):
        rapporteur.post(f"/sessions/{atelier.session_id}/forum/verdicts/{finding['id']}", data=data)
    report = json.loads(client.get(f"/forums/{forum.id}/report.json").text)
    entry = next(f for axis in report["axes"] for f in axis["findings"] if f["id"] == finding["id"])
    assert entry["text"] == finding["text"] and entry["divergent"]
    assert entry["source"]["group"] == finding["group"] and entry["source"]["session"] == finding["session"]
    assert entry["source"]["session_id"] == finding["session_id"]
    assert [(v["atelier"], v["verdict"]) for v in entry["verdicts"]] == [
        ("Atelier 1", "amended"), ("Atelier 2", "invalidated")]
    assert entry["verdicts"][0]["amended"] == "Texte amendé"
    markdown = client.get(f"/forums/{forum.id}/report.md").text
    assert markdown.startswith("# Forum de validation : Forum CPAS")
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
    assert participant.post(f"/p/{token}/forum/{first}", data=ANSWER).status_code == 302
    changed = {**ANSWER, "scope": "some", "scope_which": "les grandes organisations"}
    assert participant.post(f"/p/{token}/forum/{first}", data=changed).status_code == 302
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
    assert other.post(f"/p/{token_of(other_url)}/forum/{first}", data=ANSWER).status_code == 409
    assert "pas en cours" in html.unescape(other.get(other_url, follow_redirects=True).text)
    assert db.session.scalar(db.select(db.func.count(ForumAnswer.id))) == 1
