"""The Dutch and English catalogs cover every French msgid of the code and the templates.

The messages are extracted afresh from the sources with the same map as ``babel.cfg``, so a
string added to a template or a module without its translations fails here. The app test
compiles the .po files into a temporary folder, so it checks the catalogs as committed and
does not depend on ``make translations`` having run.
"""

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_migrate import upgrade

from workshop import create_app
from workshop.core.extensions import db

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("nl", "en")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

# %(name)s / %(num)d style placeholders, bare %s / %d, and the literal %%.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")

# Strings that are legitimately the same in French and in the target language.
SAME_AS_FRENCH = {
    "nl": {"+1 min", "+5 min", "Navigation", "Niveau", "Passage", "Micro", "Macro", "Niveau %(level)s"},
    "en": {"+1 min", "+5 min", "Navigation", "Pause", "Convergence", "Divergence", "Positions", "Date",
           "Service", "Organisation", "Notes", "Note", "Phase %(number)d", "%(num)d correction",
           "%(num)d point", "%(num)d vote", "Convergences", "Divergences", "vision", "Visions", "Type",
           "Passage", "Verdicts", "Atelier %(number)d", "Atelier", "Narration", "Vision",
           "%(num)d occurrence", "Perspective", "Perspectives", "Version", "%(num)d atelier",
           "%(num)d divergence", "Micro", "Macro"},
}


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def extracted_messages() -> dict[str, str | tuple[str, str]]:
    """msgid (singular) -> msgid or (singular, plural), extracted like ``pybabel extract -F babel.cfg``."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, filename=str(ROOT / "babel.cfg"))
    messages = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        if isinstance(message, tuple):
            message = message[:2]
        key = message[0] if isinstance(message, tuple) else message
        assert key, f"empty msgid in {filename}:{lineno}"
        messages[key] = message
    return messages


@pytest.fixture(scope="module")
def source_messages():
    messages = extracted_messages()
    assert len(messages) > 100  # the map really found the templates and the package
    return messages


def load_catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


@pytest.fixture(scope="module", params=LANGUAGES)
def catalog(request):
    return request.param, load_catalog(request.param)


def test_every_message_is_translated(source_messages, catalog):
    lang, cat = catalog
    problems = []
    for key, message in sorted(source_messages.items()):
        entry = cat.get(key)
        if entry is None:
            problems.append(f"missing: {key!r}")
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if isinstance(message, tuple) != isinstance(entry.id, tuple):
            problems.append(f"plural mismatch (run pybabel update): {key!r}")
            continue
        if isinstance(message, tuple) and tuple(entry.id) != message:
            problems.append(f"plural msgid changed (run pybabel update): {key!r}")
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(s and s.strip() for s in strings):
            problems.append(f"empty translation: {key!r}")
    assert not problems, f"{lang}: " + "\n".join(problems)


def test_plural_forms_are_complete(catalog):
    lang, cat = catalog
    assert cat.num_plurals == 2
    for entry in cat:
        if entry.id and entry.pluralizable:
            assert len(entry.string) == cat.num_plurals, f"{lang}: {entry.id!r}"
            assert all(entry.string), f"{lang}: a plural form is empty for {entry.id!r}"


def test_placeholders_match(catalog):
    lang, cat = catalog
    problems = []
    for entry in cat:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = placeholders(ids[-1])
        if any(placeholders(msgid) != expected for msgid in ids):
            problems.append(f"singular and plural msgids differ in placeholders: {ids!r}")
        for string in strings:
            if string and placeholders(string) != expected:
                problems.append(f"{ids[0]!r}: {placeholders(string)} instead of {expected}")
    assert not problems, f"{lang}: " + "\n".join(problems)


def test_translations_are_not_french_copies(catalog):
    lang, cat = catalog
    copies = [entry.id for entry in cat
              if entry.id and not isinstance(entry.id, tuple) and entry.string == entry.id
              and entry.id not in SAME_AS_FRENCH[lang]]
    copies += [entry.id[0] for entry in cat
               if isinstance(entry.id, tuple) and tuple(entry.string) == tuple(entry.id)
               and entry.id[0] not in SAME_AS_FRENCH[lang]]
    assert not copies, f"{lang}: left in French: {copies}"


def test_catalogs_compile(tmp_path, catalog):
    lang, cat = catalog
    with open(tmp_path / "messages.mo", "wb") as mo:
        write_mo(mo, cat)
    assert (tmp_path / "messages.mo").stat().st_size > 0


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app reading catalogs compiled from the committed .po files into a temporary folder."""
    folder = tmp_path_factory.mktemp("i18n")
    compiled = folder / "translations"
    for lang in LANGUAGES:
        target = compiled / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", target / "messages.po")
        with open(target / "messages.mo", "wb") as mo:
            write_mo(mo, load_catalog(lang))
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'test.sqlite3'}",
        "RATELIMIT_ENABLED": False,
        "BABEL_TRANSLATION_DIRECTORIES": str(compiled),
    })
    with app.app_context():
        upgrade()
        db.session.remove()
    # No app context stays pushed: each request gets its own, so the locale is chosen anew.
    return app


@pytest.mark.parametrize(("lang", "expected", "french"), [
    ("nl", ["Deelnemen aan een sessie", "Deelnamecode (op het projectiescherm)", "Doorgaan"],
     "Rejoindre une séance"),
    ("en", ["Join a session", "Join code (shown on the projector)", "Continue"], "Rejoindre une séance"),
])
def test_join_page_in_the_chosen_language(app, lang, expected, french):
    client = app.test_client()
    client.set_cookie("lang", lang)
    page = client.get("/join").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    for text in expected:
        assert text in page
    assert french not in page


def test_join_page_in_french_by_default(app):
    page = app.test_client().get("/join", headers={"Accept-Language": "fr-BE"}).get_data(as_text=True)
    assert "Rejoindre une séance" in page
    assert "Code de participation (affiché au projecteur)" in page
