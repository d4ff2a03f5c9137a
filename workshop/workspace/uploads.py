"""A JSON file uploaded to an import form, read within bounds: at most 5 MB, nested at most
64 levels, UTF-8. Anything else is a 400 with a message, never a 500."""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..synthesis.json_input import MAX_DEPTH, JsonInputError, parse_json

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def read_bounded(upload, limit: int, none_chosen: str, too_large: str) -> bytes:
    """The bytes of an uploaded file, read no further than ``limit``; a 400 with ``none_chosen``
    or ``too_large`` otherwise (a form of any import: JSON here, a CSV of work areas)."""
    if upload is None or not upload.filename:
        raise ActionError(none_chosen, 400)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ActionError(too_large, 400)
    return raw


def read_json_upload(upload):
    raw = read_bounded(upload, MAX_IMPORT_BYTES, _("Choisissez un fichier JSON à importer."),
                       _("Le fichier est trop volumineux (5 Mo au maximum)."))
    try:
        return parse_json(raw.decode("utf-8"), MAX_DEPTH)
    except (UnicodeDecodeError, JsonInputError):
        raise ActionError(_("Ce fichier n'est pas du JSON lisible (UTF-8, %(depth)d niveaux "
                            "d'imbrication au plus).", depth=MAX_DEPTH), 400) from None
