"""For the browser tests: `python seed.py positioning|proposals PEOPLE ITEMS` puts a live classic
MAG session in its positioning (or dot-voting) step, with PEOPLE participants and ITEMS texts of
about 150 characters to vote on, in the database of DATABASE_URL. Prints the session's id, code
and the participants' personal tokens as JSON. Faster than typing them all in a browser."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's app, not another

from workshop import create_app  # noqa: E402
from workshop.core.accounts import User  # noqa: E402
from workshop.core.clock import utcnow  # noqa: E402
from workshop.core.extensions import db  # noqa: E402
from workshop.sessions.lifecycle import create_session, go_to_step, set_status  # noqa: E402
from workshop.sessions.models import Contribution, Participant  # noqa: E402

TEXT = ("Interprétation {n} : le temps passé avec les usagers hors des cadres n'est compté nulle part, "
        "et l'institution se protège en laissant chaque travailleuse décider seule.")
STEPS = {"positioning": (9, 5, "interpretation"), "proposals": (12, 12, "proposal")}

kind, people, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
step, written_in, written = STEPS[kind]
app = create_app({"RATELIMIT_ENABLED": False})
with app.app_context():
    facilitator = db.session.scalar(db.select(User).filter_by(username="animatrice"))
    session = create_session("Le temps invisible", "mag-classique", facilitator, priority_dots=3)
    db.session.flush()
    # People who joined from their phones: they accepted the charter on the join page.
    participants = [Participant(session_id=session.id, pseudonym=f"Personne {n + 1}",
                                charter_acknowledged_at=utcnow()) for n in range(people)]
    db.session.add_all(participants)
    db.session.flush()
    for n in range(items):
        db.session.add(Contribution(session_id=session.id, step_index=written_in, kind=written,
                                    participant_id=participants[n % people].id, text=TEXT.format(n=n + 1),
                                    level="practice" if written == "proposal" else None))
    set_status(session, "live")
    go_to_step(session, step)
    session.state().votes_open = True
    db.session.commit()
    print(json.dumps({"sid": session.id, "code": session.join_code,
                      "tokens": [p.token for p in participants]}))
