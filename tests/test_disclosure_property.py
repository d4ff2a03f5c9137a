"""For generated sessions, reviewed with every spot redacted: no export carries a pseudonym or an
organisation, and every group of people an export describes has at least three members."""

import csv
import html
import io
import json
import re

from conftest import decide_everything, login
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_disclosure_app import six_exports

from workshop.core.extensions import db
from workshop.sessions.lifecycle import create_session
from workshop.sessions.models import Contribution, Note, Participant, StaffRole, Vote
from workshop.sessions.pseudonyms import pseudonym_key
from workshop.workspace.models import append_operation

PSEUDONYM = st.from_regex(r"[A-Z][a-z]{1,3}[qxz][a-z]{1,3}[kqwxz][a-z]{1,3}", fullmatch=True)
ORGANISATION = st.from_regex(r"CPAS [A-Z][a-z]{2,4}[qwx][a-z]{2,4}", fullmatch=True)
PROFILE = st.fixed_dictionaries({}, optional={
    "organisation_size": st.sampled_from(["small", "medium", "large"]),
    "service": st.sampled_from(["ssg", "isp", "other"]),
    "function": st.sampled_from(["social_worker", "manager", "administrative", "other"]),
    "hierarchy": st.sampled_from(["front_line", "middle", "management"]),
    "seniority": st.sampled_from(["lt2", "2to5", "gt5"]),
    "language": st.sampled_from(["fr", "nl"]),
})
SENTENCES = ["Le récit de {name} montre que le temps n'est pas compté.",
             "Comme {name} l'a dit, l'accueil filtre sans le dire.",
             "Personne ne répond au téléphone le mercredi.",
             "{name} propose une intervision mensuelle."]
PERSON = st.tuples(PSEUDONYM, ORGANISATION, PROFILE)


@st.composite
def sessions(draw):
    people = draw(st.lists(PERSON, min_size=1, max_size=9, unique_by=lambda p: pseudonym_key(p[0])))
    texts = draw(st.lists(st.tuples(st.integers(0, len(people) - 1), st.sampled_from(SENTENCES),
                                    st.integers(0, len(people) - 1)), min_size=1, max_size=6))
    votes = draw(st.lists(st.sampled_from(["agree", "disagree", "abstain"]), min_size=len(people),
                          max_size=len(people)))
    return people, texts, votes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(sessions())
def test_no_export_names_anyone_and_every_described_group_has_three(app, staff, generated):
    people, texts, votes = generated
    session = create_session("Groupe généré", "mag-classique", staff["facilitator"])
    session.staff.append(StaffRole(user_id=staff["rapporteur"].id, role="rapporteur"))
    db.session.flush()
    rows = []
    for pseudonym, organisation, profile in people:
        rows.append(Participant(session_id=session.id, pseudonym=pseudonym, organisation=organisation,
                                **profile))
    db.session.add_all(rows)
    db.session.flush()
    for author, sentence, named in texts:
        item = Contribution(session_id=session.id, step_index=5, kind="interpretation",
                            participant_id=rows[author].id, language="fr",
                            text=sentence.format(name=people[named][0]))
        db.session.add(item)
        db.session.flush()
        for person, value in zip(rows, votes, strict=True):
            db.session.add(Vote(session_id=session.id, contribution_id=item.id,
                                participant_id=person.id, kind="agreement", value=value))
    db.session.add(Note(session_id=session.id, step_index=5, user_id=staff["rapporteur"].id,
                        text=f"{people[0][0]} revient sur son récit."))
    append_operation(session.id, {"op": "formula", "text": f"Le temps de {people[-1][0]}."})
    session.status = "closed"
    db.session.commit()

    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, session.id)
    exports = six_exports(rapporteur, session.id)
    exports["print"] = html.unescape(exports["print"])
    for name, text in exports.items():
        for pseudonym, organisation, _profile in people:
            assert pseudonym.casefold() not in text.casefold(), (name, pseudonym)
            assert organisation.split()[1].casefold() not in text.casefold(), (name, organisation)

    described = {}
    for name in ("md", "print", "docx"):
        section = exports[name].split("décrit·es par leur position", 1)[1].split("Phase 1", 1)[0]
        lines = re.findall(r"(\d+) × (un·e [^\n<]+)", section)
        assert all(int(n) >= 3 for n, _role in lines), (name, lines)
        described[name] = {role.strip(): int(n) for n, role in lines}
    assert described["md"] == described["print"] == described["docx"]
    exported = json.loads(exports["json"])
    combinations = {}
    for person in exported["participants"]:
        assert set(person) <= {"id", "profile"}
        if person.get("profile"):
            key = json.dumps(person["profile"], sort_keys=True)
            combinations[key] = combinations.get(key, 0) + 1
    assert all(n >= 3 for n in combinations.values())
    for row in csv.DictReader(io.StringIO(exports["csv"])):
        assert not row["author_role"] or row["author_role"] in described["md"]
    for row in csv.DictReader(io.StringIO(exports["votes"])):
        assert not row["dimension"] or int(row["voters"]) >= 3
