import csv
import io

import pytest
from docx import Document

from workshop.synthesis.document import load_document
from workshop.synthesis.engine import build_synthesis
from workshop.synthesis.exports import role_descriptor
from workshop.synthesis.exports.csv import contributions_csv, votes_csv
from workshop.synthesis.exports.docx import build_docx
from workshop.synthesis.exports.markdown import render_markdown


@pytest.fixture
def doc(sample):
    return load_document(sample)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "un·e AS du SSG, plus de 5 ans"),
        ("nl", "een maatschappelijk werker van de AMD, meer dan 5 jaar"),
        ("en", "a social worker in the general social service, over 5 years"),
    ],
)
def test_role_descriptor(language, expected):
    profile = {"function": "AS", "service": "SSG", "seniority": "5+",
               "organisation": "CPAS d'Anderlecht"}
    assert role_descriptor(profile, language) == expected


def test_role_descriptor_without_profile_and_with_free_values():
    assert role_descriptor(None, "fr") == "un·e participant·e"
    assert role_descriptor({"hierarchy": "manager", "service": "ISP"}, "nl") == (
        "een leidinggevende van de SPI")
    assert role_descriptor({"function": "médiateur de dettes", "service": "Énergie"}, "fr") == (
        "un·e médiateur de dettes du service Énergie")


def test_markdown_report_never_names_authors(doc):
    text = render_markdown(build_synthesis(doc), doc)
    for p in doc.participants:
        assert p.pseudonym not in text.replace("Colline insiste", "")  # rapporteur's note
    # the three managers, of two services, are described together; the lone participant of
    # another service and the one without a profile are only counted
    assert "3 × un·e responsable, plus de 5 ans" in text
    assert "1 × sans description" in text
    assert "du SSG" not in text.split("## Formule")[0]
    assert "## Phase 1 — Le récit" in text and "## Phase 3 — L'analyse" in text


def test_markdown_report_reports_positions_with_counts_and_breakdown(doc):
    text = render_markdown(build_synthesis(doc), doc)
    assert "#### Positions minoritaires" in text
    assert ("Par position hiérarchique — travailleur·ses de terrain : 0 d'accord, "
            "6 pas d'accord, 1 sans avis ; responsables : 3 d'accord") in text
    assert "> Le temps de disponibilité existe, mais personne ne le compte." in text


def test_report_labels_follow_the_session_language(sample):
    sample["session"]["language"] = "nl"
    doc = load_document(sample)
    text = render_markdown(build_synthesis(doc), doc)
    assert "Minderheidsstandpunten" in text and "9 akkoord, 1 niet akkoord, 1 geen mening" in text
    assert "Fase 1 — Het verhaal" in text and "Organisatorisch niveau" in text


def test_docx_has_real_headings_and_tables(doc):
    document = build_docx(build_synthesis(doc), doc)
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Groupe 3 — Organisation du travail, journée 1")
    assert headings[1] == ("Heading 1", "Formule de synthèse")  # the formula comes first
    assert ("Heading 1", "Phase 2 — Les interprétations") in headings
    assert ("Heading 2", "Propositions, par priorité") in headings
    assert ("Heading 3", "Divergences") in headings
    assert ("Heading 3", "Positions minoritaires") in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "cache" in text and "9 d'accord, 1 pas d'accord, 1 sans avis" in text
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    proposals = next(t for t in tables if t[0][0] == "Rang" and t[1][0] == "1")
    assert proposals[0] == ["Rang", "Proposition", "Points", "Votant·es"]
    assert proposals[1][2:] == ["8", "6"]
    assert "Lune" not in text and "Brume" not in text


def test_docx_proposal_text_takes_the_width_and_figures_little(doc):
    document = build_docx(build_synthesis(doc), doc)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Rang")
    rank, proposal, points, voters = (column.width for column in table.columns)
    assert proposal > 4 * max(rank, points, voters)


def test_docx_saves_and_reopens(doc, tmp_path):
    path = tmp_path / "r.docx"
    build_docx(build_synthesis(doc), doc).save(path)
    assert Document(str(path)).paragraphs[0].text.startswith("Groupe 3")


def test_csv_of_contributions_and_votes(doc):
    rows = list(csv.DictReader(io.StringIO(contributions_csv(doc, build_synthesis(doc)))))
    assert len(rows) == len(doc.contributions)
    i1 = next(r for r in rows if r["id"] == "i1")
    assert (i1["agree"], i1["disagree"], i1["abstain"]) == ("9", "1", "1")
    # Cèdre, an AS of the SSG (2 to 5 years), is p2 and shares a generalised role with three
    assert i1["author"] == "p2" and i1["author_role"] == "un·e travailleur·se social·e, moins de 5 ans"
    assert i1["theme"]
    text = contributions_csv(doc, build_synthesis(doc))
    assert not any(p.pseudonym in text for p in doc.participants)


def test_votes_csv_counts_and_never_links_a_person_to_a_position(doc):
    votes = list(csv.DictReader(io.StringIO(votes_csv(doc))))
    assert {v["kind"] for v in votes} == {"story_choice", "agreement", "priority"}
    assert "participant" not in votes[0]
    totals = [v for v in votes if not v["dimension"]]
    assert sum(int(v["voters"]) for v in totals) == len(doc.votes)
    i1 = [v for v in votes if v["contribution"] == "i1"]
    assert (i1[0]["agree"], i1[0]["disagree"], i1[0]["abstain"]) == ("9", "1", "1")
    for dimension in {v["dimension"] for v in i1 if v["dimension"]}:
        groups = [v for v in i1 if v["dimension"] == dimension]
        assert all(int(v["voters"]) >= 3 for v in groups)
        assert sum(int(v["voters"]) for v in groups) == 11
