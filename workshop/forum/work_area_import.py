"""Earlier recommendations imported from a CSV file, as work areas.

The file is UTF-8 (a spreadsheet's BOM is fine), separated by commas or semicolons, with a
header line naming its columns (English or French names):

- ``title`` (``titre``): required;
- ``level`` (``niveau``): micro, méso (meso) or macro, required;
- ``description``, ``owner`` (``porteur``), ``status`` (``statut``: proposed, adopted,
  in_progress, done, dropped, or their French, Dutch or English names; proposed when empty),
  ``due_date`` (``echeance``, ``échéance``: YYYY-MM-DD): optional.

Every line is checked before anything is stored: one bad line refuses the whole file, with its
line number, and nothing is half-imported.
"""

import csv
import io
import unicodedata

from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.errors import ActionError
from ..workspace.uploads import read_bounded
from .work_area_models import LEVELS, STATUSES
from .work_areas import create_work_area, status_labels

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500
COLUMNS = {"title": "title", "titre": "title", "level": "level", "niveau": "level",
           "description": "description", "owner": "owner", "porteur": "owner", "status": "status",
           "statut": "status", "due_date": "due_on", "echeance": "due_on"}


def _plain(text: str) -> str:
    """Lower case, without accents or surrounding spaces: how names and values are compared."""
    text = unicodedata.normalize("NFKD", (text or "").strip().casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _status_names() -> dict[str, str]:
    names = {code: code for code in STATUSES} | {"in progress": "in_progress"}
    for language in ("fr", "nl", "en"):
        with force_locale(language):
            names |= {_plain(str(label)): code for code, label in status_labels().items()}
    return names


def read_rows(upload) -> list[dict]:
    """The file's lines as work-area fields, every one checked; a 400 naming the first mistake."""
    raw = read_bounded(upload, MAX_BYTES, _("Choisissez un fichier CSV à importer."),
                       _("Le fichier est trop volumineux (1 Mo au maximum)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActionError(_("Ce fichier n'est pas un CSV lisible : enregistrez-le en UTF-8."), 400) from None
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if header.count(";") > header.count(",") else ",")
    try:
        lines = list(reader)
    except csv.Error:
        raise ActionError(_("Ce fichier n'est pas un CSV lisible."), 400) from None
    if not lines:
        raise ActionError(_("Le fichier est vide."), 400)
    names = [COLUMNS.get(_plain(name)) for name in lines[0]]
    if "title" not in names or "level" not in names:
        raise ActionError(_("La première ligne doit nommer les colonnes, dont au moins « title » et "
                            "« level » (ou « titre » et « niveau »)."), 400)
    statuses, rows = _status_names(), []
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        row = {name: cell for name, cell in zip(names, line, strict=False) if name}
        level = _plain(row.get("level"))
        if level not in LEVELS:
            raise ActionError(_("Ligne %(line)d : le niveau « %(value)s » n'est pas micro, méso ou macro.",
                                line=number, value=row.get("level", "")[:40]), 400)
        status = _plain(row.get("status"))
        if status and status not in statuses:
            raise ActionError(_("Ligne %(line)d : le statut « %(value)s » n'est pas reconnu.",
                                line=number, value=row.get("status", "")[:40]), 400)
        rows.append({**row, "level": level, "status": statuses.get(status, "proposed"), "line": number})
        if len(rows) > MAX_ROWS:
            raise ActionError(_("Un fichier apporte %(max)d chantiers au plus.", max=MAX_ROWS), 400)
    if not rows:
        raise ActionError(_("Le fichier ne contient aucun chantier."), 400)
    return rows


def import_work_areas(project, upload, user) -> int:
    """Every line of the file as a work area, in the caller's transaction (rolled back by the
    caller on a refusal); how many were added."""
    rows = read_rows(upload)
    for row in rows:
        try:
            create_work_area(project, row, user, known={}, choices={})
        except ActionError as refused:
            raise ActionError(_("Ligne %(line)d : %(message)s", line=row["line"], message=refused.message),
                              refused.status) from None
    return len(rows)
