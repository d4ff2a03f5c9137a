"""Labels of the exported reports in French (default), Dutch and English.

Why a dict here rather than the app's Babel catalogs: a report must render from the
command line with no Flask app and no compiled catalogs, and its wording follows the
*session's* language, not the reader's browser. Babel's ``support.Translations`` could
load the app's ``.mo`` files directly, but those are compiled at build time (not in the
source tree) and hold web-UI strings; keeping the few dozen report labels next to the
renderer keeps exports working from a plain checkout. Terms follow shared GLOSSARY.md.
"""

from __future__ import annotations

from ..profile_codes import normalise

LANGUAGES = ("fr", "nl", "en")

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "report": "Synthèse de la journée",
        "colon": " : ",
        "date": "Date",
        "method": "Méthode",
        "participants": "Participant·es",
        "participants_intro": "{n} participant·es, décrit·es par leur position :",
        "undescribed": ("{n} × sans description (position non précisée, ou partagée par moins "
                        "de trois personnes)"),
        "phase": "Phase {n}",
        "stories": "Propositions de récits",
        "story_votes": "voix",
        "chosen_story": "Récit choisi",
        "analysed_story": "Récit analysé n° {n}",
        "choice_round": "voix, choix {n}",
        "chosen_with": "Voix reçues lors de son choix : {n}",
        "illustrated_by": "illustré par le récit « {title} »",
        "narration": "Narration",
        "enjeux": "Enjeux",
        "findings": "Constats",
        "good_practices": "Bonnes pratiques identifiées",
        "worded_from": "formulation du groupe, à partir de",
        "questions": "Questions d'information",
        "interpretations": "Interprétations",
        "visions": "Visions",
        "narrator_reactions": "Réactions du narrateur",
        "positioning": "Positionnement",
        "convergences": "Convergences",
        "divergences": "Divergences",
        "minorities": "Positions minoritaires",
        "insufficient": "Trop peu de positionnements pour conclure",
        "counts": "{agree} d'accord, {disagree} pas d'accord, {abstain} sans avis",
        "by_position": "Par {dimension}",
        "overridden_by": "classé par {who} (calcul : {computed})",
        "facilitator": "l'animateur·rice",
        "rapporteur": "le rapporteur ou la rapporteuse",
        "participants_count": "{n} participant·es",
        "positions_intro": ("Chaque interprétation a été soumise au groupe (d'accord, pas d'accord, "
                            "sans avis). Le détail par position déclarée n'est donné que pour des "
                            "groupes d'au moins trois personnes."),
        "minorities_intro": ("Positions d'une petite minorité qui s'écarte de l'avis du groupe : "
                             "gardées telles quelles, elles font partie du résultat."),
        "positions_title": "Convergences et divergences",
        "theme_of": "thème : {label}",
        "ranked_proposals": "Propositions, par priorité",
        "points": "Points",
        "scale": "Échelle de 1 (pas du tout) à 5 (tout à fait) ; nombre de réponses par note.",
        "count": "Réponses",
        "by_theme": "{title}, par thème",
        "no_theme": "Hors thème",
        "theory": "Apports théoriques",
        "problems": "Nouvelle problématique",
        "proposals": "Propositions",
        "proposal": "Proposition",
        "dots": "Points",
        "voters": "Votant·es",
        "actor": "Acteur",
        "level": "Niveau",
        "theme": "Thème",
        "rank": "Rang",
        "evaluation": "Évaluation",
        "question": "Question",
        "answers": "Réponses",
        "mean": "Moyenne (sur 5)",
        "no_title": "Sans titre",
        "formula": "Formule de synthèse",
        "notes": "Notes du rapporteur",
        "general_notes": "Notes générales",
        "step": "Étape {n}",
        "none": "Aucun élément.",
        "item": "Élément",
        "agree": "D'accord",
        "disagree": "Pas d'accord",
        "abstain": "Sans avis",
        "group": "Position",
        "people": "Personnes",
        "participant": "un·e participant·e",
        "sources": "Sources : {ids}",
    },
    "nl": {
        "report": "Synthese van de analysedag",
        "colon": ": ",
        "date": "Datum",
        "method": "Methode",
        "participants": "Deelnemers",
        "participants_intro": "{n} deelnemers, beschreven volgens hun positie:",
        "undescribed": ("{n} × zonder beschrijving (positie niet vermeld, of gedeeld door minder "
                        "dan drie personen)"),
        "phase": "Fase {n}",
        "stories": "Verhaalvoorstellen",
        "story_votes": "stemmen",
        "chosen_story": "Gekozen verhaal",
        "analysed_story": "Geanalyseerd verhaal nr. {n}",
        "choice_round": "stemmen, keuze {n}",
        "chosen_with": "Stemmen bij de keuze van dit verhaal: {n}",
        "illustrated_by": "geïllustreerd door het verhaal ‘{title}’",
        "narration": "Vertelling",
        "enjeux": "Inzet (wat op het spel staat)",
        "findings": "Vaststellingen",
        "good_practices": "Geïdentificeerde goede praktijken",
        "worded_from": "formulering van de groep, op basis van",
        "questions": "Informatievragen",
        "interpretations": "Interpretaties",
        "visions": "Visies",
        "narrator_reactions": "Reacties van de verteller",
        "positioning": "Standpunten",
        "convergences": "Overeenkomsten",
        "divergences": "Verschillen",
        "minorities": "Minderheidsstandpunten",
        "insufficient": "Te weinig standpunten om te besluiten",
        "counts": "{agree} akkoord, {disagree} niet akkoord, {abstain} geen mening",
        "by_position": "Volgens {dimension}",
        "overridden_by": "ingedeeld door {who} (berekend: {computed})",
        "facilitator": "de begeleider",
        "rapporteur": "de verslaggever",
        "participants_count": "{n} deelnemers",
        "positions_intro": ("Elke interpretatie werd aan de groep voorgelegd (akkoord, niet akkoord, "
                            "geen mening). De verdeling volgens de opgegeven positie wordt enkel "
                            "gegeven voor groepen van minstens drie personen."),
        "minorities_intro": ("Standpunten van een kleine minderheid die afwijkt van de groep: ze "
                             "worden bewaard zoals ze zijn en horen bij het resultaat."),
        "positions_title": "Overeenkomsten en verschillen",
        "theme_of": "thema: {label}",
        "ranked_proposals": "Voorstellen, volgens prioriteit",
        "points": "Punten",
        "scale": "Schaal van 1 (helemaal niet) tot 5 (helemaal wel); aantal antwoorden per score.",
        "count": "Antwoorden",
        "by_theme": "{title}, per thema",
        "no_theme": "Buiten thema",
        "theory": "Theoretische inbreng",
        "problems": "Nieuwe probleemstelling",
        "proposals": "Voorstellen",
        "proposal": "Voorstel",
        "dots": "Punten",
        "voters": "Stemmers",
        "actor": "Actor",
        "level": "Niveau",
        "theme": "Thema",
        "rank": "Rang",
        "evaluation": "Evaluatie",
        "question": "Vraag",
        "answers": "Antwoorden",
        "mean": "Gemiddelde (op 5)",
        "no_title": "Zonder titel",
        "formula": "Kernzin",
        "notes": "Notities van de verslaggever",
        "general_notes": "Algemene notities",
        "step": "Stap {n}",
        "none": "Geen elementen.",
        "item": "Element",
        "agree": "Akkoord",
        "disagree": "Niet akkoord",
        "abstain": "Geen mening",
        "group": "Positie",
        "people": "Personen",
        "participant": "een deelnemer",
        "sources": "Bronnen: {ids}",
    },
    "en": {
        "report": "Session synthesis",
        "colon": ": ",
        "date": "Date",
        "method": "Method",
        "participants": "Participants",
        "participants_intro": "{n} participants, described by their position:",
        "undescribed": "{n} × not described (position not stated, or shared by fewer than three people)",
        "phase": "Phase {n}",
        "stories": "Story proposals",
        "story_votes": "votes",
        "chosen_story": "Chosen story",
        "analysed_story": "Analysed story no. {n}",
        "choice_round": "votes, choice {n}",
        "chosen_with": "Votes when this story was chosen: {n}",
        "illustrated_by": "illustrated by the story “{title}”",
        "narration": "Narration",
        "enjeux": "Stakes",
        "findings": "Findings",
        "good_practices": "Good practices identified",
        "worded_from": "the group's wording, from",
        "questions": "Clarifying questions",
        "interpretations": "Interpretations",
        "visions": "Visions",
        "narrator_reactions": "Narrator's reactions",
        "positioning": "Positioning",
        "convergences": "Convergences",
        "divergences": "Divergences",
        "minorities": "Minority positions",
        "insufficient": "Too few positions to conclude",
        "counts": "{agree} agree, {disagree} disagree, {abstain} abstain",
        "by_position": "By {dimension}",
        "overridden_by": "classified by {who} (computed: {computed})",
        "facilitator": "the facilitator",
        "rapporteur": "the rapporteur",
        "participants_count": "{n} participants",
        "positions_intro": ("Each interpretation was put to the group (agree, disagree, abstain). "
                            "The breakdown by declared position is given only for groups of at "
                            "least three people."),
        "minorities_intro": ("Positions of a small minority that departs from the group's view: "
                             "kept as they are, they are part of the result."),
        "positions_title": "Convergences and divergences",
        "theme_of": "theme: {label}",
        "ranked_proposals": "Proposals, by priority",
        "points": "Points",
        "scale": "Scale from 1 (not at all) to 5 (completely); number of answers per score.",
        "count": "Answers",
        "by_theme": "{title}, by theme",
        "no_theme": "No theme",
        "theory": "Theoretical input",
        "problems": "New problem statement",
        "proposals": "Proposals",
        "proposal": "Proposal",
        "dots": "Dots",
        "voters": "Voters",
        "actor": "Actor",
        "level": "Level",
        "theme": "Theme",
        "rank": "Rank",
        "evaluation": "Evaluation",
        "question": "Question",
        "answers": "Answers",
        "mean": "Mean (out of 5)",
        "no_title": "Untitled",
        "formula": "Formula",
        "notes": "Rapporteur's notes",
        "general_notes": "General notes",
        "step": "Step {n}",
        "none": "Nothing.",
        "item": "Item",
        "agree": "Agree",
        "disagree": "Disagree",
        "abstain": "Abstain",
        "group": "Position",
        "people": "People",
        "participant": "a participant",
        "sources": "Sources: {ids}",
    },
}

