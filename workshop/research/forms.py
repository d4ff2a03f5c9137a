"""The forms of a research project: project, theme, group, group session and registration."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..core.errors import ActionError
from ..sessions.profiles import PROFILE_CHOICES
from .models import Project, default_horizon

HORIZON_LABEL = _l("Horizon des visions (année)")


class HorizonForm(FlaskForm):
    horizon_year = IntegerField(HORIZON_LABEL, validators=[DataRequired(), NumberRange(min=2000, max=2200)])


class ProjectForm(FlaskForm):
    title = StringField(_l("Titre du projet"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    horizon_year = IntegerField(HORIZON_LABEL, default=default_horizon,
                                validators=[Optional(), NumberRange(min=2000, max=2200)])


class ThemeForm(FlaskForm):
    title = StringField(_l("Titre du thème"), validators=[DataRequired(), Length(max=200)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=10000)])
    initial_findings = TextAreaField(_l("Constats initiaux (un par ligne)"),
                                     validators=[Optional(), Length(max=20000)])


class GroupForm(FlaskForm):
    name = StringField(_l("Nom du groupe"), validators=[DataRequired(), Length(max=120)])
    theme = SelectField(_l("Thème"), coerce=int)
    capacity = IntegerField(_l("Nombre de places"), default=10,
                            validators=[DataRequired(), NumberRange(min=2, max=60)])
    first_date = DateField(_l("Date du jour 1"), validators=[Optional()])
    second_date = DateField(_l("Date du jour 2"), validators=[Optional()])


class GroupSessionForm(FlaskForm):
    title = StringField(_l("Titre de la séance"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Langue de la séance"),
                           choices=[("fr", "Français"), ("nl", "Nederlands"), ("en", "English")])
    scheduled_for = DateField(_l("Date"), validators=[Optional()])


class RegistrationForm(FlaskForm):
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Adresse e-mail"), validators=[
        DataRequired(), Length(max=200),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Cette adresse e-mail n'est pas valable."))])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=120)])
    organisation_size = SelectField(_l("Taille de l'organisation"), validators=[DataRequired()])
    service = SelectField(_l("Service"), validators=[DataRequired()])
    function = SelectField(_l("Fonction"), validators=[DataRequired()])
    hierarchy = SelectField(_l("Position hiérarchique"), validators=[DataRequired()])
    seniority = SelectField(_l("Ancienneté"), validators=[DataRequired()])
    language = SelectField(_l("Langue"), validators=[DataRequired()])
    choice_1 = SelectField(_l("Premier choix de thème"), validators=[DataRequired()])
    choice_2 = SelectField(_l("Deuxième choix (facultatif)"))
    choice_3 = SelectField(_l("Troisième choix (facultatif)"))
    consent = BooleanField(_l("J'accepte que ces données soient utilisées pour composer les groupes et "
                              "pour l'analyse anonyme du projet."), validators=[DataRequired()])

    def __init__(self, project: Project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in PROFILE_CHOICES.items():
            getattr(self, name).choices = [("", _("— choisir —")), *choices]
        themes = [(str(theme.id), theme.title) for theme in project.themes]
        self.choice_1.choices = [("", _("— choisir —")), *themes]
        for name in ("choice_2", "choice_3"):
            getattr(self, name).choices = [("", _("— aucun —")), *themes]

    def preferences(self) -> list[int]:
        ranked = [field.data for field in (self.choice_1, self.choice_2, self.choice_3) if field.data]
        if len(set(ranked)) != len(ranked):
            raise ActionError(_("Chaque thème ne peut être choisi qu'une fois."), 400)
        if not self.choice_2.data and self.choice_3.data:
            raise ActionError(_("Indiquez un deuxième choix avant un troisième."), 400)
        return [int(value) for value in ranked]


MAX_CHOICES = 3


class MemberForm(FlaskForm):
    username = StringField(_l("Identifiant du compte"), validators=[DataRequired(), Length(max=80)])
    role = SelectField(_l("Rôle"), choices=[("researcher", _l("Chercheuse ou chercheur de l'équipe")),
                                            ("committee", _l("Membre du comité d'accompagnement"))])


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Commentaire"), validators=[DataRequired(), Length(max=5000)])
