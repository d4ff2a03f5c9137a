"""A full MAG day with 10 participants, as a session document (``tourdetable.session/1``).

What a rapporteur has in hand at the end of the day: three stories and the chosen one, its
narration and stakes, questions, 60 items to group (interpretations, findings and visions from
six themes of the hand-grouped corpus ``theme_corpus_fr.json``, and eight proposals),
agreement votes that give convergences, divergences and minority positions, priority dots,
the evaluation, and the rapporteur's notes. Deterministic: the same document every time.
Used by the report's page images (tests/test_report_pages.py) and the workspace's browser test.
"""

import json
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
METHOD = HERE.parent.parent / "workshop" / "sessions" / "methods" / "mag-classique.toml"
THEMES = ("telephone", "administratif", "information", "reorganisation", "flux", "ethique")

PEOPLE = [  # pseudonym, function, service, hierarchy, seniority
    ("Lune", "AS", "SSG", "front-line", "5+"), ("Cèdre", "AS", "SSG", "front-line", "2-5"),
    ("Orage", "AS", "SSG", "front-line", "<2"), ("Brume", "AS", "ISP", "front-line", "5+"),
    ("Galet", "AS", "SSG", "front-line", "2-5"), ("Saule", "jobcoach", "ISP", "front-line", "<2"),
    ("Colline", "AS", "SSG", "front-line", "5+"), ("Ronce", "responsable", "SSG", "manager", "5+"),
    ("Tilleul", "responsable", "ISP", "manager", "5+"),
    ("Héron", "coordinateur", "SSG", "manager", "5+"),
]
STORIES = [
    ("La permanence qui déborde", "Un mardi, la permanence devait finir à midi. À 13 h 30 il restait "
     "six personnes dans la salle d'attente et le téléphone n'avait pas cessé de sonner."),
    ("Le dossier perdu entre deux services", "Une demande d'aide au loyer a attendu trois semaines "
     "parce que personne ne savait qui devait la signer après la réorganisation."),
    ("Refuser ou pas", "Une famille demandait une aide que le règlement ne prévoit pas ; j'ai dû "
     "décider seule, le vendredi soir, sans pouvoir joindre personne."),
]
PROPOSALS = [
    ("Fixer une heure de fin de permanence connue de tous et affichée.", "organisation", "direction"),
    ("Un temps d'intervision mensuel pour les décisions difficiles.", "practice", "équipe"),
    ("Un répertoire à jour de qui signe quoi depuis la réorganisation.", "organisation",
     "secrétariat"),
    ("Compter le temps passé au téléphone dans la charge de travail.", "policy", "conseil"),
    ("Une ligne d'appui joignable le vendredi après-midi.", "organisation", None),
    ("Des plages sans téléphone pour rédiger les rapports sociaux.", "practice", "équipe"),
    ("Associer les équipes avant toute nouvelle réorganisation.", "policy", "comité de direction"),
    ("Un accueil des nouveaux collègues en binôme pendant un mois.", "practice", None),
]
COMMENTS = ["Journée dense mais très utile ; on repart avec des choses concrètes.",
            "Le tour de table oblige à écouter jusqu'au bout, c'est précieux.",
            "Un peu court pour la phase d'analyse."]
NOTES = [(5, "09:48", "Le groupe revient sans cesse au temps non compté."),
         (5, "10:05", "Deux lectures de la permanence : surcharge ou manque de règles."),
         (7, "11:20", "La narratrice nuance : ce n'est pas l'accueil qui est en cause."),
         (10, "14:59", "Désaccord net entre terrain et responsables sur le téléphone."),
         (12, "15:40", "Les propositions organisationnelles dominent ; peu de politique.")]


def _steps() -> list[dict]:
    method = tomllib.loads(METHOD.read_text(encoding="utf-8"))
    return [{"index": i, "key": s["key"], "kind": s["kind"], "phase": s["phase"],
             "title": s["title"]["fr"]} for i, s in enumerate(method["steps"])]


