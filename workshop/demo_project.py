"""The demo's research project, at the forum stage: the whole chain a newcomer can click through.

Two thematic groups of Brussels CPAS social workers meet twice each (action research); the
rapporteurs review the personal data; two researchers write the transversal synthesis in their
own words and save a version; a forum of three ateliers judges it (answers, verdicts, a gap);
the validated synthesis follows; three work areas (micro, méso, macro) answer its proposals and
verdicts and are followed up; a committee member asks a question the team answers.

Everything goes through the rule functions the screens call (contributions, votes, continuity,
transversal synthesis, verdicts, validated synthesis, work areas), so the demo proves the chain
holds. Where a screen stores a row itself (a project, a theme, a group, a team member, a
participant joining, a comment), the same row is stored here with the same fields.
"""

from datetime import date

from werkzeug.datastructures import MultiDict

from .core.accounts import User
from .core.extensions import db
from .forum import followup_link
from .forum.gaps import save_gap
from .forum.inputs import upsert
from .forum.material import create_forum
from .forum.models import Forum, ForumAnswer
from .forum.review import decide as decide_forum
from .forum.review import reviewed_report
from .forum.review import spots as forum_spots
from .forum.staffing import add_staff
from .forum.validated import produce
from .forum.verdicts import save_verdict
from .forum.work_areas import add_answer, create_work_area, update_followup, verdict_key
from .research.continuity import start_group_session
from .research.models import Project, ProjectComment, ProjectMember, Theme, WorkshopGroup, default_horizon
from .research.transversal import (
    add_statement,
    create_axis,
    forum_material,
    pool,
    save_version,
    set_sources,
    update_axis,
    update_statement,
)
from .sessions import contributions as contrib
from .sessions.lifecycle import go_to_step, set_status
from .sessions.models import Contribution, Participant, StaffRole, WorkshopSession
from .sessions.sequences import record_choice
from .sessions.story_links import link as link_story
from .sessions.votes import cast_vote
from .workspace.interchange import session_document
from .workspace.models import decide as decide_session
from .workspace.redaction import personal_data

# The demo's staff accounts besides the facilitator of the MAG demo: username, display name.
RESEARCHERS = (("chercheuse", "Anne, chercheuse (démo)"), ("chercheur", "Karim, chercheur (démo)"))
COMMITTEE = ("comite", "Comité d'accompagnement (démo)")
PROJECT_TITLE = "Le travail social en CPAS : procédures, réseau et temps d'accompagnement"

STEP = {"findings": 0, "stories": 1, "practices": 2, "visions": 3, "proposals": 4, "evaluation": 5}

