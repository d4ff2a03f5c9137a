"""What leaves the room, end to end: the session of issue #12 replayed as its users would, its
review, and the six exports (MD, DOCX, JSON, CSV, votes CSV, print) checked for pseudonyms,
typed personal data, organisations and profiles of fewer than three people."""

import csv
import io
import json
import re

from conftest import decide_everything, go_to, join, login, review_values, submit
from docx import Document

from workshop.core.extensions import db
from workshop.sessions.models import Contribution, WorkshopSession

# Five participants, one of them the only manager.
PEOPLE = {
    "Ketje": {"organisation": "CPAS de Molenbeek", "service": "ssg", "function": "social_worker",
              "hierarchy": "front_line", "seniority": "gt5", "organisation_size": "large"},
    "Zinneke": {"organisation": "CPAS d'Ixelles", "service": "ssg", "function": "social_worker",
                "hierarchy": "front_line", "seniority": "2to5", "organisation_size": "large"},
    "Praline": {"organisation": "CPAS de Forest", "service": "ssg", "function": "social_worker",
                "hierarchy": "front_line", "seniority": "lt2", "organisation_size": "medium"},
    "Gaufre": {"organisation": "CPAS d'Evere", "service": "ssg", "function": "social_worker",
               "hierarchy": "front_line", "seniority": "gt5", "organisation_size": "small"},
    "Kriek": {"organisation": "CPAS de Saint-Gilles", "service": "other", "function": "manager",
              "hierarchy": "management", "seniority": "gt5", "organisation_size": "medium"},
}
STORY = ("La famille Dupont vient chaque semaine à la permanence. Monsieur Kowalczyk, le voisin, "
         "appelle au 0475 12 34 56 pour prévenir quand elle ne viendra pas.")
ACCOUNTS = ("Son NISS 85.07.30-033.61 et son IBAN BE68 5390 0754 7035 étaient dans le dossier, "
            "mais personne ne les avait vérifiés.")
ENJEU = "Écrire à x (dot) y at gmail.com n'a rien changé : personne ne répond."
INTERPRETATIONS = ["Comme dans le récit de Ketje, le temps passé au téléphone n'est compté nulle part.",
                   "La famille Dupont montre que l'accueil filtre sans le dire.",
                   "Monsieur Kowalczyk fait le travail de liaison que le service ne fait pas."]
NOTE = "Récit de Ketje : la famille Dupont revient sans cesse, le groupe s'arrête longtemps dessus."
FORMULA = "Chez les Dupont, on appelle le 0475 12 34 56 : personne ne compte ce temps."
THEME_LABEL = "Le cas Kowalczyk"

TYPED = ["Dupont", "Kowalczyk", "0475", "85.07.30", "033.61", "BE68", "7035", "gmail", "(dot)"]
ORGANISATIONS = ["Molenbeek", "Ixelles", "Forest", "Evere", "Saint-Gilles"]
# How the lone manager could be described, in any language the reports use.
LONE_MANAGER = ["responsable", "direction", "directie", "leidinggevende", "manager", "autre service",
                "andere dienst", "another service", "management", "other"]


def replay_issue_session(app) -> tuple[int, object, object]:
    """The session of the issue, as its facilitator, participants and rapporteur would run it;
    returns (session id, facilitator client, rapporteur client)."""
    facilitator = login(app.test_client(), "facilitator")
    facilitator.post("/sessions/new", data={"title": "Groupe permanence — journée 1",
                                            "method": "mag-classique", "language": "fr",
                                            "priority_dots": 3})
    session = db.session.scalar(db.select(WorkshopSession))
    sid = session.id
    facilitator.post(f"/sessions/{sid}/team", data={"username": "rapporteur", "role": "rapporteur"})
    facilitator.post(f"/sessions/{sid}/status", data={"status": "live"})
    people = {name: join(app, session, name, **profile) for name, profile in PEOPLE.items()}

    submit(*people["Ketje"], 0, STORY, title="La famille Dupont")
    submit(*people["Zinneke"], 0, ACCOUNTS, title="Le dossier oublié")
    submit(*people["Gaufre"], 0, "Le logiciel impose douze écrans pour une aide urgente.",
           title="Douze écrans")
    go_to(facilitator, session, 1)
    story = db.session.scalar(db.select(Contribution).filter_by(title="La famille Dupont"))
    for browser, url in people.values():
        browser.post(f"{url}/votes", data={"kind": "story_choice", "contribution": story.id})
    facilitator.post(f"/sessions/{sid}/story", data={"contribution": story.id})
    go_to(facilitator, session, 2)
    submit(*people["Ketje"], 2, STORY + " Elle attend parfois deux heures.")
    go_to(facilitator, session, 3)
    assert submit(*people["Ketje"], 3, ENJEU).status_code == 200
    go_to(facilitator, session, 5)
    for name, text in zip(("Zinneke", "Praline", "Kriek"), INTERPRETATIONS, strict=True):
        assert submit(*people[name], 5, text).status_code == 200
    go_to(facilitator, session, 9)
    interpretations = db.session.scalars(db.select(Contribution).filter_by(
        session_id=sid, kind="interpretation").order_by(Contribution.id)).all()
    for name, (browser, url) in people.items():
        for index, item in enumerate(interpretations):
            value = "disagree" if (name == "Kriek" and index != 1) or (index == 1 and name != "Kriek") \
                else "agree"
            assert browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": item.id,
                                                      "value": value}).status_code == 200
    rapporteur = login(app.test_client(), "rapporteur")
    assert rapporteur.post(f"/sessions/{sid}/notes", data={"step": 2, "text": NOTE}).status_code == 200
    facilitator.post(f"/sessions/{sid}/status", data={"status": "closed"})
    base = f"/sessions/{sid}/synthesis"
    rapporteur.post(f"{base}/formula", data={"text": FORMULA})
    page = rapporteur.get(base).get_data(as_text=True)
    theme = re.search(r'name="theme" value="([^"]+)"', page).group(1)
    assert rapporteur.post(f"{base}/rename", data={"theme": theme, "label": THEME_LABEL}).status_code == 303
    return sid, facilitator, rapporteur


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def six_exports(client, sid: int) -> dict[str, str]:
    base = f"/sessions/{sid}/synthesis"
    out = {}
    for name, path in (("md", "export.md"), ("docx", "export.docx"), ("json", "export.json"),
                       ("csv", "export.csv"), ("votes", "export-votes.csv"), ("print", "print")):
        response = client.get(f"{base}/{path}")
        assert response.status_code == 200, (name, response.status_code)
        out[name] = docx_text(response.data) if name == "docx" else response.get_data(as_text=True)
        if name != "print":
            out[name + " file name"] = response.headers["Content-Disposition"]
    return out


