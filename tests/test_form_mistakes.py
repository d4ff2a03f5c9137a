"""A mistake on a form is said on that form, with a 4xx and everything typed kept: without
JavaScript as a whole page, with HTMX as the form alone (it selects itself from the answer)."""

import io
import random
from html import unescape

from conftest import join, login
from test_project_synthesis import _two_groups_after_day_one
from test_projects import make_project
from test_registration import form_data, open_project

from workshop.core.accounts import User
from workshop.core.clock import utcnow
from workshop.core.extensions import db
from workshop.core.staff_admin import Invitation
from workshop.forum.models import Forum
from workshop.sessions.models import Participant, WorkshopSession

HTMX = {"HX-Request": "true", "X-Page-Form": "1"}


def _form(html: str, form_id: str) -> str:
    """The form ``form_id`` of a page, as HTMX selects it from the answer."""
    start = html.index(f'id="{form_id}"')
    return html[start:html.index("</form>", start)]


def test_a_taken_pseudonym_is_said_at_the_field_and_the_profile_stays(app, mag):
    join(app, mag, "Lune")
    for headers in ({}, HTMX):
        answer = app.test_client().post(f"/join/{mag.join_code}", headers=headers, data={
            "pseudonym": "Lune", "organisation": "CPAS de Namur", "service": "isp", "hierarchy": "middle"})
        assert answer.status_code == 409
        form = unescape(_form(answer.text, "join-form"))
        assert "est déjà pris dans cette séance" in form and "Oups" not in answer.text
        assert 'value="Lune"' in form and 'value="CPAS de Namur"' in form
        assert '<option selected value="isp">' in form and '<option selected value="middle">' in form
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1


def test_a_wrong_code_is_said_on_the_code_form(app, mag):
    for headers in ({}, HTMX):
        answer = app.test_client().post("/join", headers=headers, data={"code": "ZZZZ99"})
        assert answer.status_code == 404
        form = unescape(_form(answer.text, "code-form"))
        assert "Ce code ne correspond à aucune séance ouverte" in form and 'value="ZZZZ99"' in form
    right = app.test_client().post("/join", headers=HTMX, data={"code": mag.join_code})
    assert right.status_code == 200 and right.headers["HX-Redirect"].endswith(f"/join/{mag.join_code}")


def test_a_second_registration_with_the_same_address_keeps_what_was_typed(app, staff):
    _coordinator, project = open_project(app)
    data = form_data(project, 1, random.Random(1))
    public = app.test_client()
    assert public.post(f"/register/{project.registration_token}", data=data).status_code == 200
    for headers in ({}, HTMX):
        again = public.post(f"/register/{project.registration_token}", headers=headers,
                            data={**data, "name": "Autre Nom"})
        assert again.status_code == 409
        form = unescape(_form(again.text, "registration-form"))
        assert "Une inscription existe déjà avec cette adresse" in form and 'value="Autre Nom"' in form


def test_composing_groups_with_nobody_registered_is_said_on_that_button(app, staff):
    coordinator, project = open_project(app)
    for headers in ({}, HTMX):
        answer = coordinator.post(f"/projects/{project.id}/composition", headers=headers)
        assert answer.status_code == 409 and "Oups" not in answer.text
        assert "Aucune inscription à répartir." in _form(unescape(answer.text), "compose-form")


def test_a_group_before_any_theme_is_said_on_the_theme_form(app, staff):
    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator, themes=0)
    answer = coordinator.post(f"/projects/{project.id}/groups", headers=HTMX,
                              data={"group-name": "Groupe du lundi", "group-capacity": "8"})
    assert answer.status_code == 409  # the group form shows once there is a theme: the theme's says it
    assert "Ajoutez d'abord un thème" in unescape(_form(answer.text, "theme-form"))


def test_an_unknown_team_member_is_said_at_the_field(app, mag):
    facilitator = login(app.test_client(), "facilitator")
    answer = facilitator.post(f"/sessions/{mag.id}/team", headers=HTMX,
                              data={"username": "personne-inconnue", "role": "observer"})
    assert answer.status_code == 404
    form = unescape(_form(answer.text, "team-form"))
    assert "Aucun compte ne porte cet identifiant." in form and 'value="personne-inconnue"' in form
    added = facilitator.post(f"/sessions/{mag.id}/team", headers=HTMX,
                             data={"username": "outsider", "role": "observer"})
    assert added.status_code == 200 and added.headers["HX-Redirect"].endswith(f"/sessions/{mag.id}/team")


def test_a_new_sessions_mistake_keeps_the_title(app, staff):
    facilitator = login(app.test_client(), "facilitator")
    answer = facilitator.post("/sessions/new", headers=HTMX, data={
        "title": "Groupe du jeudi", "method": "mag-classique", "language": "fr", "priority_dots": "99"})
    assert answer.status_code == 400
    form = unescape(_form(answer.text, "new-session-form"))
    assert 'value="Groupe du jeudi"' in form and 'aria-invalid="true"' in form