# Per group: its theme (title, note, initial findings), its people and what they say on each day.
# A person: pseudonym, service, function, hierarchy, seniority, organisation size.
GROUPS = [
    {
        "name": "Groupe Procédures",
        "theme": ("Procédures et informatisation",
                  "Les nouvelles procédures et les logiciels changent le quotidien des travailleurs "
                  "sociaux : ce qu'ils aident, ce qu'ils empêchent.",
                  ["Chaque nouvelle procédure ajoute des écrans sans retirer de tâche.",
                   "Les procédures changent sans concertation avec la première ligne."]),
        "dates": (date(2026, 3, 3), date(2026, 3, 24)),
        "people": [("Noisette", "ssg", "social_worker", "front_line", "gt5", "large"),
                   ("Mistral", "ssg", "social_worker", "front_line", "2to5", "large"),
                   ("Cèdre", "isp", "social_worker", "front_line", "lt2", "medium"),
                   ("Ondine", "ssg", "manager", "middle", "gt5", "medium"),
                   ("Basalte", "ssg", "social_worker", "front_line", "2to5", "small"),
                   ("Pivoine", "other", "administrative", "front_line", "gt5", "large")],
        "absent_day2": "Cèdre",
        "finding": ("Mistral", "Le temps passé à encoder n'est compté nulle part comme du travail social."),
        "stories": [("Basalte", "Douze écrans pour une aide urgente",
                     "Une dame arrive un vendredi à 15 h, sans rien pour nourrir ses enfants le week-end. "
                     "Le logiciel impose douze écrans avant de pouvoir accorder une aide urgente. Il a "
                     "fallu une heure ; j'ai fini le dossier le soir, chez moi."),
                    ("Ondine", "Un dossier parfait",
                     "Une jeune femme de dix-neuf ans demande une garantie locative. Le dossier est "
                     "complet, Mme Diallo du comité le fait passer en une semaine. Personne ne lui a "
                     "demandé si elle se sentait prête à vivre seule.")],
        "chosen": "Douze écrans pour une aide urgente",
        "practice": ("Pivoine", "Dans notre antenne, une référente procédures fait le lien entre le "
                                "service informatique et la première ligne."),
        "visions": [("Noisette", "En {year}, chaque changement de logiciel est testé avec des travailleurs "
                                 "de première ligne avant d'être imposé.", "agree"),
                    ("Ondine", "En {year}, l'encodage est fait par un service administratif, plus par "
                               "les assistants sociaux.", "split")],
        "proposals": [("Noisette", "Tester chaque nouvelle procédure avec un panel de travailleurs sociaux",
                       "organisation", "Direction du CPAS"),
                      ("Basalte", "Ramener le formulaire d'aide urgente à trois écrans", "practice",
                       "Service informatique"),
                      ("Ondine", "Désigner un référent procédures dans chaque antenne", "organisation", "")],
        "day2_proposal": ("Mistral", "Compter le temps d'encodage dans la charge de travail de chaque AS",
                          "policy", "Fédération des CPAS"),
    },
    {
        "name": "Groupe Réseau",
        "theme": ("Du travail individuel au travail en réseau",
                  "Passer du suivi individuel au travail en réseau, au sein du CPAS et avec ses "
                  "partenaires.",
                  ["Les informations ne passent pas entre le service social et l'insertion.",
                   "Les nouveaux travailleurs sociaux sont lâchés seuls face aux situations lourdes."]),
        "dates": (date(2026, 3, 5), date(2026, 3, 26)),
        "people": [("Héliotrope", "ssg", "social_worker", "front_line", "2to5", "large"),
                   ("Corail", "isp", "social_worker", "front_line", "gt5", "large"),
                   ("Sapin", "isp", "manager", "middle", "gt5", "medium"),
                   ("Brume", "ssg", "social_worker", "front_line", "lt2", "small"),
                   ("Granit", "ssg", "manager", "management", "gt5", "large"),
                   ("Luciole", "ssg", "social_worker", "front_line", "lt2", "medium")],
        "absent_day2": "Granit",
        "finding": ("Corail", "Le téléphone envahit le temps des travailleurs sociaux, et ce temps n'est "
                              "compté nulle part."),
        "stories": [("Héliotrope", "Téléphones renvoyés",
                     "Pendant deux semaines, nos téléphones ont été renvoyés vers l'accueil le mercredi. "
                     "Nous étions ravis ; l'accueil n'a reçu qu'environ huit appels par jour. Le "
                     "téléphone cachait autre chose : le temps que les usagers prennent sans rendez-vous."),
                    ("Corail", "Le contrat perdu",
                     "Après trois ans d'accompagnement, un monsieur trouve un emploi. L'information n'est "
                     "pas passée entre l'insertion et le service social : son revenu a été suspendu et "
                     "il a perdu l'offre.")],
        "chosen": "Le contrat perdu",
        "practice": ("Sapin", "Une réunion mensuelle entre le service social et l'insertion sur les "
                              "dossiers communs."),
        "visions": [("Brume", "En {year}, chaque nouvelle AS a un référent expérimenté pendant sa première "
                              "année.", "agree"),
                    ("Granit", "En {year}, les services du CPAS partagent un dossier social unique.",
                     "split")],
        "proposals": [("Luciole", "Un tutorat des nouveaux travailleurs sociaux par des référents "
                                  "expérimentés", "organisation", "Direction du CPAS"),
                      ("Sapin", "Du temps libéré chaque mois pour l'intervision", "organisation", ""),
                      ("Granit", "Étudier une fonction de facilitateur dans chaque CPAS", "policy",
                       "Fédération des CPAS")],
        "day2_proposal": ("Corail", "Une fiche de liaison entre l'insertion et le service social",
                          "practice", "Services social et insertion"),
    },
]


def demo_accounts(password: str) -> dict[str, User]:
    """The researchers and the committee member, made once (a second demo run reuses them)."""
    accounts = {}
    for username, name in (*RESEARCHERS, COMMITTEE):
        user = db.session.scalar(db.select(User).filter_by(username=username))
        if user is None:
            user = User(username=username, display_name=name)
            user.set_password(password)
            db.session.add(user)
        accounts[username] = user
    db.session.flush()
    return accounts


