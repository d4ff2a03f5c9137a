"""Every route of the application, read from its URL map, against whoever may not use it: an
anonymous visitor, a staff member with no part in the project, a steering-committee member who
only reads. A route added tomorrow is checked too: it must be listed as open to everyone, or
refuse them and leave the database as it was."""

import re

import pytest
from conftest import login
from test_work_areas import _draft_three, _project_after_the_forum

from workshop.core.extensions import db
from workshop.forum.models import ForumAtelier
from workshop.forum.work_area_models import WorkArea
from workshop.research.models import (
    ProjectComment,
    ProjectMember,
    TransversalAxis,
    TransversalQuote,
    TransversalStatement,
)
from workshop.research.transversal import pool
from workshop.sessions.models import Contribution, StaffRole

# Open to anyone by design: the public pages, the participant's own pages behind their personal
# link, the links with a secret, and what every signed-in staff member may do for themselves.
OPEN = {"static", "auth.login", "auth.logout", "auth.change_password", "i18n.switch",
        "participation.enter_code", "staff.home", "staff.new_session", "synthesis.import_file",
        "forum.import_forum", "projects.index", "projects.new"}
BEHIND_A_SECRET = ("token", "secret", "code")

# Readers the committee has by design; every other route is closed to it, writes included.
COMMITTEE_READS = {"team.committee", "team.bundle", "team.comment",
                   "project_synthesis.page", "project_synthesis.export",
                   "transversal.page", "transversal.export", "transversal.versions",
                   "transversal.version", "transversal.export_version", "forum.report_page",
                   "forum.export", "followup.board", "followup.export_csv", "followup.export_docx",
                   "followup.trace"}


@pytest.fixture
def world(app, staff):
    """A project after its forum: two groups' days, the team's transversal synthesis, a forum of
    three ateliers, three work areas and a committee comment."""
    team, project, forum, finding = _project_after_the_forum(app, staff)
    _draft_three(team, project, forum, finding)
    base = f"/projects/{project.id}/transversal"
    team.post(f"{base}/axes", data={"title": "Le temps invisible", "kind": "diagnosis"})
    axis = db.session.scalars(db.select(TransversalAxis).filter_by(project_id=project.id)).first()
    team.post(f"{base}/axes/{axis.id}/statements", data={"text": "Le temps d'accueil n'est pas compté."})
    statement_id = db.session.scalars(db.select(TransversalStatement.id)).first()
    item = next(iter(pool(project).values()))
    team.post(f"{base}/statements/{statement_id}/quotes",
              data={"item": item["id"], "text": item["text"][:20]})
    team.post(f"{base}/versions", data={"name": "Note du forum"})
    committee = login(app.test_client(), "observer")
    committee.post(f"/projects/{project.id}/comments", data={"text": "Quel calendrier ?"})
    group = project.groups[0]
    session = group.sessions[0]
    atelier = forum.ateliers[0]
    ids = {"project_id": project.id, "group_id": group.id, "forum_id": forum.id,
           "atelier_id": atelier.id, "theme_id": project.themes[0].id, "number": 1,
           "axis_id": axis.id, "user_id": staff["facilitator"].id, "invitation_id": 1, "registration_id": 1,
           "statement_id": statement_id,
           "quote_id": db.session.scalars(db.select(TransversalQuote.id)).one(),
           "area_id": db.session.scalars(db.select(WorkArea.id)).first(),
           "comment_id": db.session.scalars(db.select(ProjectComment.id)).first(),
           "member_id": db.session.scalars(db.select(ProjectMember.id)
                                           .filter_by(project_id=project.id)).first(),
           "role_id": db.session.scalars(db.select(StaffRole.id)
                                         .filter_by(session_id=atelier.session_id)).first(),
           "contribution_id": db.session.scalars(db.select(Contribution.id)
                                                 .filter_by(session_id=session.id)).first()}
    # A /sessions/ route is tried on a group's day and on a forum atelier.
    return ids, [session.id, db.session.get(ForumAtelier, atelier.id).session_id]


def _urls(app, ids, sessions):
    """Each rule with real ids filled in (and a wrong secret where it takes one)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint in OPEN:
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for session_id in sessions if "session_id" in rule.arguments else [None]:
            values = {}
            for name in rule.arguments:
                converter = rule._converters[name]
                if name in BEHIND_A_SECRET:
                    values[name] = "not-the-secret"
                elif name == "session_id":
                    values[name] = session_id
                elif name == "target_id":
                    values[name] = "t1"
                elif name == "fmt":
                    values[name] = "docx"
                elif hasattr(converter, "items"):
                    values[name] = sorted(converter.items)[0]
                else:
                    values[name] = ids[name]
            url = re.sub(r"<(?:[^:<>]+:)?([^<>]+?)(?:\([^)]*\))?>",
                         lambda m, v=values: str(v[m.group(1)]), rule.rule)
            for method in methods:
                yield rule, method, url


def _everything():
    """Every row of every table, to see that a refused request changed nothing."""
    return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
            for table in db.metadata.sorted_tables}


def _refusals(app, client, ids, sessions, allowed=frozenset(), read_only=False):
    wrong = []
    for rule, method, url in _urls(app, ids, sessions):
        if rule.endpoint in allowed and (method == "GET" or not read_only):
            continue
        before = _everything() if method == "POST" else None
        response = client.open(url, method=method, data={"text": "x", "title": "x"})
        secret = any(name in BEHIND_A_SECRET for name in rule.arguments)
        refused = response.status_code in (403, 404) or (
            response.status_code == 302 and "/login" in response.headers["Location"]) or (
            secret and response.status_code in (410, 429))
        db.session.rollback()
        if not refused or (before is not None and _everything() != before):
            wrong.append(f"{method} {url} -> {response.status_code}")
    return wrong


def test_anonymous_visitors_reach_nothing_but_the_public_pages(app, staff, world):
    ids, sessions = world
    assert _refusals(app, app.test_client(), ids, sessions) == []


def test_staff_with_no_part_in_the_project_reach_nothing_of_it(app, staff, world):
    ids, sessions = world
    assert _refusals(app, login(app.test_client(), "outsider"), ids, sessions) == []


def test_the_committee_reads_and_comments_and_changes_nothing_else(app, staff, world):
    ids, sessions = world
    committee = login(app.test_client(), "observer")
    assert _refusals(app, committee, ids, sessions, allowed=COMMITTEE_READS) == []


def test_the_routes_checked_are_the_whole_application(app, staff, world):
    """The sweep above tries every rule it is not told is open, on real rows: the committee's own
    reads answer it, so a refusal there means a role check, not a missing row."""
    ids, sessions = world
    urls = list(_urls(app, ids, sessions))
    assert len({rule.endpoint for rule, _method, _url in urls}) == len(
        {rule.endpoint for rule in app.url_map.iter_rules()} - OPEN)
    committee = login(app.test_client(), "observer")
    reads = [url for rule, method, url in urls if rule.endpoint in COMMITTEE_READS and method == "GET"]
    assert [url for url in reads if committee.get(url).status_code != 200] == []
