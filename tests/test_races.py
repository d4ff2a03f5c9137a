"""Racing requests against a real server: one participant's ten taps released at the same
instant by a barrier store what the rules allow (one story, one story-choice vote, the dot
budget) and get a clear 409 for the rest, never a 500. On SQLite and, when TEST_DATABASE_URL
is set, on PostgreSQL."""

import threading

import pytest
from conftest import app_config, database_copy
from servers import csrf_token, join_through, serving

from workshop import create_app
from workshop.core.accounts import User
from workshop.core.extensions import db
from workshop.sessions.lifecycle import create_session, go_to_step
from workshop.sessions.models import Contribution, Participant, Vote, WorkshopSession

TAPS = 10
STORY, STORY_CHOICE, PROPOSALS = 0, 1, 12  # steps of the classic MAG


class Room:
    """A live session served by a real server process, and the database it writes to."""

    def __init__(self, url: str, base: str, code: str):
        self.url, self.base, self.code = url, base, code
        self.app = create_app(app_config(url))

    def query(self, function):
        with self.app.app_context():
            try:
                return function(db.session.scalar(db.select(WorkshopSession)))
            finally:
                db.session.commit()
                db.session.remove()

    def move_to(self, step: int, votes_open: bool = True):
        def move(session):
            go_to_step(session, step)
            session.state().votes_open = votes_open

        self.query(move)

    def join(self, pseudonym: str):
        browser, token = join_through(self.base, self.code, pseudonym)
        page = browser.get(f"{self.base}/p/{token}", timeout=5)
        return Phone(self.base, browser, token, csrf_token(page.text))

    def close(self):
        with self.app.app_context():
            db.engine.dispose()


