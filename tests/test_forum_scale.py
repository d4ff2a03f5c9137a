"""The forum at full scale (issue #18): one atelier per person, the plenary's tally and focus,
the coordinator's overview, the report for the comité."""

import html
import io
import json
import re

from conftest import at_once, join, login, review_values, token_of
from docx import Document
from test_forum import ANSWER, _answer_url, _findings, _forum, _verdict_url
from test_live import fragments

from workshop.core.extensions import db
from workshop.forum.material import dom_id, targets_of
from workshop.forum.models import ForumSeat
from workshop.sessions.models import Participant, StaffRole


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


# --- one atelier per person -------------------------------------------------------------------


def test_a_second_atelier_of_the_same_forum_is_refused_with_a_link_back(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=2)
    first, second = (atelier.session for atelier in forum.ateliers)
    phone, url = join(app, first, "Ana")
    cookies = phone.get_cookie("tdt_device")
    assert cookies is not None and cookies.http_only and cookies.same_site == "Lax"
    # the same phone, the other atelier's code: a clear message and a link to its own atelier
    page = phone.get(f"/join/{second.join_code}")
    assert page.status_code == 409
    text = html.unescape(page.text)
    assert "Vous participez déjà à ce forum" in text and forum.ateliers[0].name in text
    assert f'href="/p/{token_of(url)}"' in page.text
    refused = phone.post(f"/join/{second.join_code}", data={"pseudonym": "Ana bis"})
    assert refused.status_code == 409 and "Retourner à mon atelier" in html.unescape(refused.text)
    assert _count(Participant) and not db.session.scalar(
        db.select(Participant.id).filter_by(session_id=second.id)
    )
    # its own atelier still opens; another phone joins the second atelier
    assert phone.get(f"/join/{first.join_code}").status_code == 302
    join(app, second, "Bruno")
    assert _count(ForumSeat) == 2


def test_the_same_personal_link_opened_on_a_new_device_is_refused_too(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=2)
    first, second = (atelier.session for atelier in forum.ateliers)
    phone, url = join(app, first, "Ana")
    other = app.test_client()
    other.set_cookie("tdt_participants", token_of(url))  # the browser opened Ana's link
    assert other.get(f"/join/{second.join_code}").status_code == 409
    # a forged device cookie is not trusted: a new device, a new seat
    forged = app.test_client()
    forged.set_cookie("tdt_device", "made-up")
    assert forged.post(f"/join/{second.join_code}", data={"pseudonym": "Chloé"}).status_code == 302


