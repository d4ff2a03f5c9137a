"""The positions a participant may declare (DESIGN §3): stable codes with translated labels."""

from flask_babel import lazy_gettext as _l

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
