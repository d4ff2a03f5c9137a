"""Public registration to a project, composing mixed groups, adjusting, confirming, exporting."""

import csv
import io
import random
from html import unescape

from conftest import login
from test_projects import make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.research.models import Project, Registration
from workshop.sessions.models import Participant


def form_data(project, number: int, rng: random.Random, **changes) -> dict:
    themes = [str(theme.id) for theme in project.themes]
    choices = rng.sample(themes, 3)
    data = {"name": f"Personne{number} Nom", "email": f"personne{number}@cpas.example",
            "organisation": f"CPAS {rng.randint(1, 6)}", "organisation_size": rng.choice(["small", "large"]),
            "service": rng.choice(["ssg", "isp", "other"]),
            "function": rng.choice(["social_worker", "manager", "administrative"]),
            "hierarchy": rng.choice(["front_line", "middle", "management"]),
            "seniority": rng.choice(["lt2", "gt5"]), "language": rng.choice(["fr", "nl"]),
            "choice_1": choices[0], "choice_2": choices[1], "choice_3": choices[2], "consent": "y"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def open_project(app):
    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator)
    for index, name in enumerate(("Groupe A", "Groupe B", "Groupe C")):
        make_group(coordinator, project, index, name)
    coordinator.post(f"/projects/{project.id}/registration", data={"open": "1"})
    return coordinator, project


def count() -> int:
    return db.session.scalar(db.select(db.func.count(Registration.id)))


def test_registration_is_public_only_while_open_and_refuses_bad_input(app, staff):
    coordinator, project = open_project(app)
    public = app.test_client()
    url = f"/register/{project.registration_token}"
    page = unescape(public.get(url).text)
    assert "Thème 2" in page and "J'accepte" in page
    rng = random.Random(1)

    assert public.post(url, data=form_data(project, 1, rng)).status_code == 200
    assert count() == 1
    stored = db.session.scalars(db.select(Registration)).one()
    assert stored.preferences and stored.consent_at is not None

    duplicate = public.post(url, data=form_data(project, 1, rng, email="PERSONNE1@cpas.example"))
    assert duplicate.status_code == 409 and "existe déjà" in unescape(duplicate.text)
    no_consent = public.post(url, data=form_data(project, 2, rng, consent=None))
    assert no_consent.status_code == 400
    bad_email = public.post(url, data=form_data(project, 3, rng, email="pas-une-adresse"))
    assert bad_email.status_code == 400 and "adresse e-mail" in unescape(bad_email.text)
    same_theme = form_data(project, 4, rng)
    same_theme["choice_2"] = same_theme["choice_1"]
    response = public.post(url, data=same_theme)
    assert response.status_code == 400 and "qu'une fois" in unescape(response.text)
    missing = public.post(url, data=form_data(project, 5, rng, function=""))
    assert missing.status_code == 400
    assert count() == 1

    assert public.get("/register/not-a-token").status_code == 404
    coordinator.post(f"/projects/{project.id}/registration", data={"open": "0"})
    closed = public.post(url, data=form_data(project, 6, rng))
    assert closed.status_code == 410 and "fermées" in unescape(closed.text)
    assert count() == 1
    # only the coordinator manages registrations
    other = login(app.test_client(), "outsider")
    assert other.get(f"/projects/{project.id}/composition").status_code == 403
    assert other.get(f"/projects/{project.id}/composition.csv").status_code == 403


def test_thirty_registrations_composed_into_three_mixed_groups_adjusted_confirmed_exported(app, staff):
    coordinator, project = open_project(app)
    public = app.test_client()
    rng = random.Random(42)
    for number in range(30):
        response = public.post(f"/register/{project.registration_token}",
                               data=form_data(project, number, rng))
        assert response.status_code == 200
    assert coordinator.post(f"/projects/{project.id}/composition").status_code == 302
    people = db.session.scalars(db.select(Registration).order_by(Registration.id)).all()
    project = db.session.get(Project, project.id)
    sizes = {group.id: sum(r.group_id == group.id for r in people) for group in project.groups}
    assert sorted(sizes.values()) == [10, 10, 10]
    page = unescape(coordinator.get(f"/projects/{project.id}/composition").text)
    assert "Hétérogénéité moyenne" in page and "Satisfaction des préférences" in page

    # manual adjustment: a full group refuses, a freed place accepts
    first, second = project.groups[0], project.groups[1]
    mover = next(r for r in people if r.group_id == first.id)
    response = coordinator.post(f"/projects/{project.id}/composition/{mover.id}",
                                data={"group": second.id})
    assert response.status_code == 409 and "complet" in unescape(response.text)
    coordinator.post(f"/projects/{project.id}/composition/{mover.id}", data={"group": ""})
    other = next(r for r in people if r.group_id == second.id)
    coordinator.post(f"/projects/{project.id}/composition/{other.id}", data={"group": first.id})
    assert coordinator.post(f"/projects/{project.id}/composition/{mover.id}",
                            data={"group": second.id}).status_code == 302
    assert db.session.get(Registration, mover.id).group_id == second.id
    assert db.session.get(Registration, other.id).group_id == first.id

    coordinator.post(f"/projects/{project.id}/composition/confirm")
    response = coordinator.get(f"/projects/{project.id}/composition.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["Groupe", "Thème", "Dates prévues", "Nom et prénom"]
    assert len(rows) == 31
    assert {row[2] for row in rows[1:]} == {"2026-03-02 ; 2026-03-16"}
    assert sum(row[0] == "Groupe B" and row[4] == mover.email for row in rows) == 1

    # the confirmed members are the participants of their group's first session
    session = new_group_session(coordinator, project, first, "Jour 1")
    names = db.session.scalars(db.select(Participant.pseudonym).filter_by(session_id=session.id)).all()
    assert len(names) == 10 and other.name.split()[0] in names
