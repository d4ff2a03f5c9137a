"""Two researchers saving the same axis, statement or work area at the same instant, from the
same page: one save is kept, the other is told a colleague changed it (409), whatever the timing.
The database compares the revision as it writes, so a burst cannot slip a lost update past the
check made when the form was read."""

from conftest import at_once, login
from test_work_areas import _areas, _draft_three, _project_after_the_forum

from workshop.core.extensions import db
from workshop.forum.work_area_models import WorkArea
from workshop.research.models import TransversalAxis, TransversalStatement

TRIES = 5  # a lost update needs both requests to read before either writes: try a few bursts


def _two_researchers(app, staff):
    team, project, forum, finding = _project_after_the_forum(app, staff)
    return team, login(app.test_client(), "researcher"), project, forum, finding


def test_a_statement_saved_by_two_researchers_at_once_keeps_one_and_refuses_the_other(app, staff):
    first, second, project, _forum, _finding = _two_researchers(app, staff)
    base = f"/projects/{project.id}/transversal"
    first.post(f"{base}/axes", data={"title": "Le temps invisible", "kind": "diagnosis"})
    axis = db.session.scalars(db.select(TransversalAxis).filter_by(project_id=project.id)).one()
    first.post(f"{base}/axes/{axis.id}/statements", data={"text": "Le temps d'accueil n'est pas compté."})
    statement = db.session.scalars(db.select(TransversalStatement)).one()
    researchers = (first, second)
    for attempt in range(TRIES):
        db.session.rollback()  # a new read: what the two requests left
        revision = db.session.get(TransversalStatement, statement.id).revision
        texts = [f"Version de la première chercheuse {attempt}", f"Version du second chercheur {attempt}"]
        results = at_once(app, 2, lambda index, r=revision, t=texts: researchers[index].post(
            f"{base}/statements/{statement.id}", data={"text": t[index], "revision": r}))
        assert sorted(results) == [302, 409], results
        db.session.rollback()  # a new read: what the two requests left
        stored = db.session.get(TransversalStatement, statement.id)
        assert stored.text == texts[results.index(302)] and stored.revision == revision + 1
        # the same for the axis's title
        revision = db.session.get(TransversalAxis, axis.id).revision
        results = at_once(app, 2, lambda index, r=revision, a=attempt: researchers[index].post(
            f"{base}/axes/{axis.id}", data={"title": f"Titre {a}-{index}", "kind": "diagnosis",
                                            "revision": r}))
        assert sorted(results) == [302, 409], results
        db.session.rollback()  # a new read: what the two requests left
        assert db.session.get(TransversalAxis, axis.id).title == f"Titre {attempt}-{results.index(302)}"


def test_a_work_area_followed_up_by_two_researchers_at_once_keeps_one_history(app, staff):
    first, second, project, forum, finding = _two_researchers(app, staff)
    _draft_three(first, project, forum, finding)
    area = _areas(project)[0]
    researchers = (first, second)
    url = f"/projects/{project.id}/followup/{area.id}/followup"
    for attempt in range(TRIES):
        db.session.rollback()  # a new read: what the two requests left
        revision = db.session.get(WorkArea, area.id).revision
        owners = [f"Direction {attempt}", f"Conseil {attempt}"]
        results = at_once(app, 2, lambda index, r=revision, o=owners: researchers[index].post(
            url, data={"owner": o[index], "status": "in_progress", "revision": r}))
        assert sorted(results) == [303, 409], results
        db.session.rollback()  # a new read: what the two requests left
        stored = db.session.get(WorkArea, area.id)
        assert stored.owner == owners[results.index(303)] and stored.revision == revision + 1
        # the history holds the change that was kept, and only that one
        assert [c.after for c in stored.changes if c.field == "owner"][0] == stored.owner  # newest first
        assert sum(c.field == "owner" for c in stored.changes) == attempt + 1