# --- the groups' days ------------------------------------------------------------------------------

def _people(session) -> dict[str, Participant]:
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id))
    return {p.pseudonym: p for p in people}


def _items(session, kind: str) -> dict[str, Contribution]:
    return {c.text: c for c in db.session.scalars(db.select(Contribution).filter_by(session_id=session.id,
                                                                                   kind=kind))}


def _open_votes(session, step: str) -> None:
    go_to_step(session, STEP[step])
    session.state().votes_open = True
    db.session.flush()


def _position_all(session, people, items, split: set[str]) -> None:
    """Everyone positions themselves on each item; on the ``split`` ones the group divides, on
    the others one person disagrees with the rest only where there are five or more."""
    names = sorted(people)
    for text, item in items.items():
        for index, name in enumerate(names):
            value = ("agree" if index % 2 else "disagree") if text in split else "agree"
            cast_vote(session, people[name], item.id, "agreement", value)


def _evaluate(session, people) -> None:
    go_to_step(session, STEP["evaluation"])
    for index, name in enumerate(sorted(people)):
        contrib.answer_evaluation(session, people[name], STEP["evaluation"], {
            "method": str(4 + index % 2), "speech": str(3 + index % 3), "usefulness": "4"})


def _day_one(spec, group, researcher, rapporteur, year) -> WorkshopSession:
    session = start_group_session(group, researcher, f"{group.name} — jour 1", scheduled_for=spec["dates"][0])
    session.staff.append(StaffRole(user_id=rapporteur.id, role="rapporteur"))
    for name, service, function, hierarchy, seniority, size in spec["people"]:
        db.session.add(Participant(session_id=session.id, pseudonym=name, service=service, function=function,
                                   hierarchy=hierarchy, seniority=seniority, organisation_size=size,
                                   language="fr"))
    db.session.flush()
    people = _people(session)
    set_status(session, "live")
    go_to_step(session, STEP["findings"])
    author, added = spec["finding"]
    contrib.submit(session, people[author], STEP["findings"], text=added)
    session.state().votes_open = True
    db.session.flush()
    findings = _items(session, "finding")
    _position_all(session, people, findings, split={spec["theme"][2][1]})

    go_to_step(session, STEP["stories"])
    stories = {title: contrib.submit(session, people[name], STEP["stories"], title=title, text=text)
               for name, title, text in spec["stories"]}
    db.session.flush()
    record_choice(session, stories[spec["chosen"]])
    link_story(session, researcher, stories[spec["chosen"]].id, findings[added].id)

    go_to_step(session, STEP["practices"])
    name, text = spec["practice"]
    contrib.submit(session, people[name], STEP["practices"], text=text)

    go_to_step(session, STEP["visions"])
    for name, text, _how in spec["visions"]:
        contrib.submit(session, people[name], STEP["visions"], text=text.format(year=year))
    _open_votes(session, "visions")
    visions = _items(session, "vision")
    split = {text.format(year=year) for _name, text, how in spec["visions"] if how == "split"}
    _position_all(session, people, visions, split)

    go_to_step(session, STEP["proposals"])
    for name, text, level, actor in spec["proposals"]:
        contrib.submit(session, people[name], STEP["proposals"], text=text, level=level, actor=actor)
    _open_votes(session, "proposals")
    _dots(session, people)
    _evaluate(session, people)
    set_status(session, "closed")
    for person in people.values():  # attendance, as the group's page records it
        person.attended = True
    return session


def _dots(session, people) -> None:
    """Each person puts three dots: two on the proposal they wrote or like best, one on the next."""
    proposals = sorted(_items(session, "proposal").values(), key=lambda c: c.id)
    for index, name in enumerate(sorted(people)):
        first = proposals[index % 2]
        for target in (first, first, proposals[(index % 2) + 1]):
            cast_vote(session, people[name], target.id, "priority")


