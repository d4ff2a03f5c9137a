"""The forum's own end-of-day evaluation: every atelier asks the same questions, and the report
gives their aggregate over the whole forum, with the small-cell rule of the groups' reports (a
mean is published from three answers on; free comments are counted, never quoted)."""

from flask_babel import gettext as _
from flask_babel import ngettext

from ..research.reports import evaluation_answers, evaluation_summary
from ..sessions.methods import get_method
from .models import Forum


def forum_evaluation(forum: Forum) -> list[dict]:
    """Per scaled question: answers and mean over the ateliers; then the number of comments."""
    sessions = [atelier.session_id for atelier in forum.ateliers]
    return evaluation_summary(evaluation_answers(sessions), get_method("forum").questions)


def evaluation_blocks(rows: list[dict]) -> list[tuple]:
    """The report's section: one line per question."""
    out = [("h1", _("Évaluation du forum"))]
    if not any(row["count"] for row in rows):
        return [*out, ("para", _("Personne n'a encore répondu à l'évaluation."))]
    for row in rows:
        if row["key"] == "comments":
            out.append(("bullet", ngettext(
                "%(num)d commentaire libre, lu par l'équipe et non publié.",
                "%(num)d commentaires libres, lus par l'équipe et non publiés.", row["count"])))
        elif row["mean"] is None:
            out.append(("bullet", ngettext(
                "%(label)s — %(num)d réponse : trop peu pour publier une moyenne.",
                "%(label)s — %(num)d réponses : trop peu pour publier une moyenne.",
                row["count"], label=row["label"])))
        else:
            out.append(("bullet", ngettext(
                "%(label)s — moyenne %(mean)s sur 5 (%(num)d réponse).",
                "%(label)s — moyenne %(mean)s sur 5 (%(num)d réponses).",
                row["count"], label=row["label"], mean=f"{row['mean']:.2f}")))
    return out
