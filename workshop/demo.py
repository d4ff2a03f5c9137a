"""`flask demo`: a realistic French session, already advanced to the first interpretation round, and
a research project at the forum stage (``demo_project``)."""

import os

import click
from flask import current_app, url_for

from .core.accounts import User
from .core.extensions import db
from .demo_project import PROJECT_TITLE, RESEARCHERS, build_project, demo_accounts
from .sessions import contributions as contrib
from .sessions.lifecycle import create_session, go_to_step, set_status
from .sessions.models import Participant, StaffRole, WorkshopSession
from .sessions.votes import cast_vote

DEMO_USER, DEMO_PASSWORD = "animatrice", "demo-tourdetable"

PEOPLE = [  # pseudonym, service, function, hierarchy, seniority, organisation size
    ("Lune", "ssg", "social_worker", "front_line", "gt5", "large"),
    ("Héron", "isp", "social_worker", "front_line", "2to5", "medium"),
    ("Tilleul", "ssg", "manager", "middle", "gt5", "large"),
    ("Ardoise", "ssg", "social_worker", "front_line", "lt2", "small"),
    ("Comète", "isp", "manager", "management", "gt5", "medium"),
    ("Sorbier", "other", "administrative", "front_line", "2to5", "large"),
    ("Galet", "ssg", "social_worker", "front_line", "2to5", "small"),
]

STORIES = [
    ("Lune", "La permanence qui déborde",
     "Le mardi, la permanence devait finir à midi. À 13 h 30, il restait neuf personnes dans la "
     "salle d'attente et deux collègues malades. J'ai reçu tout le monde, sans pause, et le "
     "lendemain personne n'en a parlé."),
    ("Héron", "Le contrat perdu",
     "Après deux ans d'accompagnement, un monsieur décroche un contrat article 60. Son dossier "
     "au service social n'avait pas été mis à jour : son revenu a été suspendu le mois où il "
     "commençait, et il a abandonné au bout de trois semaines."),
    ("Ardoise", "Un dossier parfait",
     "Une jeune femme de dix-neuf ans demande une aide pour une garantie locative. J'ai tout "
     "vérifié, le dossier est passé au comité en une semaine. Personne, moi compris, ne lui a "
     "demandé si elle se sentait prête à vivre seule."),
    ("Galet", "Le nouveau logiciel",
     "Le nouveau logiciel impose douze écrans pour une demande d'aide urgente. Lors de la "
     "formation, on nous a dit que c'était pour notre sécurité juridique. Depuis, je remplis "
     "les écrans le soir chez moi."),
]

NARRATION = (
    "C'était un mardi de janvier. La permanence sociale commence à 8 h 30 et doit se terminer à "
    "midi. Ce jour-là, deux collègues étaient absentes et l'accueil n'avait pas été prévenu.\n"
    "À midi, neuf personnes attendaient encore. Certaines étaient là depuis l'ouverture. J'ai "
    "décidé de recevoir tout le monde : je ne me voyais pas renvoyer une maman avec deux enfants "
    "qui revenait pour la troisième fois.\n"
    "J'ai terminé à 15 h. Je n'ai pas mangé. Mes rendez-vous de l'après-midi ont été décalés et "
    "j'ai dû rappeler quatre personnes pour m'excuser.\n"
    "Le lendemain, en réunion d'équipe, on a parlé des statistiques du mois. Personne n'a évoqué "
    "la permanence. Ce temps-là n'apparaît nulle part.")

ENJEUX = [
    ("Lune", "Le temps passé avec les usagers en dehors des cadres n'est ni compté ni reconnu."),
    ("Tilleul", "Qui décide de fermer la porte quand la permanence déborde : la travailleuse seule ?"),
    ("Héron", "L'absence de relais entre l'accueil et les travailleurs sociaux."),
]

QUESTIONS = [
    ("Ardoise", "Est-ce que l'accueil a le droit de clôturer la liste d'attente ?"),
    ("Comète", "Combien de permanences débordent ainsi sur un mois ?"),
    ("Sorbier", "Les usagers savaient-ils que deux collègues étaient absentes ?"),
]