def _day_two(spec, group, researcher, year) -> WorkshopSession:
    session = start_group_session(group, researcher, f"{group.name} — jour 2", scheduled_for=spec["dates"][1])
    db.session.flush()
    people = _people(session)
    for name, person in people.items():
        person.attended = name != spec["absent_day2"]
    present = {name: person for name, person in people.items() if person.attended}
    set_status(session, "live")
    _open_votes(session, "findings")
    _position_all(session, present, _items(session, "finding"), split=set())
    _open_votes(session, "visions")
    split = {text.format(year=year) for _name, text, how in spec["visions"] if how == "split"}
    _position_all(session, present, _items(session, "vision"), split)
    go_to_step(session, STEP["proposals"])
    name, text, level, actor = spec["day2_proposal"]
    contrib.submit(session, present[name], STEP["proposals"], text=text, level=level, actor=actor)
    _open_votes(session, "proposals")
    _dots(session, present)
    _evaluate(session, present)
    set_status(session, "closed")
    return session


def _review(session) -> None:
    """The rapporteur's review: every spot that looks like personal data is masked."""
    spots = personal_data(session, session_document(session))
    decide_session(session.id, {entry["value"]: {"decision": "redact", "kind": entry["spot"].kind,
                                                 "excerpt": None} for entry in spots})


# --- the research team's work ----------------------------------------------------------------------

def _find(known: dict, kind: str, text: str, session=None) -> str:
    return next(item["id"] for item in known.values() if item["kind"] == kind
                and item["text"].startswith(text) and (session is None or item["session_uid"] == session.uid))


def _transversal(project, days, anne, karim) -> None:
    """Anne drafts the axes and statements; Karim renames an axis, rewrites a statement and adds
    sources; both kinds of axes, each statement citing items of both groups."""
    known = pool(project)
    (proc1, proc2), (net1, net2) = days

    def item(kind, text, session):
        return _find(known, kind, text, session)

    plan = [
        ("Le temps invisible", "diagnosis", [
            ("Le temps passé à encoder, à répondre au téléphone et à gérer l'urgence n'est reconnu nulle "
             "part comme du travail social.",
             [item("finding", "Le temps passé à encoder", proc2),
              item("finding", "Le téléphone envahit", net2),
              item("story", "Une dame arrive", proc1), item("story", "Pendant deux semaines", net1)])]),
        ("Des procédures décidées sans la première ligne", "diagnosis", [
            ("Les procédures et les logiciels changent sans concertation avec celles et ceux qui les "
             "appliquent ; là où un relais existe, le changement passe mieux.",
             [item("finding", "Les procédures changent", proc2), item("finding", "Chaque nouvelle", proc2),
              item("good_practice", "Dans notre antenne", proc1), item("story", "Une dame arrive", proc1)]),
            ("L'information circule mal entre le service social et l'insertion, au détriment des usagers.",
             [item("finding", "Les informations ne passent pas", net2),
              item("story", "Après trois ans", net1),
              item("good_practice", "Une réunion mensuelle", net1)])]),
        ("Associer la première ligne aux changements", "perspective", [
            ("Tester chaque nouvelle procédure avec un panel de travailleurs sociaux avant de l'imposer.",
             [item("proposal", "Tester chaque nouvelle procédure", proc2),
              item("proposal", "Une fiche de liaison", net2)]),
            ("Simplifier les formulaires de l'aide urgente.",
             [item("proposal", "Ramener le formulaire", proc2)]),
            (f"En {project.horizon_year}, chaque changement de logiciel est testé avec la première ligne, et "
             "chaque nouvelle AS est accompagnée par un référent.",
             [item("vision", f"En {project.horizon_year}, chaque changement", proc2),
              item("vision", f"En {project.horizon_year}, chaque nouvelle AS", net2)])]),
        ("Soutenir les travailleurs sociaux", "perspective", [
            ("Un tutorat des nouveaux travailleurs sociaux et du temps protégé pour l'intervision.",
             [item("proposal", "Un tutorat", net2), item("proposal", "Du temps libéré", net2)]),
            ("Reconnaître le temps administratif dans la charge de travail.",
             [item("proposal", "Compter le temps d'encodage", proc2)])]),
    ]
    statements = []
    for title, kind, entries in plan:
        axis = create_axis(project, title, kind, anne)
        db.session.flush()
        for text, sources in entries:
            statements.append(add_statement(project, axis, text, sources, anne, known))
    db.session.flush()
    first = statements[0].axis
    update_axis(first, "Le temps invisible du travail social", "diagnosis", first.revision, karim)
    network = statements[2]
    update_statement(network, "L'information circule mal entre le service social et l'insertion : des "
                              "usagers perdent un revenu ou un emploi.", network.revision, karim)
    db.session.flush()
    day_one = item("finding", "Les informations ne passent pas", net1)
    set_sources(project, network, [link.item_id for link in network.links] + [day_one], network.revision,
                karim)


