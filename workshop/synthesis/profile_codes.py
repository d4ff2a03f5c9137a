"""Declared positions as codes: what the app stores ("social_worker", "gt5") and what interchange
files write ("AS", "5+", "chef de service") name the same position, and must count as one
group in every table, breakdown and k-anonymity check, and read the same in every report."""

from __future__ import annotations

# A value not listed is kept as written (stripped): it is still counted, generalised, shown.
ALIASES: dict[str, dict[str, str]] = {
    "service": {"ssg": "ssg", "amd": "ssg", "general": "ssg", "isp": "isp", "spi": "isp",
                "other": "other", "autre": "other", "andere": "other"},
    "function": {
        "social_worker": "social_worker", "as": "social_worker", "assistantsocial": "social_worker",
        "assistantesociale": "social_worker", "assistant·esocial·e": "social_worker",
        "socialworker": "social_worker", "maatschappelijkwerker": "social_worker",
        "jobcoach": "jobcoach", "jobcoache": "jobcoach",
        "manager": "manager", "chefdeservice": "manager", "responsable": "manager",
        "leidinggevende": "manager", "direction": "manager", "directeur": "manager",
        "coordinator": "coordinator", "coordinateur": "coordinator",
        "coordinatrice": "coordinator", "coördinator": "coordinator",
        "administrative": "administrative", "administratif": "administrative",
        "agentadministratif": "administrative", "administratief": "administrative",
        "researcher": "researcher", "chercheur": "researcher", "onderzoeker": "researcher",
        "other": "other", "autre": "other", "andere": "other",
        # generalised codes (disclosure.GENERALISATION)
        "social_work": "social_work", "supervisory": "supervisory"},
    "hierarchy": {"front_line": "front_line", "front-line": "front_line",
                  "frontline": "front_line", "premièreligne": "front_line",
                  "eerstelijn": "front_line", "terrain": "front_line",
                  "middle": "middle", "encadrementintermédiaire": "middle",
                  "management": "management", "direction": "management", "directie": "management",
                  # "manager" in interchange files: any supervisory position
                  "manager": "supervisory", "supervisory": "supervisory"},
    "seniority": {"lt2": "lt2", "<2": "lt2", "0-2": "lt2", "2to5": "2to5", "2-5": "2to5",
                  "gt5": "gt5", "5+": "gt5", ">5": "gt5", "5-10": "gt5", "10+": "gt5",
                  ">10": "gt5", "lt5": "lt5", "<5": "lt5"},
    "organisation_size": {"small": "small", "petit": "small", "klein": "small",
                          "medium": "medium", "moyen": "medium", "middelgroot": "medium",
                          "large": "large", "grand": "large", "groot": "large",
                          "small_medium": "small_medium"},
    "language": {"fr": "fr", "nl": "nl", "en": "en"},
}


def normalise(attribute: str, value) -> str | None:
    """The code of a declared value (None when blank)."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    return ALIASES.get(attribute, {}).get(text.lower().replace(" ", ""), text)
