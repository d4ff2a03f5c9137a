"""The team's accounts, run by its administrators: invite a colleague with a link that works
once and expires, see every account, deactivate one (its cookies stop working at once).

Only a digest of an invitation's token is stored: the link is shown once, to the
administrator who made it.
"""

import hashlib
import secrets
from datetime import timedelta
from functools import wraps

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from .accounts import MIN_PASSWORD_LENGTH, User
from .clock import utcnow
from .errors import ActionError
from .extensions import db
from .live.connections import end_revoked_connections
from .throttles import look_up_link

INVITATION_DAYS = 7


class Invitation(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    token_digest = db.Column(db.String(64), unique=True, nullable=False)
    note = db.Column(db.String(120))  # whom the administrator meant it for
    invited_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, default=utcnow, nullable=False)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_at = db.Column(db.DateTime)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))  # the account it made

    invited_by = db.relationship(User, foreign_keys=[invited_by_id])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def admin_required(view):
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return guarded


class InvitationForm(FlaskForm):
    note = StringField(_l("Pour qui (facultatif, pour vous y retrouver)"),
                       validators=[Optional(), Length(max=120)])


class NewAccountForm(FlaskForm):
    username = StringField(_l("Identifiant"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[\w.@-]+$", message=_l("Lettres, chiffres et . _ - @ seulement, sans espace."))])
    display_name = StringField(_l("Nom montré aux collègues"), validators=[DataRequired(), Length(max=120)])
    password = PasswordField(_l("Mot de passe"),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)])
    confirm = PasswordField(_l("Mot de passe, une seconde fois"),
                            validators=[DataRequired(), EqualTo("password")])


bp = Blueprint("staff_admin", __name__)


def _accounts_page(form: InvitationForm, link: str | None = None, status: int = 200):
    users = db.session.scalars(db.select(User).order_by(User.display_name)).all()
    pending = db.session.scalars(db.select(Invitation).where(
        Invitation.used_at.is_(None), Invitation.expires_at > utcnow()).order_by(Invitation.id)).all()
    return render_template("core/accounts.html", users=users, pending=pending, form=form,
                           link=link, days=INVITATION_DAYS), status


@bp.get("/staff/accounts")
@admin_required
def accounts():
    return _accounts_page(InvitationForm())


@bp.post("/staff/accounts/invitations")
@admin_required
def invite():
    form = InvitationForm()
    if not form.validate_on_submit():
        return _accounts_page(form, status=400)
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(token_digest=_digest(token), note=form.note.data or None,
                              invited_by_id=current_user.id,
                              expires_at=utcnow() + timedelta(days=INVITATION_DAYS)))
    db.session.commit()
    return _accounts_page(InvitationForm(formdata=None),
                          link=url_for("staff_admin.accept", token=token, _external=True), status=201)


@bp.post("/staff/accounts/invitations/<int:invitation_id>/cancel")
@admin_required
def cancel_invitation(invitation_id: int):
    db.session.execute(db.delete(Invitation).where(Invitation.id == invitation_id,
                                                   Invitation.used_at.is_(None)))
    db.session.commit()
    return redirect(url_for("staff_admin.accounts"))


def _set_active(user_id: int, active: bool):
    user = db.session.get(User, user_id) or abort(404)
    if user.id == current_user.id:
        raise ActionError(_("Vous ne pouvez pas désactiver votre propre compte."), 409)
    user.active = active
    user.revoke_logins()
    db.session.commit()
    end_revoked_connections()
    return redirect(url_for("staff_admin.accounts"))


@bp.post("/staff/accounts/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/staff/accounts/<int:user_id>/reactivate")
@admin_required
def reactivate(user_id: int):
    return _set_active(user_id, True)


def _spent_link() -> ActionError:
    return ActionError(_("Ce lien d'invitation n'est plus valable. Demandez-en un nouveau à "
                         "la personne qui vous a invité·e."), 410)


def _valid_invitation(token: str) -> Invitation:
    """An unknown, used and expired link get the same answer: a link leads nowhere once spent."""
    def valid() -> Invitation | None:
        invitation = db.session.scalar(db.select(Invitation).filter_by(token_digest=_digest(token)))
        if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow() \
                or not invitation.invited_by.active:  # a deactivated account's links die with it
            return None
        return invitation

    return look_up_link(valid, _spent_link)


def _claim(invitation: Invitation) -> bool:
    """Mark the invitation used, unless another request did so first (one account per link)."""
    claimed = db.session.execute(db.update(Invitation).where(
        Invitation.id == invitation.id, Invitation.used_at.is_(None)).values(used_at=utcnow()))
    return claimed.rowcount == 1


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept(token: str):
    invitation = _valid_invitation(token)
    form = NewAccountForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        if db.session.scalar(db.select(User.id).filter_by(username=username)):
            form.username.errors.append(_("Cet identifiant est déjà pris : choisissez-en un autre."))
            return render_template("core/invitation.html", form=form, min_length=MIN_PASSWORD_LENGTH), 409
        if not _claim(invitation):
            db.session.rollback()
            raise _spent_link()  # another request used the link meanwhile
        user = User(username=username, display_name=form.display_name.data.strip())
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.flush()
        invitation.user_id = user.id
        db.session.commit()
        login_user(user, remember=True)
        return redirect(url_for("staff.home"))
    return render_template("core/invitation.html", form=form, min_length=MIN_PASSWORD_LENGTH), \
        400 if form.errors else 200