def assert_nothing_identifies_anyone(exports: dict[str, str]):
    for name, text in exports.items():
        for pseudonym in PEOPLE:
            assert pseudonym.lower() not in text.lower(), (name, pseudonym)
        for datum in TYPED + ORGANISATIONS:  # a number is not part of a longer one (a timestamp)
            assert not re.search(rf"(?<!\d){re.escape(datum.lower())}(?!\d)", text.lower()), (name, datum)
    for name in ("md", "docx", "print"):
        participants = exports[name].split("décrit·es par leur position", 1)[1].split("Phase 1")[0]
        described = [int(n) for n in re.findall(r"(\d+) × un·e", participants)]
        assert described and all(n >= 3 for n in described), (name, participants)
        for word in LONE_MANAGER:
            assert word not in participants.lower(), (name, word)
    exported = json.loads(exports["json"])
    combinations = {}
    for person in exported["participants"]:
        assert set(person) <= {"id", "profile"} and re.fullmatch(r"p\d", person["id"])
        if person.get("profile"):
            key = json.dumps(person["profile"], sort_keys=True)
            combinations[key] = combinations.get(key, 0) + 1
    assert combinations and all(n >= 3 for n in combinations.values())
    assert exported["votes"] == []
    for row in csv.DictReader(io.StringIO(exports["votes"])):
        assert "participant" not in row and int(row["voters"]) >= 1
        if row["dimension"]:
            assert int(row["voters"]) >= 3
    roles = [row["author_role"] for row in csv.DictReader(io.StringIO(exports["csv"]))]
    assert not any(word in role.lower() for role in roles for word in LONE_MANAGER)


def test_the_issue_session_leaves_the_room_with_nobody_identifiable(app, staff):
    sid, _facilitator, rapporteur = replay_issue_session(app)
    base = f"/sessions/{sid}/synthesis"
    for path in ("export.md", "export.docx", "export.json", "export.csv", "export-votes.csv", "print"):
        assert rapporteur.get(f"{base}/{path}").status_code == 409, path

    review = rapporteur.get(f"{base}/review").get_data(as_text=True)
    values = review_values(review)
    # every kind of datum typed, every pseudonym written in a text, one line per distinct value
    assert {"name", "phone", "national_number", "iban", "email", "pseudonym"} <= set(values.values())
    assert "value:pseudonym:ketje" in values and "value:name:dupont" in values
    dupont = review.split("Dupont</mark>", 1)[1].split("</legend>")[0]
    # story title and text, narration, interpretation, note and formula: one decision for all
    assert "6 occurrences" in dupont
    for where in ("Note du rapporteur", "Formule", "Intitulé de thème", "Enjeu", "Interprétation",
                  "Récit", "Narration"):
        assert f'<span class="muted">{where}</span>' in review, where

    decide_everything(rapporteur, sid)
    assert "Tous les passages sont décidés" in rapporteur.get(f"{base}/review").get_data(as_text=True)
    exports = six_exports(rapporteur, sid)
    assert_nothing_identifies_anyone(exports)
    # what was said stays readable, its personal data replaced in the report's language
    assert "La famille [nom]" in exports["md"] and "[téléphone]" in exports["docx"]
    assert "Le cas [nom]" in exports["md"] and "Chez les [nom]" in exports["print"]
    assert "récit de [pseudonyme]" in exports["csv"]
    assert "[numéro national]" in exports["json"] and "[compte bancaire]" in exports["json"]
    assert "[e-mail]" in exports["md"]
    assert "4 × un·e AS du SSG" in exports["md"] and "1 × sans description" in exports["md"]
    # votes leave as counts
    rows = list(csv.DictReader(io.StringIO(exports["votes"])))
    assert {(r["agree"], r["disagree"]) for r in rows if r["kind"] == "agreement"} == {("4", "1"),
                                                                                       ("1", "4")}
