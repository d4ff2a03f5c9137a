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
        ("name", "Fatima El Amrani"),
        ("address", "rue de la Loi 16, 1040 Etterbeek"),
        ("phone", "0475 12 34 56"),
        ("email", "fatima.elamrani@gmail.com"),
        ("national_number", "85.07.30-033.28"),
        ("iban", "BE71 0961 2345 6769"),
    ]


@pytest.mark.parametrize("number", [
    "02/123.45.67", "02 123 45 67", "+32 2 123 45 67", "+32 475 12 34 56", "0032 475 123456",
    "0475/12.34.56", "0486 12 34 56", "+32 (0)2 512 34 56", "010/45.67.89", "+33 6 12 34 56 78",
    "02 / 511 22 33", "0486-55-44-33", "0488.45.67.89", "04 223 45 67", "0470123456",
])
def test_phone_formats(number):
    assert spots(f"Elle m'a laissé le {number} pour la rappeler.") == [("phone", number)]


@pytest.mark.parametrize("text", [
    "Le numéro d'entreprise 0212.345.678 figure sur la facture.",
    "Facture de la SA 0403.170.701 (checksum BCE valide).",
    "Het ondernemingsnummer 0412.345.678 staat op de factuur.",
    "Le dossier 2023/0456789 est clos.",
    "Elle a 3 enfants et touche 1.250,45 euros par mois.",
    "Le comité du 12.03.2024 a refusé.",
    "Réf. 12345678 du SPF.",
])
def test_numbers_that_are_not_phones(text):
    assert spots(text) == []


def test_a_phone_after_the_word_entreprise_is_still_a_phone():
    text = "Le patron de l'entreprise (n° d'entreprise 0212.345.678) a laissé le 0475 12 34 56."
    assert spots(text) == [("phone", "0475 12 34 56")]


def test_national_register_number_checksum_and_post_2000_births():
    born_2005 = _nn_2000s("050312123")
    assert nn.is_valid(born_2005.replace(".", "").replace("-", ""))
    assert spots(f"Numéro de l'enfant : {born_2005}.") == [("national_number", born_2005)]
    assert spots("Sur la carte : 85073003328.") == [("national_number", "85073003328")]
    # eleven digits with a wrong checksum and no keyword: a reference, not a person
    assert spots("Réf. 85073003329.") == []


@pytest.mark.parametrize(("text", "number"), [
    ("NISS : 90.02.14-123.45 (à vérifier).", "90.02.14-123.45"),
    ("Registre national 751204 256 81 à confirmer.", "751204 256 81"),
    ("Elle m'a dicté son NN, 68110512345.", "68110512345"),
    ("Zijn INSZ is 93.11.05-211.46.", "93.11.05-211.46"),
    ("Het rijksregisternummer 01.02.03-456.78 klopt niet.", "01.02.03-456.78"),
    ("Son numéro BIS est le 95.42.11-123.48.", "95.42.11-123.48"),
    # the written shape YY.MM.DD-XXX.CC is a national number even without a keyword
    ("Numéro : 85.07.30-033.29.", "85.07.30-033.29"),
])
def test_national_number_with_a_wrong_checksum_near_its_keyword(text, number):
    assert spots(text, "nl" if "Zijn" in text or "Het" in text else "fr") == [
        ("national_number", number)]


def test_iban_checksum_belgian_and_foreign():
    assert spots("Verser sur BE71 0961 2345 6769 svp") == [("iban", "BE71 0961 2345 6769")]
    assert spots("Réf. NL91ABNA0417164300.") == [("iban", "NL91ABNA0417164300")]
    assert spots("Réf. FR14 2004 1010 0505 0001 3M02 606.") == [
        ("iban", "FR14 2004 1010 0505 0001 3M02 606")]
    # wrong check digits: a Belgian IBAN by its shape, a foreign one only near a keyword
    assert spots("Payé sur BE71 0961 2345 6760.") == [("iban", "BE71 0961 2345 6760")]
    assert spots("Réf. NL91ABNA0417164301.") == []
    assert spots("Compte NL91ABNA0417164301.") == [("iban", "NL91ABNA0417164301")]
    assert spots("Rekeningnummer: BE12 3456 7890 1235.", "nl") == [("iban", "BE12 3456 7890 1235")]
    assert spots("IBAN BE71096123456769 au nom de la mère.") == [("iban", "BE71096123456769")]


def test_old_belgian_account_numbers():
    assert spots("Réf. 310-1234567-37.") == [("iban", "310-1234567-37")]  # 3101234567 % 97 == 37
    assert spots("Numéro de compte : 001-2345678-90.") == [("iban", "001-2345678-90")]
    assert spots("Réf. 001-2345678-90.") == []


