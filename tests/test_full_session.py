"""A whole classic MAG session, from the first story proposal to the evaluation."""

from conftest import go_to, join, login, submit

from workshop.core.extensions import db
from workshop.sessions.models import Contribution, Vote, WorkshopSession


def test_a_facilitator_runs_all_fourteen_steps(app, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    created = facilitator.post("/sessions/new", data={"title": "Organisation du travail",
                                                      "method": "mag-classique", "language": "fr",
                                                      "priority_dots": 3})
    session = db.session.scalar(db.select(WorkshopSession))
    sid = session.id
    assert created.headers["Location"].endswith(f"/sessions/{sid}/console")
    names = ("Lune", "Héron", "Galet", "Ardoise")
    people = dict(zip(names, (join(app, session, name) for name in names), strict=True))
    projector = socket_client(facilitator, audience="projector", session=sid, lang="fr")
    facilitator.post(f"/sessions/{sid}/status", data={"status": "live"})
    live = f"/sessions/{sid}/projector/live"

    def projected():
        return facilitator.get(live).get_data(as_text=True)

    def step(index, title):
        go_to(facilitator, session, index)
        assert title in projected()
        for browser, url in people.values():
            assert title in browser.get(f"{url}/shared").get_data(as_text=True)

    # 1. Story proposals
    assert "Propositions de récits" in projected()
    titles = {name: f"Récit {letter}" for name, letter in zip(names, "ABCD", strict=True)}
    for name, (browser, url) in people.items():
        response = submit(browser, url, 0, "Ce qui m'est arrivé.", title=titles[name])
        assert response.status_code == 200
    facilitator.post(f"/sessions/{sid}/reveal", data={"revealed": "1"})
    assert "Récit C" in projected()
    # 2. Story choice
    step(1, "Choix du récit")
    stories = {c.title: c for c in db.session.scalars(db.select(Contribution).filter_by(kind="story"))}
    for name, (browser, url) in people.items():
        choice = titles["Héron"] if name != "Héron" else titles["Lune"]
        assert browser.post(f"{url}/votes", data={"kind": "story_choice",
                                                  "contribution": stories[choice].id}).status_code == 200
    facilitator.post(f"/sessions/{sid}/reveal", data={"revealed": "1"})
    assert "3 voix" in projected()
    facilitator.post(f"/sessions/{sid}/story", data={"contribution": stories[titles["Héron"]].id})
    narrator, narrator_url = people["Héron"]
    others = {name: pair for name, pair in people.items() if name != "Héron"}
    # 3. Narration
    step(2, "Narration")
    submit(narrator, narrator_url, 2, "Tout a commencé un lundi.\nPuis le dossier s'est perdu.")
    assert "Puis le dossier s&#39;est perdu." in projected()
    for browser, url in others.values():
        submit(browser, url, 2, "Penser à demander la date.")
    # 4. Stakes
    step(3, "Enjeux")
    submit(narrator, narrator_url, 3, "L'information ne circule pas entre services.")
    assert "circule pas" in projected()
    # 5. Questions
    step(4, "Questions d&#39;information")
    browser, url = others["Lune"]
    submit(browser, url, 4, "Combien de temps a duré le suivi ?")
    assert submit(narrator, narrator_url, 4, "Une question à moi-même").status_code == 403
    # 6. First round, with the speaking order on the projector
    step(5, "Premier tour de table")
    assert "À présent : <strong>Lune</strong>" in projected()
    for index, (browser, url) in enumerate(others.values()):
        submit(browser, url, 5, f"Interprétation {index}: le système protège l'institution.")
        facilitator.post(f"/sessions/{sid}/speaking-order", data={"action": "next"})
    assert "Le tour de table est terminé" in projected()
    facilitator.post(f"/sessions/{sid}/reveal", data={"revealed": "1"})
    assert "Interprétation 2" in projected()
    # 7. Narrator's reaction
    step(6, "Réaction du narrateur")
    submit(narrator, narrator_url, 6, "Je me reconnais dans la deuxième lecture.")
    # 8. Second round
    step(7, "Second tour de table")
    browser, url = others["Galet"]
    submit(browser, url, 7, "Interprétation 3: le temps de coordination n'est pas reconnu.")
    # 9. Narrator's reaction
    step(8, "Réaction du narrateur")
    submit(narrator, narrator_url, 8, "Oui, c'est ce temps-là qui manque.")
    # 10. Positioning on every interpretation
    step(9, "Positionnement")
    interpretations = db.session.scalars(db.select(Contribution).filter_by(kind="interpretation")
                                         .order_by(Contribution.id)).all()
    assert len(interpretations) == 4
    for name, (browser, url) in people.items():
        for index, item in enumerate(interpretations):
            value = "agree" if (index != 1 or name in ("Lune", "Galet")) else "disagree"
            if index == 3 and name == "Ardoise":
                value = "abstain"
            assert browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": item.id,
                                                      "value": value}).status_code == 200
    assert "4 personnes se sont positionnées" in projected()
    # 11. Convergences and divergences computed from the positions
    step(10, "Convergences et divergences")
    board = projected()
    convergence = board.split("class--convergence")[1].split("</section>")[0]
    divergence = board.split("class--divergence")[1].split("</section>")[0]
    assert "Interprétation 0" in convergence and "Interprétation 1" in divergence
    submit(*others["Lune"], 10, "Le groupe converge : le temps de coordination est invisible.")
    # 12. Theory and new problem statement
    step(11, "Apports théoriques")
    facilitator.post(f"/sessions/{sid}/team", data={"username": "researcher", "role": "researcher"})
    researcher = login(app.test_client(), "researcher")
    added = researcher.post(f"/sessions/{sid}/staff-contributions", data={
        "kind": "theory", "title": "Bureaucratie de guichet", "text": "Lipsky, 1980."})
    assert added.status_code == 200
    submit(*others["Ardoise"], 11, "Comment rendre visible le travail de liaison ?")
    assert "Bureaucratie de guichet" in projected()
    # 13. Proposals with levels, then priority dots
    step(12, "Perspectives pratiques")
    submit(*others["Lune"], 12, "Un référent par service", level="organisation", actor="Direction")
    submit(*others["Galet"], 12, "Temps d'intervision mensuel", level="practice")
    proposals = db.session.scalars(db.select(Contribution).filter_by(kind="proposal")
                                   .order_by(Contribution.id)).all()
    facilitator.post(f"/sessions/{sid}/votes", data={"open": "1"})
    for browser, url in people.values():
        for _dot in range(3):
            assert browser.post(f"{url}/votes", data={"kind": "priority",
                                                      "contribution": proposals[1].id}).status_code == 200
    browser, url = people["Lune"]
    assert browser.post(f"{url}/votes", data={"kind": "priority",
                                              "contribution": proposals[0].id}).status_code == 409
    assert "12 points" not in projected()  # the dots stay hidden while the vote runs
    facilitator.post(f"/sessions/{sid}/votes", data={"open": "0"})
    ranking = projected()
    assert ranking.index("Temps d&#39;intervision") < ranking.index("Un référent par service")
    assert "12 points" in ranking
    # 14. Evaluation
    step(13, "Évaluation")
    for browser, url in people.values():
        assert browser.post(f"{url}/evaluation", data={"step": 13, "q_method": "4", "q_speech": "5",
                                                      "q_time": "3"}).status_code == 200
    assert "4 personnes ont répondu" in projected()
    facilitator.post(f"/sessions/{sid}/status", data={"status": "closed"})
    # The projector followed live the whole time, and named people only for the turn to speak.
    pushed = [m["args"][0]["html"] for m in projector.get_received() if m["name"] == "fragment"]
    assert any("Évaluation" in html for html in pushed)
    for html in pushed:
        board = html.split('class="turn"')[-1].split("</div>", 1)[-1] if 'class="turn"' in html else html
        assert not any(name in board for name in names), board
    assert db.session.scalar(db.select(db.func.count(Vote.id))) == 4 * 4 + 1 * 4 + 4
