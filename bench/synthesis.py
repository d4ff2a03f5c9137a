"""Time build_synthesis on a realistic two-day action-research session.

Run: .venv/bin/python bench/synthesis.py [--runs 7] [--contributions 400] [--votes 4000]

The generated session has 14 participants with profiles, about 400 contributions
(stories, findings, interpretations, visions, proposals, evaluation answers…) written
from sentence fragments in the CPAS social-work register, and about 4,000 votes
(agreement on findings, interpretations and visions; priority dots on proposals; story
choices). Prints the time of the first run in this process (it loads the French spaCy
pipeline and analyses every text), the median of several runs on texts never analysed
(pipeline loaded, cache of analyses emptied before each run) and the median of several
runs as a regenerated synthesis meets them (analyses cached), themes chosen automatically;
then the last with a fixed number of themes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from workshop.synthesis.analysis import clear_cache
from workshop.synthesis.document import load_document
from workshop.synthesis.engine import build_synthesis

SUBJECTS = ["Le téléphone", "L'accueil", "Le logiciel", "La direction", "Le comité spécial",
            "La cellule énergie", "Le jobcoach", "Le service ISP", "Le SSG", "L'employeur",
            "La formation", "Le référent", "L'usager", "La procédure", "L'encodage",
            "La réorganisation", "Le parrainage", "L'intervision", "La garantie locative",
            "Le dossier", "Le guichet", "L'article 60", "Le chef de service", "La note de service"]
VERBS = ["prend trop de temps", "n'est compté nulle part", "crée de la méfiance",
         "change sans concertation", "protège le travailleur", "oublie la personne",
         "demande des pièces justificatives", "bloque l'information entre services",
         "aide les nouveaux collègues", "mesure tout en chiffres", "isole les équipes",
         "exclut une partie du public", "donne des droits", "doit être repensé",
         "renvoie les gens d'un bureau à l'autre", "fatigue les anciens"]
TAILS = ["depuis la dernière réorganisation.", "surtout le mercredi.", "pour les plus fragiles.",
         "quand personne ne prévient.", "faute de formation.", "dans les petits CPAS.",
         "alors que le travail social, c'est l'écoute.", "et personne ne le voit.",
         "malgré la bonne volonté de tous.", "à cause du turnover."]
PROFILE = {"service": ["SSG", "ISP", "other"], "hierarchy": ["front-line", "manager"],
           "function": ["AS", "jobcoach", "chef de service"], "seniority": ["<2", "2-5", "5+"],
           "organisation_size": ["small", "medium", "large"]}
KINDS = [("story", 12), ("narration", 2), ("enjeu", 10), ("question", 20),
         ("finding", 60), ("interpretation", 120), ("narrator_reaction", 6), ("vision", 50),
         ("theory", 4), ("problem", 3), ("proposal", 70), ("evaluation", 43)]


def make_session(contributions: int = 400, votes: int = 4000, seed: int = 1) -> dict:
    rng = random.Random(seed)
    participants = []
    for i in range(14):
        profile = {k: rng.choice(v) for k, v in PROFILE.items()}
        participants.append({"id": f"p{i}", "pseudonym": f"P{i}", "profile": profile})
    total = sum(n for _, n in KINDS)
    items = []
    for kind, n in KINDS:
        for _ in range(max(1, round(n * contributions / total))):
            text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TAILS)}"
            item = {"id": f"c{len(items)}", "kind": kind,
                    "author": rng.choice(participants)["id"], "text": text,
                    "created_at": f"2024-03-{12 + len(items) % 2}T10:00:00"}
            if kind == "proposal":
                item["level"] = rng.choice(["practice", "organisation", "policy", None])
            if kind == "evaluation":
                item["title"] = rng.choice(["Utilité", "Animation", "Organisation"])
                item["score"] = rng.randint(1, 5)
            items.append(item)
    voted = [c for c in items if c["kind"] in ("finding", "interpretation", "vision")]
    proposals = [c for c in items if c["kind"] == "proposal"]
    stories = [c for c in items if c["kind"] == "story"]
    out, seen = [], set()
    for p in participants:
        story = rng.choice(stories)
        out.append({"contribution": story["id"], "participant": p["id"],
                    "kind": "story_choice", "value": 1})
    while len(out) < votes:
        p = rng.choice(participants)["id"]
        if rng.random() < 0.85:
            c, kind = rng.choice(voted)["id"], "agreement"
            value = rng.choices(["agree", "disagree", "abstain"], [6, 3, 1])[0]
        else:
            c, kind, value = rng.choice(proposals)["id"], "priority", rng.randint(1, 3)
        if (c, p, kind) in seen:
            if len(seen) >= len(participants) * (len(voted) + len(proposals)):
                break
            continue
        seen.add((c, p, kind))
        out.append({"contribution": c, "participant": p, "kind": kind, "value": value})
    return {
        "format": "tourdetable.session/1",
        "session": {"title": "Groupe 8 — Organisation du travail (jours 1 et 2)",
                    "method": "recherche-action", "language": "fr", "date": "2024-03-12"},
        "participants": participants,
        "contributions": items,
        "votes": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--contributions", type=int, default=400)
    parser.add_argument("--votes", type=int, default=4000)
    args = parser.parse_args()
    data = make_session(args.contributions, args.votes)
    doc = load_document(data)
    print(f"session: {len(doc.participants)} participants, {len(doc.contributions)} "
          f"contributions, {len(doc.votes)} votes")
    start = time.perf_counter()
    build_synthesis(doc)
    print(f"build_synthesis, first run in this process: {time.perf_counter() - start:.3f} s "
          "(loads the French pipeline)")
    runs = [("themes automatic, new texts", None, True), ("themes automatic", None, False),
            ("themes = 8", 8, False)]
    for label, k, fresh in runs:
        times = []
        for _ in range(args.runs):
            if fresh:
                clear_cache()
            start = time.perf_counter()
            synthesis = build_synthesis(doc, themes=k)
            times.append(time.perf_counter() - start)
        print(f"build_synthesis, {label:<28} median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs, "
              f"{len(synthesis['themes'])} themes)")


if __name__ == "__main__":
    main()