FORUM_VERDICTS = [  # target number in the forum's material, then each atelier's (verdict, amended)
    (0, [("validated", ""), ("validated", ""),  # the invisible time: amended by atelier 3
         ("amended", "Le temps passé à encoder, au téléphone et dans l'urgence n'est ni compté ni reconnu "
                     "comme du travail social.")]),
    (1, [("amended", "Les procédures changent sans concertation avec la première ligne ; un référent "
                     "procédures aide à les faire passer."), ("validated", ""), ("validated", "")]),
    (2, [("invalidated", ""), ("invalidated", ""), ("invalidated", "")]),  # the information: withdrawn
    (3, [("validated", ""), ("validated", ""), ("validated", "")]),  # the vision
    (4, [("validated", ""), ("validated", ""), ("validated", "")]),  # a panel for new procedures
    (5, [("validated", ""), ("amended", "Ramener chaque formulaire d'aide urgente à trois écrans au plus."),
         ("validated", "")]),
    (6, [("validated", ""), ("validated", ""), ("invalidated", "")]),  # mentoring: contested
    (7, [("validated", ""), ("validated", ""), ("validated", "")]),  # administrative time
]
GAP = "Il manque un axe sur la place des usagers eux-mêmes dans ces changements."


def _forum(project, anne, karim) -> tuple[Forum, dict]:
    save_version(project, "Note pour le forum du 12 mai", karim)
    db.session.flush()
    forum = create_forum("Forum de validation du 12 mai", forum_material(project), anne, 3, project.id)
    db.session.flush()
    add_staff(forum, karim.username, "rapporteur", [str(a.id) for a in forum.ateliers])
    targets = [(kind, item) for axis in forum.material["axes"]
               for kind, name in (("finding", "findings"), ("vision", "visions"), ("proposal", "proposals"))
               for item in axis[name]]
    for number, atelier in enumerate(forum.ateliers):
        session = atelier.session
        set_status(session, "live")
        people = []
        for name in (f"Témoin {number * 3 + n}" for n in range(1, 4)):
            person = Participant(session_id=session.id, pseudonym=name, language="fr")
            db.session.add(person)
            people.append(person)
        db.session.flush()
        for index, person in enumerate(people):
            for kind, item in targets:
                key = {"participant_id": person.id, "target_kind": kind, "target_id": item["id"]}
                upsert(ForumAnswer, key,
                       {"session_id": session.id, "coverage": "covered", "gaps": "",
                        "scope": "some" if index == 2 and kind == "finding" else "all",
                        "scope_which": "Surtout les grands CPAS." if index == 2 and kind == "finding" else "",
                        "priority": ("yes", "partly", "yes")[index] if kind == "proposal" else None,
                        "client_key": None})
    verdicts = {}
    for statement_index, per_atelier in FORUM_VERDICTS:
        kind, item = targets[statement_index]
        for atelier, (verdict, amended) in zip(forum.ateliers, per_atelier, strict=True):
            save_verdict(atelier.session_id, kind, item["id"], {"verdict": verdict, "amended": amended,
                                                                "gaps": "", "recorded_by_id": karim.id}, 0)
        verdicts[statement_index] = verdict_key(forum.id, kind, item["id"])
    save_gap(forum.ateliers[1].session_id, None, GAP, karim.id)
    for atelier in forum.ateliers:
        set_status(atelier.session, "closed")
    forum.conclusions = ("Le forum valide le diagnostic du temps invisible et les perspectives ; il retire "
                         "l'énoncé sur la circulation de l'information, jugé trop général.")
    return forum, verdicts


def _review_forum(forum) -> None:
    entries = forum_spots(forum)
    if entries:
        decide_forum(forum, {entry["value"]: {"decision": "redact", "kind": entry["spot"].kind,
                                              "excerpt": None} for entry in entries}, set())