def full_day(date: str = "2026-03-30") -> dict:
    rng = random.Random(7)
    corpus = json.loads((HERE / "theme_corpus_fr.json").read_text(encoding="utf-8"))
    people = [f"p{i + 1}" for i in range(len(PEOPLE))]
    participants = [{"id": pid, "pseudonym": name,
                     "profile": {"function": function, "service": service, "hierarchy": hierarchy,
                                 "seniority": seniority, "organisation_size": "large"}}
                    for pid, (name, function, service, hierarchy, seniority)
                    in zip(people, PEOPLE, strict=True)]
    contributions, votes = [], []

    def add(kind, step, text, author, minute, **extra):
        cid = f"c{len(contributions) + 1}"
        contributions.append({"id": cid, "kind": kind, "author": author, "text": text,
                              "step": step, "language": "fr",
                              "created_at": f"{date}T{7 + minute // 60:02d}:{minute % 60:02d}:00",
                              **extra})
        return cid

    stories = [add("story", 0, text, people[i * 3], 5 + i, title=title)
               for i, (title, text) in enumerate(STORIES)]
    for i, pid in enumerate(people):
        votes.append({"contribution": stories[0 if i < 6 else 1 + i % 2], "participant": pid,
                      "kind": "story_choice", "value": 1})
    add("narration", 2, "La narratrice décrit la salle d'attente pleine, les appels qu'elle ne "
        "peut pas prendre, et le sentiment de fermer la porte au nez des dernières personnes.",
        people[0], 40)
    for i, text in enumerate(("Qui décide de fermer la porte, et sur quelle base ?",
                              "Le temps de travail invisible des permanences.")):
        add("enjeu", 3, text, people[i], 60 + i)
    for i, text in enumerate(("Combien de personnes viennent en moyenne à la permanence ?",
                              "Qui répond au téléphone pendant la permanence ?")):
        add("question", 4, text, people[3 + i], 70 + i)

    texts = {theme: [t["text"] for t in corpus["texts"] if t["theme"] == theme and not t.get("hard")]
             for theme in THEMES}
    kinds = ["interpretation"] * 7 + ["finding", "vision"]
    minute = 90
    for theme in THEMES:
        for j, text in enumerate(texts[theme][:9 if theme in THEMES[:4] else 8]):  # 52 + 8
            kind = kinds[j]
            step = {"interpretation": 5 if j % 2 else 7, "finding": 5, "vision": 7}[kind]
            add(kind, step, text, people[rng.randrange(10)], minute)
            minute += 2
    interpretations = [c["id"] for c in contributions if c["kind"] == "interpretation"]
    for n, cid in enumerate(interpretations):
        pattern = n % 4  # convergence, front line against managers, minority, too mixed
        for i, pid in enumerate(people):
            if pattern == 0:
                value = "abstain" if i == 9 else "agree"
            elif pattern == 1:
                value = "agree" if i < 7 else "disagree"
                value = "disagree" if i in (2, 4) else value
            elif pattern == 2:
                value = "disagree" if i in (3, 8) else "agree"
            else:
                value = ("agree", "disagree", "abstain")[(i + n) % 3]
            votes.append({"contribution": cid, "participant": pid, "kind": "agreement",
                          "value": value})
    add("theory", 11, "Lipsky : les agents de première ligne fabriquent la politique "
        "par leurs arbitrages quotidiens.", None, 400)
    add("problem", 11, "Comment rendre visible et discutable le temps que le travail social "
        "passe à absorber ce que l'organisation ne règle pas ?", None, 405)
    proposals = [add("proposal", 12, text, people[i], 420 + i, level=level,
                     **({"actor": actor} if actor else {}))
                 for i, (text, level, actor) in enumerate(PROPOSALS)]
    for i, pid in enumerate(people):  # five dots each, the first proposals favoured
        for k, dots in enumerate((3, 1, 1)):
            votes.append({"contribution": proposals[(i + k * 3) % 4 if k == 0 else (i + k) % 8],
                          "participant": pid, "kind": "priority", "value": dots})
    # one vote per person and proposal: merge dots given twice to the same proposal
    merged = {}
    for v in votes:
        key = (v["contribution"], v["participant"], v["kind"])
        if key in merged and v["kind"] == "priority":
            merged[key]["value"] += v["value"]
        else:
            merged[key] = v
    votes = list(merged.values())
    for i, pid in enumerate(people):
        for key, base in (("method", 4), ("speech", 5), ("time", 3)):
            score = max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
            add("evaluation", 13, str(score), pid, 470 + i, title=key, score=score)
        if i < len(COMMENTS):
            add("evaluation", 13, COMMENTS[i], pid, 480 + i, title="comment")
    notes = [{"step": step, "text": text, "created_at": f"{date}T{int(hm[:2]) - 2:02d}{hm[2:]}:00"}
             for step, hm, text in NOTES]  # 14:59 in Brussels on a summer date is 12:59 UTC
    return {"format": "tourdetable.session/1",
            "session": {"title": "Groupe 2 — Le temps des permanences, journée 1",
                        "method": "mag-classique", "language": "fr", "date": date,
                        "status": "closed", "settings": {"priority_dots": 5},
                        "chosen_story": stories[0],
                        "formula": "Le temps de la permanence existe, mais personne ne le compte."},
            "steps": _steps(), "participants": participants, "contributions": contributions,
            "votes": votes, "notes": notes}
