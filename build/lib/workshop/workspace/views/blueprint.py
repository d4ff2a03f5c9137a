"""The rapporteur's synthesis workspace, its review and its exports share one blueprint."""

from flask import Blueprint

bp = Blueprint("synthesis", __name__)

EDIT = ("rapporteur",)
DOWNLOAD = ("rapporteur", "facilitator", "researcher")