def _work_areas(project, verdicts, anne, karim) -> None:
    known = pool(project)

    def proposal(text):  # the first version
        return _find(known, "proposal", text)

    def every(text):  # every version: day 1 and day 2
        return [i["id"] for i in known.values() if i["kind"] == "proposal" and i["text"].startswith(text)]

    plans = [
        ({"title": "Un formulaire d'aide urgente en trois écrans", "level": "micro",
          "description": "Revoir avec la première ligne le parcours de l'aide urgente dans le logiciel.",
          "owner": "Service informatique du CPAS", "sources": every("Ramener le formulaire"),
          "verdicts": [verdicts[5]]},
         {"owner": "Service informatique du CPAS", "status": "in_progress", "due_on": "2026-11-30"},
         ("2026-09-15", "Une maquette à cinq écrans est testée par six AS de deux antennes.")),
        ({"title": "Un panel de première ligne pour chaque nouvelle procédure", "level": "meso",
          "description": "Aucune procédure n'est imposée sans avoir été testée par un panel d'AS.",
          "sources": every("Tester chaque nouvelle procédure") + [proposal("Une fiche de liaison")],
          "verdicts": [verdicts[4], verdicts[1]]},
         {"owner": "Direction générale du CPAS", "status": "adopted", "due_on": "2027-01-31"},
         ("2026-10-02", "Le comité de direction a adopté le principe ; le panel sera constitué en janvier.")),
        ({"title": "Reconnaître le temps administratif dans les normes d'encadrement", "level": "macro",
          "sources": [proposal("Compter le temps d'encodage")], "verdicts": [verdicts[7], verdicts[0]]},
         {"owner": "Fédération des CPAS bruxellois", "status": "proposed", "due_on": "2027-06-30"},
         ("2026-10-20", "La Fédération inscrit la question à l'ordre du jour de son groupe de travail.")),
    ]
    for fields, followup, (day, answer) in plans:
        area = create_work_area(project, MultiDict([(k, v) for k, vs in fields.items()
                                                    for v in (vs if isinstance(vs, list) else [vs])]),
                                anne, known)
        db.session.flush()
        update_followup(area, MultiDict({**followup, "revision": area.revision}), karim)
        add_answer(area, MultiDict({"text": answer, "answered_on": day}), karim)
    followup_link.renew(project)


# --- the whole project -----------------------------------------------------------------------------

def build_project(accounts: dict[str, User]) -> Project:
    """The forum-stage project; returns it (the caller commits)."""
    anne, karim, committee = (accounts[name] for name, _ in (*RESEARCHERS, COMMITTEE))
    year = default_horizon()
    project = Project(title=PROJECT_TITLE, horizon_year=year, created_by_id=anne.id, description=(
        "Recherche-action avec des travailleurs sociaux des CPAS bruxellois : deux groupes thématiques, "
        "deux journées chacun, puis un forum de validation."))
    project.members.extend([ProjectMember(user_id=anne.id, role="researcher"),
                            ProjectMember(user_id=karim.id, role="researcher"),
                            ProjectMember(user_id=committee.id, role="committee")])
    db.session.add(project)
    days = []
    for spec in GROUPS:
        title, note, findings = spec["theme"]
        theme = Theme(title=title, note=note, initial_findings="\n".join(findings))
        project.themes.append(theme)
        group = WorkshopGroup(name=spec["name"], theme=theme, capacity=8, first_date=spec["dates"][0],
                              second_date=spec["dates"][1])
        project.groups.append(group)
        db.session.flush()
        first = _day_one(spec, group, anne, karim, year)
        db.session.flush()
        second = _day_two(spec, group, anne, year)
        db.session.flush()
        days.append((first, second))
    for session in (s for pair in days for s in pair):
        _review(session)
    db.session.flush()
    _transversal(project, days, anne, karim)
    db.session.flush()
    forum, verdicts = _forum(project, anne, karim)
    db.session.flush()
    _review_forum(forum)
    produce(forum, reviewed_report(forum)[0], anne)
    db.session.flush()
    _work_areas(project, verdicts, anne, karim)
    question = ProjectComment(project_id=project.id, author_id=committee.id, text=(
        "Les chantiers tiennent-ils compte des petits CPAS, où une seule AS fait tout ?"))
    db.session.add(question)
    db.session.flush()
    question.answers.append(ProjectComment(project_id=project.id, author_id=anne.id, text=(
        "Oui : le panel de première ligne prévoit une place pour les petits CPAS, et le formulaire simplifié "
        "leur servira d'abord.")))
    return project
