import pytest
from stdnum.be import nn

from workshop.synthesis.personal_data import Spot, find_personal_data, redact


def spots(text, language="fr"):
    return [(s.kind, s.excerpt) for s in find_personal_data(text, language)]


def _nn_2000s(first9: str) -> str:
    """A valid national number for someone born after 2000 (checksum over 2 + 9 digits)."""
    check = 97 - int("2" + first9) % 97
    return f"{first9[:2]}.{first9[2:4]}.{first9[4:6]}-{first9[6:9]}.{check:02d}"


def test_story_with_everything_in_it():
    text = ("Madame Fatima El Amrani, 19 ans, habite rue de la Loi 16, 1040 Etterbeek. "
            "Son GSM : 0475 12 34 56, son mail fatima.elamrani@gmail.com, "
            "son numéro national 85.07.30-033.28 et son compte BE71 0961 2345 6769.")
    assert spots(text) == [
        ("name", "Madame Fatima El Amrani"),
        ("address", "rue de la Loi 16, 1040 Etterbeek"),
        ("phone", "0475 12 34 56"),
        ("email", "fatima.elamrani@gmail.com"),
        ("national_number", "85.07.30-033.28"),
        ("iban", "BE71 0961 2345 6769"),
    ]


@pytest.mark.parametrize("number", [
    "02/123.45.67", "02 123 45 67", "+32 2 123 45 67", "+32 475 12 34 56", "0032 475 123456",
    "0475/12.34.56", "0486 12 34 56", "+32 (0)2 512 34 56", "010/45.67.89", "+33 6 12 34 56 78",
])
def test_phone_formats(number):
    assert spots(f"Elle m'a laissé le {number} pour la rappeler.") == [("phone", number)]


@pytest.mark.parametrize("text", [
    "Le dossier 2023/0456789 est clos.",
    "Elle a 3 enfants et touche 1.250,45 euros par mois.",
    "Le comité du 12.03.2024 a refusé.",
    "Réf. 12345678 du SPF.",
])
def test_numbers_that_are_not_phones(text):
    assert spots(text) == []


def test_national_register_number_checksum_and_post_2000_births():
    born_2005 = _nn_2000s("050312123")
    assert nn.is_valid(born_2005.replace(".", "").replace("-", ""))
    assert spots(f"Numéro national de l'enfant : {born_2005}.") == [
        ("national_number", born_2005)]
    assert spots("Numéro : 85073003328.") == [("national_number", "85073003328")]
    # same shape, wrong checksum: not a national number, and not a phone either
    assert spots("Numéro : 85.07.30-033.29.") == []


def test_iban_checksum_belgian_and_foreign():
    assert spots("Verser sur BE71 0961 2345 6769 svp") == [("iban", "BE71 0961 2345 6769")]
    assert spots("Compte NL91ABNA0417164300.") == [("iban", "NL91ABNA0417164300")]
    assert spots("Compte FR14 2004 1010 0505 0001 3M02 606.") == [
        ("iban", "FR14 2004 1010 0505 0001 3M02 606")]
    assert spots("Compte BE71 0961 2345 6760.") == []


@pytest.mark.parametrize(("text", "address"), [
    ("Elle vit avenue Louise 54 depuis un an.", "avenue Louise 54"),
    ("Sa mère vit chaussée de Mons 120 bte 3 à Anderlecht.", "chaussée de Mons 120 bte 3"),
    ("Il dort boulevard du Midi 10, 1000 Bruxelles.", "boulevard du Midi 10, 1000 Bruxelles"),
    ("Elle habite 23, rue Haute.", "23, rue Haute"),
    ("Hij woont in de Kerkstraat 12, 1000 Brussel.", "Kerkstraat 12, 1000 Brussel"),
    ("Adres: Ninoofsesteenweg 123 bus 4.", "Ninoofsesteenweg 123 bus 4"),
    ("Elle a déménagé à 1070 Anderlecht.", "1070 Anderlecht"),
])
def test_addresses(text, address):
    assert ("address", address) in spots(text, "nl" if "Hij" in text or "Adres" in text else "fr")


@pytest.mark.parametrize(("text", "name"), [
    ("Nous avons reçu Monsieur Dupont ce matin.", "Monsieur Dupont"),
    ("Mme Janssens est passée au guichet.", "Mme Janssens"),
    ("J'ai vu M. Van den Berghe hier.", "M. Van den Berghe"),
    ("Mevrouw Peeters kwam langs.", "Mevrouw Peeters"),
    ("Mr Smith called twice.", "Mr Smith"),
    ("Jan Peeters werd doorverwezen.", "Jan Peeters"),
    ("Le jeune Mohamed Benali cherche un stage.", "Mohamed Benali"),
    ("Fatima est venue avec ses enfants.", "Fatima"),
    ("Ce matin, Pierre est passé.", "Pierre"),
])
def test_names(text, name):
    assert ("name", name) in spots(text, "nl" if "kwam" in text or "werd" in text else "fr")


@pytest.mark.parametrize("text", [
    "Le service social a reçu la demande. Depuis trois ans, la direction change.",
    "Les AS du SSG et de l'ISP travaillent au CPAS d'Anderlecht.",
    "En 2030, les équipes seront formées. Ce qui compte, c'est le temps.",
    "La Banque Carrefour transmet les flux. Rose des vents. Nous avons commencé par la fin.",
    "Personne ne sait qui fait quoi. Chaque nouveau directeur arrive avec son organigramme.",
    "Madame la Présidente a ouvert la séance.",
    "Le téléphone sonne sans arrêt pendant mes entretiens.",
    "De maatschappelijk werkers van de AMD hebben geen tijd. Het OCMW verandert.",
])
def test_ordinary_sentences_raise_nothing(text):
    assert spots(text, "nl" if text.startswith("De ") else "fr") == []


def test_redact_replaces_spots_with_placeholders_in_the_language():
    text = "Appeler Fatima El Amrani au 0475 12 34 56."
    found = find_personal_data(text)
    out, records = redact(text, found)
    assert out == "Appeler [nom] au [téléphone]."
    assert [(r["kind"], r["excerpt"]) for r in records] == [
        ("name", "Fatima El Amrani"), ("phone", "0475 12 34 56")]
    assert text[records[1]["start"]:records[1]["end"]] == "0475 12 34 56"
    assert redact(text, found, language="nl")[0] == "Appeler [naam] au [telefoon]."
    assert redact(text, found, language="en")[0] == "Appeler [name] au [phone]."


def test_redact_keeps_what_the_rapporteur_keeps():
    text = "Appeler Fatima au 0475 12 34 56 ou au 02/123.45.67."
    found = find_personal_data(text)
    name = next(s for s in found if s.kind == "name")
    out, records = redact(text, found, keep={name})
    assert out == "Appeler Fatima au [téléphone] ou au [téléphone]."
    out, _ = redact(text, found, keep={"phone"})
    assert out == "Appeler [nom] au 0475 12 34 56 ou au 02/123.45.67."
    out, _ = redact(text, found, keep={(found[1].start, found[1].end)})
    assert "0475 12 34 56" in out and "[téléphone]" in out
    assert redact(text, [])[0] == text


def test_spot_is_a_value():
    assert Spot(1, 2, "name", "x") == Spot(1, 2, "name", "x")
