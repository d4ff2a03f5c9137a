"""Participants: a pseudonym, an optional declared position, and a personal link that is their identity."""

import secrets

from flask_babel import lazy_gettext as _l

from .accounts import utcnow
from .extensions import db

PRESENCE_SECONDS = 60  # a participant not heard from for this long is shown as disconnected

# Declared positions (DESIGN §3). Values are stable codes; labels are translated.
PROFILE_CHOICES = {
    "organisation_size": [("small", _l("Petit CPAS")), ("medium", _l("CPAS moyen")),
                          ("large", _l("Grand CPAS"))],
    "service": [("ssg", _l("Service social général (SSG)")),
                ("isp", _l("Insertion socioprofessionnelle (ISP)")), ("other", _l("Autre service"))],
    "function": [("social_worker", _l("Assistant·e social·e")),
                 ("manager", _l("Responsable, chef·fe de service")),
                 ("administrative", _l("Agent administratif")), ("other", _l("Autre fonction"))],
    "hierarchy": [("front_line", _l("Première ligne")), ("middle", _l("Encadrement intermédiaire")),
                  ("management", _l("Direction"))],
    "seniority": [("lt2", _l("Moins de 2 ans")), ("2to5", _l("De 2 à 5 ans")),
                  ("gt5", _l("Plus de 5 ans"))],
    "language": [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")],
}
PROFILE_FIELDS = ("organisation", *PROFILE_CHOICES)


class Participant(db.Model):
    __table_args__ = (db.UniqueConstraint("session_id", "pseudonym"),)

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    pseudonym = db.Column(db.String(40), nullable=False)
    token = db.Column(db.String(64), unique=True, nullable=False,
                      default=lambda: secrets.token_urlsafe(18))
    language = db.Column(db.String(5))
    organisation = db.Column(db.String(120))
    organisation_size = db.Column(db.String(20))
    service = db.Column(db.String(20))
    function = db.Column(db.String(20))
    hierarchy = db.Column(db.String(20))
    seniority = db.Column(db.String(20))
    joined_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_seen = db.Column(db.DateTime)
    attended = db.Column(db.Boolean)  # recorded by staff; None until attendance is taken
    # The same person in the group's previous session (carried into this one).
    carried_from_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="SET NULL"))

    session = db.relationship("WorkshopSession")

    @property
    def connected(self) -> bool:
        return bool(self.last_seen) and (utcnow() - self.last_seen).total_seconds() < PRESENCE_SECONDS

    def profile(self) -> dict:
        return {name: getattr(self, name) for name in PROFILE_FIELDS}