def test_the_coordinator_may_allow_several_ateliers(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    first, second = (atelier.session for atelier in forum.ateliers)
    assert (
        rapporteurs[0].post(f"/forums/{forum.id}/settings", data={"several_ateliers": "yes"}).status_code
        == 403
    )
    assert client.post(f"/forums/{forum.id}/settings", data={"several_ateliers": "yes"}).status_code == 303
    phone, _url = join(app, first, "Ana")
    assert phone.post(f"/join/{second.join_code}", data={"pseudonym": "Ana"}).status_code == 302
    assert (
        db.session.scalar(
            db.select(db.func.count(Participant.id)).filter(Participant.session_id.in_([first.id, second.id]))
        )
        == 2
    )


def test_two_joins_of_two_ateliers_at_the_same_moment_from_one_device_keep_one(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=3)
    sessions = [atelier.session for atelier in forum.ateliers]
    phone, _url = join(app, sessions[0], "Ana")
    device = phone.get_cookie("tdt_device").value
    db.session.execute(db.delete(ForumSeat))  # as if the first join had not happened yet
    db.session.execute(db.delete(Participant).filter_by(session_id=sessions[0].id))
    db.session.commit()
    codes = [session.join_code for session in sessions]
    browsers = [app.test_client() for _code in codes]
    for browser in browsers:
        browser.set_cookie("tdt_device", device)
    results = at_once(app, 3, lambda index: browsers[index].post(f"/join/{codes[index]}",
                                                                 data={"pseudonym": f"Ana{index}"}))
    assert sorted(results)[0] == 302 and sorted(results)[1:] == [409, 409], results
    assert _count(ForumSeat) == 1
    assert (
        db.session.scalar(
            db.select(db.func.count(Participant.id)).filter(
                Participant.session_id.in_([s.id for s in sessions])
            )
        )
        == 1
    )


def test_other_sessions_are_joined_as_before(app, staff, mag):
    phone, _url = join(app, mag, "Ana")
    assert _count(ForumSeat) == 0
    assert phone.get_cookie("tdt_device") is not None


# --- the plenary for debate -------------------------------------------------------------------


def _control(client, forum, **data):
    return client.post(f"/forums/{forum.id}/plenary/control", data=data)


def test_the_tally_puts_divergent_rows_first_with_a_badge_per_atelier(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=3)
    findings = _findings(forum)
    last = findings[-1]["id"]
    for rapporteur, atelier, verdict in zip(
        rapporteurs, forum.ateliers, ("validated", "invalidated", "amended"), strict=True
    ):
        rapporteur.post(
            _verdict_url(atelier, "finding", last),
            data={"verdict": verdict, "amended": "Une formulation revue" if verdict == "amended" else ""},
        )
    plenary = html.unescape(client.get(f"/forums/{forum.id}/plenary/live").text)
    assert 'data-mode="tally"' in plenary
    rows = re.findall(r'<tr class="plenary-(\w+)( divergent)?" id="plenary-([^"]+)"', plenary)
    assert rows[0] == ("finding", " divergent", dom_id("finding", last))  # the divergent row first
    assert len(rows) == len(targets_of(forum))  # every target, one row each
    first_row = plenary.split(f'id="plenary-{dom_id("finding", last)}"')[1].split("</tr>")[0]
    assert [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", first_row, re.S)
    ] == ["Validé", "Invalidé", "Amendé"]
    assert "Une formulation revue" not in plenary  # the tally is compact: the wording is in the focus
    assert "en cours" in plenary


def test_the_coordinator_moves_the_focus_and_only_the_plenary_room_is_told(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff, ateliers=3)
    finding = _findings(forum)[1]
    long_wording = "Une formulation amendée longue, " * 30
    rapporteurs[0].post(
        _verdict_url(forum.ateliers[0], "finding", finding["id"]),
        data={"verdict": "amended", "amended": long_wording, "gaps": "Les trajets à domicile"},
    )
    plenary = socket_client(rapporteurs[1], audience="plenary", forum=forum.id, lang="fr")
    projector = socket_client(client, audience="projector", session=forum.ateliers[0].session_id, lang="fr")
    phone, url = join(app, forum.ateliers[0].session, "Ana")
    phone_socket = socket_client(phone, audience="participant", token=token_of(url), lang="fr")
    for sio in (plenary, projector, phone_socket):
        sio.get_received()

    response = _control(client, forum, action="focus", target=f"finding:{finding['id']}")
    assert response.status_code == 303
    (pushed,) = fragments(plenary, "plenary")  # rendered once, pushed to the plenary's room
    pushed = html.unescape(pushed)
    assert 'data-mode="focus"' in pushed and finding["text"] in pushed
    assert long_wording.strip() in pushed and "Les trajets à domicile" in pushed  # whole, never cut
    assert all(atelier.name in pushed for atelier in forum.ateliers)
    assert projector.get_received() == [] and phone_socket.get_received() == []
    assert html.unescape(client.get(f"/forums/{forum.id}/plenary/live").text) == pushed

    # next and previous follow the material's order; back to the tally
    keys = list(targets_of(forum))
    index = keys.index(("finding", finding["id"]))
    _control(client, forum, action="next")
    db.session.expire_all()
    assert (forum.focus_kind, forum.focus_id) == keys[index + 1]
    _control(client, forum, action="previous")
    db.session.expire_all()
    assert (forum.focus_kind, forum.focus_id) == keys[index]
    _control(client, forum, action="tally")
    assert 'data-mode="tally"' in fragments(plenary, "plenary")[-1]


def test_only_the_coordinator_moves_the_plenary_and_bad_moves_are_refused(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    phone, _url = join(app, forum.ateliers[0].session, "Ana")
    for intruder in (rapporteurs[0], phone, app.test_client()):
        assert _control(intruder, forum, action="tally").status_code in (302, 401, 403)
    assert _control(client, forum, action="explode").status_code == 400
    assert _control(client, forum, action="focus", target="finding:nope").status_code == 404
    assert _control(client, forum, action="focus", target="nonsense").status_code == 404
    db.session.expire_all()
    assert forum.plenary_mode == "tally" and forum.focus_id is None


def test_fifteen_findings_and_eight_ateliers_page_the_tally_to_fit_one_screen(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=8)
    long_text = (
        "Un constat assez long pour tenir sur deux lignes au projecteur, avec ses nuances et ses exemples. "
    )
    forum.material = {
        **forum.material,
        "axes": [
            {
                "id": f"a{a}",
                "label": f"Axe {a}",
                "proposals": [],
                "findings": [{"id": f"f{a}-{n}", "text": long_text * 2} for n in range(5)],
            }
            for a in range(3)
        ],
    }
    db.session.commit()
    plenary = client.get(f"/forums/{forum.id}/plenary/live").text
    pages = int(re.search(r"page 1 sur (\d+)", plenary).group(1))
    assert pages >= 2
    seen = []
    for page in range(1, pages + 1):
        assert f"page {page} sur {pages}" in plenary
        seen += re.findall(r'<tr class="plenary-\w+(?: divergent)?" id="plenary-([^"]+)"', plenary)
        _control(client, forum, action="page-next")
        plenary = client.get(f"/forums/{forum.id}/plenary/live").text
    assert len(seen) == len(set(seen)) == 18  # 3 axes, 15 findings: each on one page
    assert f"page 1 sur {pages}" in plenary  # round again


# --- the coordinator's overview ---------------------------------------------------------------


def test_the_overview_shows_every_ateliers_progress_live(app, staff, socket_client):
    client, forum, rapporteurs = _forum(app, staff, ateliers=3)
    first = _findings(forum)[0]["id"]
    overview = socket_client(client, audience="overview", forum=forum.id, lang="fr")
    assert overview.is_connected()
    overview.get_received()
    phone, url = join(app, forum.ateliers[0].session, "Ana")
    phone.post(_answer_url(token_of(url), "finding", first), data=ANSWER)
    rapporteurs[0].post(_verdict_url(forum.ateliers[0], "finding", first), data={"verdict": "validated"})
    pushed = fragments(overview, "overview")
    assert pushed, "the overview follows the ateliers live"
    row = pushed[-1].split(f'id="overview-{forum.ateliers[0].id}"')[1].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    targets = len(targets_of(forum, forum.ateliers[0]))
    assert cells[0] == "En cours" and "Rapporteur1" in cells[1]
    assert cells[2:] == ["1", "0", "1", "1", f"1/{targets}"]  # joined, connected, answered, answers, verdicts
    page = client.get(f"/forums/{forum.id}")
    assert (
        page.status_code == 200
        and f"0/{targets}" in page.text
        and 'data-live-audience="overview"' in page.text
    )
    # only the coordinator watches it
    assert not socket_client(rapporteurs[0], audience="overview", forum=forum.id).is_connected()
    assert not socket_client(phone, audience="overview", forum=forum.id).is_connected()
    assert rapporteurs[0].get(f"/forums/{forum.id}/overview").status_code == 403


def test_every_atelier_is_staffed_from_one_form_and_members_removed(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=3)
    ids = [str(atelier.id) for atelier in forum.ateliers]
    hx = {"HX-Request": "true"}
    response = client.post(
        f"/forums/{forum.id}/staff",
        data={"username": "observer", "role": "observer", "atelier": ids},
        headers=hx,
    )
    assert response.status_code == 200 and "Équipe mise à jour." in html.unescape(response.text)
    roles = db.session.scalars(db.select(StaffRole).filter_by(user_id=staff["observer"].id)).all()
    assert sorted(role.session_id for role in roles) == sorted(a.session_id for a in forum.ateliers)
    # bad input: a clear message, nothing stored
    for data, status in (
        ({"username": "nobody", "role": "observer", "atelier": ids}, 404),
        ({"username": "observer", "role": "king", "atelier": ids}, 400),
        ({"username": "observer", "role": "rapporteur", "atelier": ["99999"]}, 400),
        ({"username": "observer", "role": "rapporteur"}, 400),
        ({"username": "observer", "role": "observer", "atelier": ids}, 409),
    ):
        assert client.post(f"/forums/{forum.id}/staff", data=data, headers=hx).status_code == status
    assert len(db.session.scalars(db.select(StaffRole).filter_by(user_id=staff["observer"].id)).all()) == 3
    # removed from one atelier; the coordinator stays; only the coordinator staffs
    response = client.post(f"/forums/{forum.id}/staff/{roles[0].id}/remove", headers=hx)
    assert response.status_code == 200
    assert len(db.session.scalars(db.select(StaffRole).filter_by(user_id=staff["observer"].id)).all()) == 2
    own = db.session.scalar(
        db.select(StaffRole).filter_by(user_id=forum.created_by_id, session_id=forum.ateliers[0].session_id)
    )
    assert client.post(f"/forums/{forum.id}/staff/{own.id}/remove").status_code == 409
    observer = login(app.test_client(), "observer")
    assert (
        observer.post(
            f"/forums/{forum.id}/staff", data={"username": "observer", "role": "facilitator", "atelier": ids}
        ).status_code
        == 403
    )
    assert observer.post(f"/forums/{forum.id}/staff/{roles[1].id}/remove").status_code == 403
    other_role = db.session.scalar(
        db.select(StaffRole).filter(StaffRole.session_id.not_in([a.session_id for a in forum.ateliers]))
    )
    if other_role is not None:  # a role in a session outside this forum
        assert client.post(f"/forums/{forum.id}/staff/{other_role.id}/remove").status_code == 404


# --- the report for the comité ----------------------------------------------------------------


def _exports(client, forum) -> dict[str, str]:
    docx = Document(io.BytesIO(client.get(f"/forums/{forum.id}/report.docx").data))
    return {
        "md": client.get(f"/forums/{forum.id}/report.md").text,
        "json": client.get(f"/forums/{forum.id}/report.json").text,
        "print": html.unescape(client.get(f"/forums/{forum.id}/report").text.split("<body", 1)[1]),
        "docx": "\n".join(p.text for p in docx.paragraphs),
    }


def test_the_report_for_the_comite_says_everything_once_and_names_nobody(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    forum.material = {
        **forum.material,
        "axes": [
            {
                "id": "a1",
                "label": "Le temps de travail",
                "proposals": [{"id": "p1", "text": "Une intervision mensuelle"}],
                "findings": [{"id": "f1", "text": "Le temps administratif déborde.", "group": "Groupe A"}],
            },
            {
                "id": "a2",
                "label": "Les usagers",
                "proposals": [],
                "findings": [{"id": "f2", "text": "Les usagers attendent d'être rappelés."}],
            },
        ],
    }
    db.session.commit()
    axes = forum.material["axes"]
    finding, other_axis_finding = axes[0]["findings"][0], axes[-1]["findings"][0]
    first, second = forum.ateliers
    pseudonyms = ["Ana", "Bruno", "Chloé", "Dédé"]
    tokens = []
    for atelier, names in ((first, pseudonyms[:2]), (second, pseudonyms[2:])):
        for name in names:
            _phone, url = join(app, atelier.session, name)
            tokens.append(token_of(url))
    answers = [
        {**ANSWER, "coverage": "gaps", "gaps": "Le temps des trajets à domicile"},
        {
            **ANSWER,
            "coverage": "gaps",
            "gaps": "Comme Ana le disait, les permanences du soir",
            "scope": "some",
            "scope_which": "Les petits CPAS",
        },
        {**ANSWER, "priority": "partly"},
        {**ANSWER, "priority": "no"},
    ]
    for token, data in zip(tokens, answers, strict=True):
        assert (
            app.test_client().post(_answer_url(token, "finding", finding["id"]), data=data).status_code == 302
        )
        # the proposal is asked its priority too
        assert app.test_client().post(_answer_url(token, "proposal", "p1"), data=data).status_code == 302
    rapporteurs[0].post(
        _verdict_url(first, "finding", finding["id"]),
        data={"verdict": "amended", "amended": "Le temps administratif déborde, surtout le soir."},
    )
    rapporteurs[1].post(_verdict_url(second, "finding", finding["id"]), data={"verdict": "validated"})
    rapporteurs[0].post(_verdict_url(first, "axis", axes[0]["id"]), data={"verdict": "validated"})
    # a verdict on an axis then taken off the atelier's programme is left out
    rapporteurs[1].post(
        _verdict_url(second, "finding", other_axis_finding["id"]), data={"verdict": "invalidated"}
    )
    client.post(f"/forums/{forum.id}/ateliers/{second.id}/axes", data={"axis": "a1"})
    response = client.post(
        f"/forums/{forum.id}/conclusions",
        data={"conclusions": "Le comité retient trois pistes.\n\nLa suite en juin."},
    )
    assert response.status_code == 303
    assert (
        rapporteurs[0].post(f"/forums/{forum.id}/conclusions", data={"conclusions": "x"}).status_code == 403
    )

    # the gap naming a participant is held back until reviewed
    assert client.get(f"/forums/{forum.id}/report.md").status_code == 409
    review = client.get(f"/forums/{forum.id}/review").text
    assert (
        client.post(
            f"/forums/{forum.id}/review", data={name: "redact" for name in review_values(review)}
        ).status_code
        == 303
    )
    exports = _exports(client, forum)
    for fmt, text in exports.items():
        for name in pseudonyms + [p.pseudonym for p in db.session.scalars(db.select(Participant))]:
            assert not re.search(rf"\b{re.escape(name)}\b", text), (fmt, name)
        assert "Le temps des trajets à domicile" in text and "les permanences du soir" in text, fmt
        assert "Le temps administratif déborde, surtout le soir." in text and "Les petits CPAS" in text, fmt
        assert "Le comité retient trois pistes." in text and "La suite en juin." in text, fmt
    for fmt in ("md", "docx", "print"):
        text = exports[fmt]
        assert text.count(forum.title) == 1, fmt  # the title once
        assert "Date :" in text and "Méthode : forum de validation" in text
        assert "2 ateliers · 4 participant·es" in text
        assert "Atelier 1 : 2 participant·es" in text
        assert "Aspects principaux couverts ? Aspects principaux couverts 2 · Lacunes importantes 2" in text
        assert "Les divergences en bref" in text and "Les propositions" in text
        assert "Conclusions de l'équipe" in text
        assert "Atelier 1 : Amendé — formulation amendée" in text and "Atelier 2 : Validé" in text
        assert "Atelier 2 : Invalidé" not in text and "Laissés de côté : 1 verdict(s)" in text
        assert "Une intervision mensuelle" in text
    data = json.loads(exports["json"])
    entry = next(f for axis in data["axes"] for f in axis["findings"] if f["id"] == finding["id"])
    assert entry["answers"] == 4 and entry["coverage"] == {"covered": 2, "gaps": 2}
    assert entry["priority"] == {"yes": 0, "partly": 0, "no": 0} and entry["divergent"]  # not asked
    assert data["attendees"] == 4 and [a["attendees"] for a in data["ateliers"]] == [2, 2]
    assert data["date"] and data["conclusions"].startswith("Le comité")
    [proposal] = data["axes"][0]["proposals"]
    assert proposal["text"] == "Une intervision mensuelle" and proposal["answers"] == 4
    assert proposal["priority"] == {"yes": 2, "partly": 1, "no": 1}