@pytest.mark.parametrize(("text", "email"), [
    ("Son adresse, c'est x (dot) y at gmail.com.", "x (dot) y at gmail.com"),
    ("Envoyer le rapport à prenom[at]cpas.be avant lundi.", "prenom[at]cpas.be"),
    ("Zijn mailadres is jan punt peeters at telenet punt be.", "jan punt peeters at telenet punt be"),
    ("Il m'a écrit depuis karim.b arobase hotmail point com.", "karim.b arobase hotmail point com"),
    ("Haar e-mail: sanne[at]hotmail[dot]com.", "sanne[at]hotmail[dot]com"),
    ("Stuur het naar lies.maes apenstaart gmail punt com.", "lies.maes apenstaart gmail punt com"),
])
def test_written_out_emails(text, email):
    assert spots(text, "nl" if "Zijn" in text or "Haar" in text or "Stuur" in text else "fr") == [
        ("email", email)]


@pytest.mark.parametrize("text", [
    "Nous sommes arrivés at home point final.",
    "On se retrouve au point de rendez-vous.",
])
def test_words_at_and_point_alone_are_not_emails(text):
    assert spots(text) == []


@pytest.mark.parametrize(("text", "address"), [
    ("Elle vit avenue Louise 54 depuis un an.", "avenue Louise 54"),
    ("Sa mère vit chaussée de Mons 120 bte 3 à Anderlecht.", "chaussée de Mons 120 bte 3"),
    ("Il dort boulevard du Midi 10, 1000 Bruxelles.", "boulevard du Midi 10, 1000 Bruxelles"),
    ("Elle habite 23, rue Haute.", "23, rue Haute"),
    ("Hij woont in de Kerkstraat 12, 1000 Brussel.", "Kerkstraat 12, 1000 Brussel"),
    ("Adres: Ninoofsesteenweg 123 bus 4.", "Ninoofsesteenweg 123 bus 4"),
    ("Elle a déménagé à 1070 Anderlecht.", "1070 Anderlecht"),
    ("Domicilié avenue de la Couronne n° 210, à Ixelles.", "avenue de la Couronne n° 210"),
    ("Son ancien logement, clos des Lilas 3/2, a été vendu.", "clos des Lilas 3/2"),
    ("Hij slaapt in de Lange Kievitstraat 88.", "Lange Kievitstraat 88"),
    ("Adres: Grote Markt 7, 8000 Brugge.", "Grote Markt 7, 8000 Brugge"),
    ("Monsieur Lefèvre, 0495 22 11 00, rue du Progrès 80.", "rue du Progrès 80"),
    ("Il squatte au n°14 de la rue des Tanneurs.", "n°14 de la rue des Tanneurs"),
])
def test_addresses(text, address):
    assert ("address", address) in spots(text, "nl" if "Hij" in text or "Adres" in text else "fr")


@pytest.mark.parametrize("text", [
    "Vers 2030 Bruxelles comptera 1,3 million d'habitants.",
    "Rue Neuve, les magasins ferment plus tôt en hiver.",
    "In de Kerkstraat staan veel woningen leeg.",
    "Les réunions ont lieu à Molenbeek, près de la gare de l'Ouest.",
])
def test_years_and_places_are_not_addresses(text):
    assert spots(text, "nl" if text.startswith("In de") else "fr") == []


@pytest.mark.parametrize(("text", "name"), [
    # after a civil title or a family word; the title is not part of the spot
    ("Nous avons reçu Monsieur Dupont ce matin.", "Dupont"),
    ("Mme Janssens est passée au guichet.", "Janssens"),
    ("J'ai vu M. Van den Berghe hier.", "Van den Berghe"),
    ("Mevrouw Peeters kwam langs.", "Peeters"),
    ("De heer Janssens wil zijn leefloon niet verliezen.", "Janssens"),
    ("Dhr. Yilmaz heeft een nieuwe woning gevonden.", "Yilmaz"),
    ("Mr Smith called twice.", "Smith"),
    ("Mme DUPUIS est venue sans ses papiers.", "DUPUIS"),
    ("madame dupont n'a pas payé son loyer.", "dupont"),
    ("Nous avons orienté Monsieur Nzeyimana vers le logement.", "Nzeyimana"),
    ("La famille Dupont vit à quatre dans un studio.", "Dupont"),
    ("Het gezin Kabongo wacht op een sociale woning.", "Kabongo"),
    ("Le fils Mertens a trouvé un article 60.", "Mertens"),
    # surnames of the shipped Belgian list, alone
    ("On est passés chez les Yilmaz pour l'enquête sociale.", "Yilmaz"),
    ("We zijn bij Peeters langsgegaan.", "Peeters"),
    ("Peeters a perdu son logement.", "Peeters"),
    ("J'ai téléphoné à Mukendi.", "Mukendi"),
    ("Het dossier van Kowalczyk is afgesloten.", "Kowalczyk"),
    ("Je heb Mohamed Azzouzi gezien.", "Mohamed Azzouzi"),
    # a surname that is an ordinary word, capitalised mid-sentence
    ("Les Dubois-Leclercq ne paient plus l'eau.", "Dubois-Leclercq"),
    ("On a revu Petit hier, il allait mieux.", "Petit"),
    ("Nous avons vu Fontaine et son avocat.", "Fontaine"),
    # an unknown capitalised word after "chez", "bij", "un certain"…
    ("Le bailleur, un certain Vandenbroucq, ne répond plus.", "Vandenbroucq"),
    # first names, with what follows and precedes them
    ("Jan Peeters werd doorverwezen.", "Jan Peeters"),
    ("La petite Inès Haddad a été placée.", "Inès Haddad"),
    ("Le jeune Mohamed Benali cherche un stage.", "Mohamed Benali"),
    ("Fatima est venue avec ses enfants.", "Fatima"),
    # accents do not matter, and recent Belgian first names are known
    ("Le réseau autour de Grégory : l'AMO et le médecin.", "Grégory"),
    ("Le fils aîné, Rayan, a été exclu de l'école.", "Rayan"),
    ("Zijn dochter Febe gaat niet meer naar school.", "Febe"),
    ("Ce matin, Pierre est passé.", "Pierre"),
])
def test_names(text, name):
    dutch = any(w in text.split()
                for w in ("kwam", "werd", "heer", "Dhr.", "gezin", "bij", "van", "heb", "Zijn"))
    assert ("name", name) in spots(text, "nl" if dutch else "fr")


