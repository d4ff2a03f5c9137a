"""What people write stays text in the Markdown exports: a rapporteur's note "# Pause" does not
become a heading, "**" does not turn bold, a "[lien](…)" is not a link. Checked by rendering the
export as a Markdown viewer would (CommonMark, markdown-it)."""

from conftest import decide_everything, login
from markdown_it import MarkdownIt
from test_synthesis_app import HX, demo_session, themes

from workshop.core.extensions import db
from workshop.sessions.models import Note
from workshop.synthesis.exports.blocks import blocks_to_markdown
from workshop.synthesis.exports.markdown import md_text

NOTE = ("# Pause de midi\n**Tout le monde** parle du _temps_.\n- une liste ?\n1. un numéro\n"
        "> une citation\n[lien](https://example.org) `code` ~~barré~~ | pipe")


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def test_every_markdown_character_of_a_text_shows_as_written():
    html = rendered(md_text(NOTE))
    assert html.count("<p>") == 1
    for tag in ("<h1", "<strong", "<em", "<li", "<blockquote", "<a ", "<code", "<s>", "<del"):
        assert tag not in html, tag
    for words in ("# Pause de midi", "**Tout le monde**", "_temps_", "- une liste ?", "1. un numéro",
                  "&gt; une citation", "[lien](https://example.org)", "`code`", "~~barré~~", "| pipe"):
        assert words in html, words


def test_titles_and_bullets_of_the_project_reports_stay_text():
    html = rendered(blocks_to_markdown([("title", "Rapport *final*"), ("bullet", "# pas un titre"),
                                        ("para", "1) texte")]))
    assert "<h1>Rapport *final*</h1>" in html and "<li># pas un titre</li>" in html
    assert "<p>1) texte</p>" in html


def test_a_note_and_a_theme_label_keep_their_characters_in_export_md(app, staff):
    session = demo_session(staff, personal_data=False)
    db.session.add(Note(session_id=session.id, step_index=5, user_id=staff["rapporteur"].id, text=NOTE))
    session.status = "closed"
    db.session.commit()
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    rapporteur.post(f"{base}/rename", data={"theme": themes(session)[0]["id"], "label": "## Le *temps*"},
                    headers=HX)
    decide_everything(rapporteur, session.id, lambda kind: "keep")
    markdown = rapporteur.get(f"{base}/export.md").get_data(as_text=True)
    html = rendered(markdown)
    assert "## Le *temps*" in html and "<h2>Le <em>temps" not in html and "<h3>Le <em>temps" not in html
    assert "# Pause de midi" in html and "<h1>Pause de midi" not in html
    assert "**Tout le monde**" in html and '<a href="https://example.org"' not in html