def _htmx(form_id: str) -> dict:
    return {"HX-Request": "true", "X-Page-Form": form_id}


def test_a_wrong_password_is_said_on_the_login_form_and_the_identifier_stays(app, staff):
    for headers in ({}, _htmx("login-form")):
        answer = app.test_client().post("/login", headers=headers,
                                        data={"username": "facilitator", "password": "pas le bon"})
        assert answer.status_code == 401
        form = unescape(_form(answer.text, "login-form"))
        assert "Identifiant ou mot de passe incorrect." in form and 'value="facilitator"' in form


def test_a_wrong_current_password_is_said_at_its_field(app, staff):
    client = login(app.test_client(), "facilitator")
    answer = client.post("/account/password", headers=_htmx("password-form"), data={
        "current": "pas le bon", "new": "un tout nouveau secret", "confirm": "un tout nouveau secret"})
    assert answer.status_code == 403
    assert "Ce n'est pas votre mot de passe actuel." in unescape(_form(answer.text, "password-form"))


def test_a_too_long_invitation_note_is_said_and_kept(app, staff):
    admin = db.session.scalar(db.select(User).filter_by(username="facilitator"))
    admin.is_admin = True
    db.session.commit()
    note = "Léa, assistante sociale du service logement " * 4
    answer = login(app.test_client(), "facilitator").post(
        "/staff/accounts/invitations", headers=_htmx("invitation-form"), data={"note": note})
    assert answer.status_code == 400
    form = unescape(_form(answer.text, "invitation-form"))
    assert 'aria-invalid="true"' in form and note in form
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_a_taken_username_is_said_on_the_invitation_form(app, staff):
    admin = db.session.scalar(db.select(User).filter_by(username="facilitator"))
    admin.is_admin = True
    db.session.commit()
    made = login(app.test_client(), "facilitator").post("/staff/accounts/invitations", data={"note": "Léa"})
    link = made.text.split('class="invitation-link" value="')[1].split('"')[0].replace("http://localhost", "")
    answer = app.test_client().post(link, headers=_htmx("account-form"), data={
        "username": "facilitator", "display_name": "Léa Dumont", "password": "un long secret",
        "confirm": "un long secret"})
    assert answer.status_code == 409
    form = unescape(_form(answer.text, "account-form"))
    assert "Cet identifiant est déjà pris" in form and 'value="Léa Dumont"' in form


def test_an_unreadable_session_file_is_said_on_the_import_form(app, staff):
    client = login(app.test_client(), "facilitator")
    for headers in ({}, _htmx("import-form")):
        answer = client.post("/sessions/import", headers=headers,
                             data={"file": (io.BytesIO(b"pas du json"), "seance.json")})
        assert answer.status_code == 400 and "Oups" not in answer.text
        assert "n'est pas du JSON lisible" in unescape(_form(answer.text, "import-form"))
    assert db.session.scalar(db.select(db.func.count(WorkshopSession.id))) == 0


def test_an_unchecked_purge_is_said_on_the_purge_form(app, mag, staff):
    mag.report_final_at = utcnow()
    db.session.commit()
    answer = login(app.test_client(), "facilitator").post(
        f"/sessions/{mag.id}/purge", headers=_htmx("purge-form"), data={})
    assert answer.status_code == 400
    assert "Cochez la case" in unescape(_form(answer.text, "purge-form"))
    assert db.session.get(WorkshopSession, mag.id).purged_at is None


def test_a_bad_forum_import_keeps_the_title_and_the_count(app, staff):
    client = login(app.test_client(), "facilitator")
    title = "Forum de validation — accompagnement des familles monoparentales"
    for headers in ({}, _htmx("forum-import-form")):
        answer = client.post("/forums/import", headers=headers, data={
            "title": title, "ateliers": "4", "file": (io.BytesIO(b'{"axes": 1}'), "synthese.json")})
        assert answer.status_code == 400 and "Oups" not in answer.text
        form = unescape(_form(answer.text, "forum-import-form"))
        assert "format attendu" in form and f'value="{title}"' in form and 'value="4"' in form


def test_a_mistake_on_a_forms_deeper_rule_fills_only_that_forms_message(app, staff):
    """A rule deeper than the view (here, the forum's number of ateliers) answers into the form's
    message slot: the form itself, as typed, is not replaced."""
    client, project, _groups, _sessions = _two_groups_after_day_one(app)
    answer = client.post(f"/projects/{project.id}/forums", headers=_htmx("forum-form"),
                         data={"title": "Forum CPAS", "ateliers": "0"})
    assert answer.status_code == 400
    assert answer.headers["HX-Retarget"] == answer.headers["HX-Reselect"] == "#forum-form-message"
    assert "Un forum a de 1 à" in unescape(answer.text)
    assert db.session.scalar(db.select(db.func.count(Forum.id))) == 0