class Phone:
    """A participant's phone: its cookies and CSRF token, copied into each racing request."""

    def __init__(self, base, browser, token, csrf):
        self.base, self.browser, self.token, self.csrf = base, browser, token, csrf

    def post(self, path: str, data: dict):
        import requests

        with requests.Session() as session:
            session.cookies.update(self.browser.cookies)
            return session.post(f"{self.base}/p/{self.token}{path}", data=data, timeout=60,
                                headers={"X-CSRFToken": self.csrf, "HX-Request": "true"})

    def race(self, path: str, forms: list[dict]) -> list:
        """Every form posted at the same instant (threads released by a barrier)."""
        barrier = threading.Barrier(len(forms))
        answers = [None] * len(forms)

        def tap(i):
            barrier.wait()
            answers[i] = self.post(path, forms[i])

        threads = [threading.Thread(target=tap, args=(i,)) for i in range(len(forms))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        assert all(answer is not None for answer in answers), "a request never came back"
        return answers


@pytest.fixture
def room(tmp_path, migrated_template):
    url = database_copy(tmp_path, migrated_template, "races.sqlite3")
    app = create_app(app_config(url))
    with app.app_context():
        user = User(username="animatrice", display_name="Animatrice")
        user.set_password("not used here")
        db.session.add(user)
        db.session.commit()
        session = create_session("Séance sous pression", "mag-classique", user)
        session.status = "live"
        db.session.commit()
        code = session.join_code
        db.session.remove()
        db.engine.dispose()
    with serving(url, tmp_path / "server.log", "--no-rate-limit") as base:
        room = Room(url, base, code)
        yield room
        room.close()


def statuses(answers) -> list[int]:
    return sorted(answer.status_code for answer in answers)


def test_ten_simultaneous_story_proposals_store_one(room):
    phone = room.join("Héron")
    answers = phone.race("/contributions", [
        {"step": STORY, "title": f"Téléphones renvoyés {i}", "client_key": f"story{i:04d}key",
         "text": "Pendant deux semaines, les téléphones ont été renvoyés vers l'accueil."}
        for i in range(TAPS)])
    assert statuses(answers) == [200] + [409] * (TAPS - 1)
    refused = next(a for a in answers if a.status_code == 409).text
    assert "déjà envoyé votre contribution" in refused
    assert room.query(lambda s: db.session.scalar(db.select(db.func.count(Contribution.id)).filter_by(
        kind="story"))) == 1


def test_the_same_form_sent_ten_times_at_once_is_stored_once(room):
    """A phone that retries a slow request (same idempotency key) gets 200 each time."""
    phone = room.join("Loutre")
    form = {"step": STORY, "title": "Garantie locative", "client_key": "samekey0001",
            "text": "Une jeune femme de 18 ans demande une garantie locative."}
    assert statuses(phone.race("/contributions", [form] * TAPS)) == [200] * TAPS
    assert room.query(lambda s: db.session.scalar(db.select(db.func.count(Contribution.id)))) == 1


def test_ten_simultaneous_story_choices_store_one_vote(room):
    authors = [room.join(name) for name in ("Héron", "Loutre", "Mésange")]
    for i, author in enumerate(authors):
        assert author.post("/contributions", {"step": STORY, "title": f"Récit {i}",
                                              "text": "Une situation vécue au guichet."}).status_code == 200
    room.move_to(STORY_CHOICE)
    stories = room.query(lambda s: db.session.scalars(db.select(Contribution.id).filter_by(
        kind="story").order_by(Contribution.id)).all())
    voter = room.join("Renard")
    answers = voter.race("/votes", [{"kind": "story_choice", "contribution": stories[i % 3],
                                     "client_key": f"choice{i:04d}x"} for i in range(TAPS)])
    assert statuses(answers) == [200] + [409] * (TAPS - 1)
    assert "déjà voté" in next(a for a in answers if a.status_code == 409).text
    assert room.query(lambda s: db.session.scalar(db.select(db.func.count(Vote.id)).filter_by(
        kind="story_choice"))) == 1


def test_ten_simultaneous_dots_stay_within_the_budget(room):
    room.move_to(PROPOSALS)
    authors = [room.join(name) for name in ("Héron", "Loutre")]
    for author, title in zip(authors, ("Parrainage des nouveaux AS", "Temps d'intervision"), strict=True):
        assert author.post("/contributions", {"step": PROPOSALS, "title": title, "level": "organisation",
                                              "text": "Une proposition concrète."}).status_code == 200
    proposals = room.query(lambda s: db.session.scalars(db.select(Contribution.id).filter_by(
        kind="proposal").order_by(Contribution.id)).all())
    budget = room.query(lambda s: s.priority_dots)
    voter = room.join("Renard")
    answers = voter.race("/votes", [{"kind": "priority", "contribution": proposals[i % 2],
                                     "client_key": f"dot{i:04d}xx"} for i in range(2 * budget)])
    assert statuses(answers) == [200] * budget + [409] * budget
    assert "utilisé tous vos points" in next(a for a in answers if a.status_code == 409).text
    voter_id = room.query(lambda s: db.session.scalar(
        db.select(Participant.id).filter_by(pseudonym="Renard")))
    assert room.query(lambda s: db.session.scalar(db.select(db.func.sum(Vote.points)).filter_by(
        participant_id=voter_id, kind="priority"))) == budget


def test_the_migration_removes_the_duplicates_races_left_before_it(tmp_path):
    """A database from before the unique indexes may hold a participant's two stories and three
    story-choice votes: the migration keeps the story the group chose and the first vote."""
    from conftest import empty_database
    from flask_migrate import upgrade

    app = create_app(app_config(empty_database(tmp_path, "old.sqlite3")))
    with app.app_context():
        upgrade(revision="c4e8a1f9d2b3")
        rows = [
            "INSERT INTO \"user\" (id, username, display_name, password_hash, created_at) "
            "VALUES (1, 'a', 'A', 'x', '2026-01-01')",
            "INSERT INTO workshop_session (id, uid, title, method_key, language, status, join_code, "
            "current_step, priority_dots, created_at) "
            "VALUES (1, 'u1', 'S', 'mag-classique', 'fr', 'live', 'ACDEFG', 1, 5, '2026-01-01')",
            *(f"INSERT INTO participant (id, session_id, pseudonym, token, joined_at) "
              f"VALUES ({i}, 1, 'P{i}', 'token{i}', '2026-01-01')" for i in (1, 2)),
            *(f"INSERT INTO contribution (id, session_id, step_index, kind, participant_id, text, hidden, "
              f"created_at, updated_at) VALUES ({i}, 1, 0, 'story', {p}, 'récit {i}', false, "
              f"'2026-01-01', '2026-01-01')" for i, p in ((1, 1), (2, 1), (3, 1), (4, 2))),
            "UPDATE workshop_session SET chosen_story_id = 2",
            *(f"INSERT INTO vote (id, session_id, contribution_id, participant_id, kind, value, points, "
              f"created_at) VALUES ({i}, 1, {c}, 2, 'story_choice', '1', 1, '2026-01-01')"
              for i, c in ((1, 2), (2, 4), (3, 3))),
        ]
        with db.engine.begin() as connection:
            for row in rows:
                connection.exec_driver_sql(row)
        upgrade()
        with db.engine.connect() as connection:
            stories = connection.exec_driver_sql("SELECT id FROM contribution ORDER BY id").scalars().all()
            votes = connection.exec_driver_sql("SELECT id FROM vote ORDER BY id").scalars().all()
        assert stories == [2, 4]  # participant 1 keeps the chosen story; participant 2 theirs
        assert votes == [1]  # participant 2's first story choice
        db.session.remove()
        db.engine.dispose()


def test_no_free_database_connection_is_a_503_with_retry_after(tmp_path, migrated_template):
    """A burst that finds every connection of the pool taken waits a bounded time, then gets a
    503 with Retry-After (the page sends it again with the same key), never a 500."""
    url = database_copy(tmp_path, migrated_template, "busy.sqlite3")
    app = create_app({**app_config(url), "SQLALCHEMY_ENGINE_OPTIONS": {
        "pool_size": 1, "max_overflow": 0, "pool_timeout": 0.2}})
    with app.app_context():
        held = db.engine.connect()  # the only connection, busy elsewhere
        try:
            answer = app.test_client().post("/join", data={"code": "ACDEFG"}, headers={"HX-Request": "true"})
        finally:
            held.close()
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "2"
        assert "très sollicité" in answer.get_data(as_text=True)
        db.engine.dispose()


def test_ten_look_alike_pseudonyms_joining_at_once_make_one_participant(room):
    """"Marie", "MARIE", "Mаrie" (a Cyrillic а), "Mar\u200bie"… sent in the same instant by ten
    phones: one joins, the others are told the pseudonym is taken, none gets a 500."""
    import requests

    names = ["Marie", "MARIE", "marie", "Mаrie", "Marie ", " Marie", "Mаrіe", "Ｍarie", "Marie",
             "mARIE"]
    phones = []
    for _name in names:
        browser = requests.Session()
        page = browser.get(f"{room.base}/join/{room.code}", timeout=5)
        phones.append((browser, csrf_token(page.text)))
    barrier = threading.Barrier(len(names))
    answers = [None] * len(names)

    def tap(i):
        browser, csrf = phones[i]
        barrier.wait()
        answers[i] = browser.post(f"{room.base}/join/{room.code}", data={"pseudonym": names[i]},
                                  headers={"X-CSRFToken": csrf}, allow_redirects=False, timeout=60)

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert statuses(answers) == [302] + [409] * (len(names) - 1)
    assert all("déjà pris" in a.text for a in answers if a.status_code == 409)
    assert room.query(lambda session: db.session.scalar(
        db.select(db.func.count(Participant.id)).filter_by(session_id=session.id))) == 1


@pytest.fixture
def two_choices(tmp_path, migrated_template):
    """A live action-research day with two MAG sequences (choose steps 2 and 8), served."""
    from workshop.sessions import shaping

    url = database_copy(tmp_path, migrated_template, "sequences.sqlite3")
    app = create_app(app_config(url))
    with app.test_request_context():
        user = User(username="animatrice", display_name="Animatrice")
        user.set_password("not used here")
        db.session.add(user)
        db.session.commit()
        session = create_session("Deux récits sous pression", "recherche-action", user)
        db.session.flush()
        steps = shaping.current_steps(session)
        for _time in range(2):
            steps = shaping.add(session.method, steps, "mag-sequence")
        shaping.apply(session, steps)
        session.status = "live"
        db.session.commit()
        code = session.join_code
        db.session.remove()
        db.engine.dispose()
    with serving(url, tmp_path / "server.log", "--no-rate-limit") as base:
        room = Room(url, base, code)
        yield room
        room.close()


def test_racing_story_choices_keep_one_vote_per_choose_step_and_the_first_steps_vote(two_choices):
    """Ten taps in the first choice store one vote; ten in the second store one more, and the
    first choice's vote stays (its tally never shrinks after the fact)."""
    from workshop.sessions.sequences import record_choice

    room = two_choices
    illustrations, first, second = 1, 2, 8
    assert room.query(lambda s: [s.method.steps[i].kind.name for i in (first, second)]) == [
        "choose_story", "choose_story"]
    room.move_to(illustrations, votes_open=False)
    for i, author in enumerate(room.join(name) for name in ("Héron", "Loutre", "Mésange")):
        assert author.post("/contributions", {"step": illustrations, "title": f"Récit {i}",
                                              "text": "Une situation vécue au guichet."}).status_code == 200
    stories = room.query(lambda s: db.session.scalars(db.select(Contribution.id).filter_by(
        kind="story").order_by(Contribution.id)).all())
    voter = room.join("Renard")

    def votes(session):
        return sorted(tuple(row) for row in db.session.execute(
            db.select(Vote.step_index, Vote.contribution_id).filter_by(kind="story_choice")))

    room.move_to(first)
    answers = voter.race("/votes", [{"kind": "story_choice", "contribution": stories[i % 3],
                                     "client_key": f"first{i:04d}x"} for i in range(TAPS)])
    assert statuses(answers) == [200] + [409] * (TAPS - 1)
    [(step, kept)] = room.query(votes)
    assert step == first
    room.query(lambda s: record_choice(s, db.session.get(Contribution, kept)))
    room.move_to(second)
    others = [story for story in stories if story != kept]
    answers = voter.race("/votes", [{"kind": "story_choice", "contribution": others[i % 2],
                                     "client_key": f"second{i:04d}"} for i in range(TAPS)])
    assert statuses(answers) == [200] + [409] * (TAPS - 1)
    after = room.query(votes)
    assert len(after) == 2 and (first, kept) in after and after[1][0] == second


def test_the_database_keeps_one_story_choice_per_person_in_each_step(tmp_path, migrated_template):
    """Without the application's checks: a second story-choice vote in the same step, or one
    that names no step, is refused by the database itself."""
    from sqlalchemy.exc import IntegrityError

    url = database_copy(tmp_path, migrated_template, "constraint.sqlite3")
    app = create_app(app_config(url))
    with app.app_context():
        user = User(username="animatrice", display_name="Animatrice")
        user.set_password("not used here")
        db.session.add(user)
        session = create_session("Séance", "mag-classique", user)
        db.session.flush()
        person = Participant(session_id=session.id, pseudonym="Héron")
        db.session.add(person)
        db.session.flush()
        stories = [Contribution(session_id=session.id, step_index=0, kind="story", text=f"Récit {i}",
                                participant_id=person.id if i == 0 else None) for i in range(3)]
        db.session.add_all(stories)
        db.session.flush()

        def vote(story, step):
            db.session.add(Vote(session_id=session.id, contribution_id=story.id, participant_id=person.id,
                                kind="story_choice", value="1", step_index=step))
            db.session.flush()

        vote(stories[0], 1)
        vote(stories[0], 7)  # the same story in another choose step
        db.session.commit()
        for story, step in ((stories[1], 1), (stories[2], None)):
            with pytest.raises(IntegrityError):
                vote(story, step)
            db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_the_migration_gives_each_story_choice_vote_its_choose_step(tmp_path):
    """Votes stored before choose steps held their own: a vote for a story a step recorded as
    chosen goes to that step; the others to the session's first choose step."""
    from conftest import empty_database
    from flask_migrate import upgrade

    app = create_app(app_config(empty_database(tmp_path, "before.sqlite3")))
    with app.app_context():
        upgrade(revision="b7e3f1a9c524")
        rows = [
            "INSERT INTO workshop_session (id, uid, title, method_key, language, status, join_code, "
            "current_step, priority_dots, created_at, results_shown) "
            "VALUES (1, 'u1', 'S', 'mag-classique', 'fr', 'live', 'ACDEFG', 1, 5, '2026-01-01', 'live')",
            *(f"INSERT INTO participant (id, session_id, pseudonym, pseudonym_key, token, joined_at) "
              f"VALUES ({i}, 1, 'P{i}', 'p{i}', 'token{i}', '2026-01-01')" for i in (1, 2)),
            *(f"INSERT INTO contribution (id, session_id, step_index, kind, participant_id, text, hidden, "
              f"spoken, created_at, updated_at) VALUES ({i}, 1, 0, 'story', {i}, 'récit {i}', false, "
              f"false, '2026-01-01', '2026-01-01')" for i in (1, 2)),
            "INSERT INTO step_state (id, session_id, step_index, revealed, votes_open, speaking_order, "
            "turn, projector_page, chosen_story_id) VALUES (1, 1, 5, false, false, '[]', 0, 0, 2)",
            *(f"INSERT INTO vote (id, session_id, contribution_id, participant_id, kind, value, points, "
              f"created_at) VALUES ({i}, 1, {c}, {i}, 'story_choice', '1', 1, '2026-01-01')"
              for i, c in ((1, 1), (2, 2))),
            "INSERT INTO vote (id, session_id, contribution_id, participant_id, kind, value, points, "
            "created_at) VALUES (3, 1, 1, 2, 'agreement', 'agree', 1, '2026-01-01')",
        ]
        with db.engine.begin() as connection:
            for row in rows:
                connection.exec_driver_sql(row)
        upgrade()
        with db.engine.connect() as connection:
            steps = connection.exec_driver_sql("SELECT id, step_index FROM vote ORDER BY id").all()
        assert [tuple(row) for row in steps] == [(1, 1), (2, 5), (3, None)]  # classic MAG: choice at 1
        db.session.remove()
        db.engine.dispose()