METHODS = {
    "fr": {"mag-classique": "Méthode d'analyse en groupe (MAG)",
           "recherche-action": "Recherche-action, journée d'analyse",
           "forum": "Forum de validation"},
    "nl": {"mag-classique": "Groepsanalysemethode",
           "recherche-action": "Actieonderzoek, analysedag",
           "forum": "Validatieforum"},
    "en": {"mag-classique": "Group analysis method (MAG)",
           "recherche-action": "Action research day", "forum": "Validation forum"},
}

PHASES = {
    "mag-classique": {
        "fr": ("Le récit", "Les interprétations", "L'analyse"),
        "nl": ("Het verhaal", "De interpretaties", "De analyse"),
        "en": ("The story", "The interpretations", "The analysis"),
    },
    "recherche-action": {
        "fr": ("Diagnostic partagé", "Orientation", "Opérationnalisation"),
        "nl": ("Gedeelde diagnose", "Oriëntatie", "Operationalisering"),
        "en": ("Shared diagnosis", "Orientation", "Operationalisation"),
    },
}
PHASES["forum"] = PHASES["recherche-action"]

LEVELS = {
    "fr": {"practice": "Niveau pratique", "organisation": "Niveau organisationnel",
           "policy": "Niveau politique", "unspecified": "Niveau non précisé"},
    "nl": {"practice": "Praktisch niveau", "organisation": "Organisatorisch niveau",
           "policy": "Beleidsniveau", "unspecified": "Niveau niet vermeld"},
    "en": {"practice": "Practice level", "organisation": "Organisation level",
           "policy": "Policy level", "unspecified": "Level not given"},
}