@pytest.mark.parametrize(("text", "language"), [
    ("Le Roi a visité le quartier en 2022.", "fr"),
    ("Le petit a fait des progrès à l'école.", "fr"),
    ("Blanc ou noir, la réponse du SPF est toujours la même.", "fr"),
    ("Pendant la crise, Fedasil a ouvert le Petit-Château aux familles.", "fr"),
    ("Saint-Gilles et Forest partagent un service de médiation.", "fr"),
    ("Cette année, la Saint-Nicolas a été fêtée au centre de jour.", "fr"),
    ("Chez Actiris, les délais se sont allongés.", "fr"),
    ("Monsieur le Secrétaire général n'était pas présent.", "fr"),
    ("La Maison de la Justice est au 3e étage.", "fr"),
    ("De Koning bezocht de wijk vorig jaar.", "nl"),
    ("Vos en wolf zijn geen huisdieren, zei het kind.", "nl"),
    ("Bij het OCMW van Gent werken 300 maatschappelijk werkers.", "nl"),
    ("Mevrouw de voorzitter opende de vergadering.", "nl"),
    ("IBAN: NL91 ABNA 0417 1643 00.", "nl"),
])
def test_words_that_look_like_names_are_not(text, language):
    assert [kind for kind, _ in spots(text, language)] in ([], ["iban"])


def test_known_pseudonyms_are_found_as_whole_words_whatever_the_case():
    found = find_personal_data("Le récit de Ketje, puis KETJE et kétje ; pas Ketjes ni Sketje.",
                               "fr", known_names=["Ketje", "  ", ""])
    assert [(s.kind, s.excerpt) for s in found] == [
        ("pseudonym", "Ketje"), ("pseudonym", "KETJE"), ("pseudonym", "kétje")]
    assert spots("Le récit de Ketje.") == []  # unknown without the list


def test_a_pseudonym_that_is_a_first_name_is_one_pseudonym_spot():
    text = "Je rejoins ce que disait Marie. Marie Dupont est une usagère."
    found = find_personal_data(text, "fr", known_names=["Marie"])
    assert [(s.kind, s.excerpt) for s in found] == [("pseudonym", "Marie"), ("name", "Marie Dupont")]


def test_redaction_keeps_titles_and_family_words():
    text = "Madame Dupont et la famille Nowak, de heer Janssens."
    assert redact(text, find_personal_data(text))[0] == "Madame [nom] et la famille [nom], de heer [nom]."


def test_adjacent_spots_of_one_kind_give_one_placeholder():
    text = "Dupont Jean 0475 12 34 56"
    assert redact(text, find_personal_data(text))[0] == "[nom] [téléphone]"
    separate = [Spot(0, 6, "name", "Dupont"), Spot(7, 11, "name", "Jean")]
    out, records = redact(text, separate)
    assert out == "[nom] 0475 12 34 56"
    assert [(r["start"], r["end"], r["excerpt"]) for r in records] == [(0, 11, "Dupont Jean")]
    # different kinds, or a comma between them, stay apart
    assert redact("Dupont, Jean", [Spot(0, 6, "name", "Dupont"), Spot(8, 12, "name", "Jean")])[0] \
        == "[nom], [nom]"


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
    pseudonym = find_personal_data("récit de Ketje", known_names=["Ketje"])
    assert [redact("récit de Ketje", pseudonym, language=lang)[0] for lang in ("fr", "nl", "en")] == [
        "récit de [pseudonyme]", "récit de [pseudoniem]", "récit de [pseudonym]"]


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
