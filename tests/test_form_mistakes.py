"""A mistake on a form is said on that form, with a 4xx and everything typed kept: without
JavaScript as a whole page, with HTMX as the form alone (it selects itself from the answer)."""

import random
from html import unescape

from conftest import join, login
from test_projects import make_project
from test_registration import form_data, open_project

from workshop.core.extensions import db
from workshop.sessions.models import Participant

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