INTERPRETATIONS = [
    ("Héron", "La permanence sert de soupape à tout le CPAS : quand le reste du système est saturé, "
              "c'est la travailleuse de première ligne qui absorbe."),
    ("Tilleul", "Il manque une règle claire, connue de tous, sur l'heure de fin. Sans règle, "
                "chacun porte seul la décision et la culpabilité."),
    ("Ardoise", "Ce que le récit montre, c'est un temps invisible : ce qui n'est pas compté dans "
                "les statistiques n'existe pas pour l'institution."),
]


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database already has a session.")
def demo_command(if_empty: bool):
    """Create a demo MAG session in French, advanced to the first interpretation round, and a
    research project at the forum stage."""
    if if_empty and db.session.scalar(db.select(WorkshopSession.id).limit(1)):
        click.echo("The database already holds sessions: no demo added.")
        return
    user = db.session.scalar(db.select(User).filter_by(username=DEMO_USER))
    if user is None:
        user = User(username=DEMO_USER, display_name="Animatrice (démo)")
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.flush()
    session = build_demo(user)
    db.session.commit()
    accounts = demo_accounts(DEMO_PASSWORD)
    with current_app.test_request_context():  # the texts the rules write, in the default language
        project = build_project(accounts)
        db.session.commit()
    # The address `make run` serves on (HOST, PORT), as this machine's browser reaches it.
    host = os.environ.get("SERVE_HOST", "127.0.0.1")
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    with current_app.test_request_context(base_url=f"http://{host}:{os.environ.get('SERVE_PORT', '5000')}"):
        click.echo(f"Demo session created: {session.title}; join code {session.join_code}.")
        click.echo(f"Staff login:  {DEMO_USER} / {DEMO_PASSWORD}")
        click.echo(f"Login page:   {url_for('auth.login', _external=True)}")
        click.echo(f"Console:      {url_for('console.page', session_id=session.id, _external=True)}")
        click.echo(f"Projector:    {url_for('projector.page', session_id=session.id, _external=True)}")
        click.echo(f"Join page:    {url_for('participation.join', code=session.join_code, _external=True)}")
        click.echo(f"Rapporteur:   {url_for('rapporteur.page', session_id=session.id, _external=True)}")
        click.echo(f"\nDemo research project {PROJECT_TITLE!r}, at the forum stage.")
        researchers = " and ".join(f"{name} / {DEMO_PASSWORD}" for name, _ in RESEARCHERS)
        click.echo(f"Researchers:  {researchers}")
        click.echo(f"Committee:    comite / {DEMO_PASSWORD}")
        click.echo(f"Project:      {url_for('projects.page', project_id=project.id, _external=True)}")
        click.echo(f"Follow-up:    {url_for('followup.board', project_id=project.id, _external=True)}")


def build_demo(user: User) -> WorkshopSession:
    """Walk a session through its first five steps the way a real group would."""
    session = create_session("Le temps invisible — groupe « Organisation du travail »",
                             "mag-classique", user, language="fr")
    session.staff.append(StaffRole(user_id=user.id, role="rapporteur"))
    db.session.flush()
    people = {}
    for name, service, function, hierarchy, seniority, size in PEOPLE:
        person = Participant(session_id=session.id, pseudonym=name, service=service,
                             function=function, hierarchy=hierarchy, seniority=seniority,
                             organisation_size=size, language="fr")
        db.session.add(person)
        people[name] = person
    db.session.flush()
    set_status(session, "live")

    stories = {name: contrib.submit(session, people[name], 0, title=title, text=text)
               for name, title, text in STORIES}
    go_to_step(session, 1)
    db.session.flush()
    for voter, author in [("Lune", "Héron"), ("Héron", "Lune"), ("Tilleul", "Lune"),
                          ("Ardoise", "Lune"), ("Comète", "Héron"), ("Sorbier", "Galet"),
                          ("Galet", "Lune")]:
        cast_vote(session, people[voter], stories[author].id, "story_choice")
    session.chosen_story_id = stories["Lune"].id
    go_to_step(session, 2)
    db.session.flush()
    contrib.submit(session, people["Lune"], 2, text=NARRATION)
    for step, rows in ((3, ENJEUX), (4, QUESTIONS)):
        go_to_step(session, step)
        for name, text in rows:
            contrib.submit(session, people[name], step, text=text)
    go_to_step(session, 5)
    db.session.flush()
    for name, text in INTERPRETATIONS:
        contrib.submit(session, people[name], 5, text=text)
    state = session.state(5)
    state.turn = len(INTERPRETATIONS)
    state.revealed = True
    return session

