"""Method files: the built-in ones are valid, and a malformed one is refused with a message that
names the faulty step (``flask --app workshop methods check FILE``, docs/methods.md)."""

from pathlib import Path

import pytest

METHODS = Path(__file__).resolve().parent.parent / "workshop"
BUILT_IN = sorted(METHODS.glob("*/methods/*.toml"))

HEAD = """
key = "courte"
title = { fr = "Courte", nl = "Kort", en = "Short" }
[[phases]]
number = 1
title = { fr = "Un", nl = "Een", en = "One" }
"""


def step(key, kind, minutes=10, prompt_nl="Doe"):
    return f"""
[[steps]]
key = "{key}"
phase = 1
kind = "{kind}"
minutes = {minutes}
title = {{ fr = "Titre", nl = "Titel", en = "Title" }}
prompt = {{ fr = "Faites", nl = "{prompt_nl}", en = "Do" }}
"""


def check(app, tmp_path, text):
    path = tmp_path / "method.toml"
    path.write_text(text, encoding="utf-8")
    return app.test_cli_runner().invoke(args=["methods", "check", str(path)])


@pytest.mark.parametrize("path", BUILT_IN, ids=[p.stem for p in BUILT_IN])
def test_every_built_in_method_file_is_valid(app, path):
    result = app.test_cli_runner().invoke(args=["methods", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{path.stem}: ") and " steps, " in result.output


def test_a_valid_file_gets_a_short_summary(app, tmp_path):
    result = check(app, tmp_path, HEAD + step("histoires", "collect_stories", 15)
                   + step("choix", "choose_story", 10))
    assert result.exit_code == 0
    assert result.output.strip() == "courte: Courte — 1 phases, 2 steps, 0 h 25 min, 0 evaluation questions"


@pytest.mark.parametrize("steps, message", [
    (step("a", "collect_stories") + step("lancer", "dance"),
     "étape « lancer » (n° 2) : type d'étape inconnu « dance »"),
    (step("a", "collect_stories") + step("position", "positioning"),
     "étape « position » (n° 2) : une étape « positioning » demande avant elle une étape qui "
     "recueille « interpretation »"),
    (step("tour", "interpretation_round"),
     "étape « tour » (n° 1) : une étape « interpretation_round » demande avant elle une étape qui "
     "choisit un récit"),
    (step("a", "opening") + step("b", "collect_stories") + step("c", "opening"),
     "étape « c » (n° 3) : une étape « opening » n'a lieu qu'une fois par séance"),
    (step("a", "collect_stories") + step("a", "theory"),
     "étape « a » (n° 2) : une autre étape porte la même clé"),
    (step("a", "collect_stories", minutes=0), "étape « a » (n° 1) : la durée (minutes)"),
    (step("a", "collect_stories", prompt_nl=""), "étape « a » (n° 1), consigne : il manque la langue nl"),
    (step("fin", "evaluation"), "étape « fin » (n° 1) : une évaluation demande des questions"),
    (step("a", "collect_stories").replace("phase = 1", "phase = 4"),
     "étape « a » (n° 1) : la phase 4 n'est pas déclarée"),
    (step("A b", "collect_stories"), "étape « A b » (n° 1) : la clé s'écrit en minuscules"),
])
def test_a_malformed_file_is_refused_naming_the_faulty_step(app, tmp_path, steps, message):
    result = check(app, tmp_path, HEAD + steps)
    assert result.exit_code == 2
    assert message in result.output, result.output


def test_a_file_that_is_not_toml_is_refused(app, tmp_path):
    result = check(app, tmp_path, HEAD + "[[steps]\nkey = ")
    assert result.exit_code == 2 and "n'est pas un TOML valable" in result.output