DIMENSIONS = {
    "fr": {"hierarchy": "position hiérarchique", "service": "service", "function": "fonction",
           "organisation_size": "taille du CPAS", "seniority": "ancienneté"},
    "nl": {"hierarchy": "hiërarchische positie", "service": "dienst", "function": "functie",
           "organisation_size": "grootte van het OCMW", "seniority": "anciënniteit"},
    "en": {"hierarchy": "hierarchical position", "service": "service", "function": "function",
           "organisation_size": "size of the centre", "seniority": "seniority"},
}

# Declared positions by code (profile_codes.normalise), for descriptors and breakdowns; the
# generalised codes of the disclosure policy (lt5, small_medium, social_work, supervisory)
# included.
_WHO = {
    "social_worker": {"fr": "un·e AS", "nl": "een maatschappelijk werker",
                      "en": "a social worker"},
    "jobcoach": {"fr": "un·e jobcoach", "nl": "een jobcoach", "en": "a job coach"},
    "manager": {"fr": "un·e responsable", "nl": "een leidinggevende", "en": "a manager"},
    "supervisory": {"fr": "un·e responsable", "nl": "een leidinggevende", "en": "a manager"},
    "coordinator": {"fr": "un·e coordinateur·rice", "nl": "een coördinator",
                    "en": "a coordinator"},
    "administrative": {"fr": "un·e agent·e administratif·ve", "nl": "een administratief medewerker",
                       "en": "an administrative officer"},
    "social_work": {"fr": "un·e travailleur·se social·e", "nl": "een sociaal werker",
                    "en": "a social work professional"},
    "other": {"fr": "un·e professionnel·le d'une autre fonction",
              "nl": "een medewerker met een andere functie", "en": "a professional in another role"},
    "researcher": {"fr": "un·e chercheur·se", "nl": "een onderzoeker", "en": "a researcher"},
    "front_line": {"fr": "un·e travailleur·se de terrain", "nl": "een terreinwerker",
                   "en": "a front-line worker"},
    "middle": {"fr": "un·e cadre intermédiaire", "nl": "een middenkader", "en": "a middle manager"},
    "management": {"fr": "un·e membre de la direction", "nl": "een directielid",
                   "en": "a member of the management"},
}
_SERVICE = {
    "ssg": {"fr": "du SSG", "nl": "van de AMD", "en": "in the general social service"},
    "isp": {"fr": "de l'ISP", "nl": "van de SPI", "en": "in the job-integration service"},
    "other": {"fr": "d'un autre service", "nl": "van een andere dienst",
              "en": "in another service"},
}
_SENIORITY = {
    "lt2": {"fr": "moins de 2 ans", "nl": "minder dan 2 jaar", "en": "under 2 years"},
    "2to5": {"fr": "2 à 5 ans", "nl": "2 tot 5 jaar", "en": "2 to 5 years"},
    "gt5": {"fr": "plus de 5 ans", "nl": "meer dan 5 jaar", "en": "over 5 years"},
    "lt5": {"fr": "moins de 5 ans", "nl": "minder dan 5 jaar", "en": "under 5 years"},
}
# How a breakdown names a group of people holding one code, per dimension.
_GROUPS = {
    "hierarchy": {
        "front_line": {"fr": "travailleur·ses de terrain", "nl": "terreinwerkers",
                       "en": "front-line workers"},
        "middle": {"fr": "cadres intermédiaires", "nl": "middenkader", "en": "middle managers"},
        "management": {"fr": "direction", "nl": "directie", "en": "management"},
        "supervisory": {"fr": "responsables", "nl": "leidinggevenden", "en": "managers"},
    },
    "function": {
        "social_worker": {"fr": "AS", "nl": "maatschappelijk werkers", "en": "social workers"},
        "jobcoach": {"fr": "jobcoachs", "nl": "jobcoaches", "en": "job coaches"},
        "manager": {"fr": "responsables", "nl": "leidinggevenden", "en": "managers"},
        "supervisory": {"fr": "responsables", "nl": "leidinggevenden", "en": "managers"},
        "coordinator": {"fr": "coordinateur·rices", "nl": "coördinatoren", "en": "coordinators"},
        "administrative": {"fr": "agent·es administratif·ves", "nl": "administratief medewerkers",
                           "en": "administrative officers"},
        "social_work": {"fr": "travailleur·ses sociaux·ales", "nl": "sociaal werkers",
                        "en": "social work professionals"},
        "other": {"fr": "autres fonctions", "nl": "andere functies", "en": "other roles"},
    },
    "service": {
        "ssg": {"fr": "SSG", "nl": "AMD", "en": "general social service"},
        "isp": {"fr": "ISP", "nl": "SPI", "en": "job-integration service"},
        "other": {"fr": "autres services", "nl": "andere diensten", "en": "other services"},
    },
    "organisation_size": {
        "small": {"fr": "petits CPAS", "nl": "kleine OCMW's", "en": "small centres"},
        "medium": {"fr": "CPAS moyens", "nl": "middelgrote OCMW's", "en": "medium-sized centres"},
        "large": {"fr": "grands CPAS", "nl": "grote OCMW's", "en": "large centres"},
        "small_medium": {"fr": "petits et moyens CPAS", "nl": "kleine en middelgrote OCMW's",
                         "en": "small and medium-sized centres"},
    },
    "seniority": _SENIORITY,
}
_NOT_STATED = {"fr": "position non précisée", "nl": "positie niet vermeld", "en": "not stated"}


def lang(language: str | None) -> str:
    return language if language in LANGUAGES else "fr"


def t(language: str | None, key: str, **values) -> str:
    text = LABELS[lang(language)][key]
    return text.format(**values) if values else text


def counts(language: str | None, agree: int, disagree: int, abstain: int) -> str:
    """E.g. "9 d'accord, 1 pas d'accord, 1 sans avis"."""
    return t(language, "counts", agree=agree, disagree=disagree, abstain=abstain)


def group_name(dimension: str, value, language: str | None) -> str:
    """How a breakdown names the people holding ``value`` on ``dimension``."""
    language = lang(language)
    code = normalise(dimension, value)
    if code is None:
        return _NOT_STATED[language]
    return _GROUPS.get(dimension, {}).get(code, {}).get(language, str(value).strip())


def role_descriptor(profile: dict | None, language: str | None = "fr") -> str:
    """A role descriptor that never names anyone, built from the declared profile.

    ``{"function": "AS", "service": "SSG", "seniority": "5+"}`` gives
    "un·e AS du SSG, plus de 5 ans" (fr), "een maatschappelijk werker van de AMD, meer
    dan 5 jaar" (nl), "a social worker in the general social service, over 5 years" (en).
    The organisation's name is never used (with a function it could identify someone).
    Whether a descriptor may be shown at all is the disclosure policy's call
    (``synthesis.disclosure.roles``).
    """
    language = lang(language)
    profile = profile or {}
    who = None
    for key in ("function", "hierarchy"):
        code = normalise(key, profile.get(key))
        if code:
            if code in _WHO:
                who = _WHO[code][language]
            else:
                article = {"fr": "un·e", "nl": "een", "en": "a"}[language]
                who = f"{article} {code}"
            break
    if who is None:
        who = t(language, "participant")
    text = who
    service = normalise("service", profile.get("service"))
    if service:
        text += " " + (_SERVICE[service][language] if service in _SERVICE else
                       {"fr": "du service {}", "nl": "van de dienst {}",
                        "en": "in the {} service"}[language].format(service))
    seniority = normalise("seniority", profile.get("seniority"))
    if seniority:
        text += ", " + (_SENIORITY[seniority][language] if seniority in _SENIORITY else seniority)
    return text
