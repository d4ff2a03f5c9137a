"""Staff accounts: facilitators, rapporteurs, researchers and observers log in with a password.

Every login cookie (the session's and the year-long remember-me one) carries the account's
``login_token`` besides its id. Logging out, changing the password and deactivating the
account draw a new token, so every cookie issued before stops opening anything, on every
device.
"""

import hmac
import secrets

import click
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .clock import utcnow
from .extensions import db, limiter, login_manager
from .live.connections import end_revoked_connections, register_login_check
from .security import local_target
from .throttles import ACCOUNT_LOGINS, account_key

MIN_PASSWORD_LENGTH = 8


def new_login_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    display_name = db.Column(db.String(120), nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    created_at = db.Column(db.DateTime, default=utcnow, nullable=False)
    is_admin = db.Column(db.Boolean, nullable=False, default=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    login_token = db.Column(db.String(32), nullable=False, default=new_login_token)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.login_token}"

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def revoke_logins(self) -> None:
        """Every cookie that names the old token, on any device, no longer logs anyone in."""
        self.login_token = new_login_token()


class _Unknown:
    """Checked when no account has the username typed, so that the answer takes as long as a
    wrong password's and does not tell which usernames exist."""

    password_hash = generate_password_hash(secrets.token_hex(16))  # scrypt, as real accounts
    check_password = User.check_password


_UNKNOWN = _Unknown()


def _current_tokens(account_ids) -> dict[int, str]:
    return dict(db.session.execute(db.select(User.id, User.login_token).where(
        User.id.in_(account_ids), User.active)).all())


register_login_check(_current_tokens)


@login_manager.user_loader
def load_user(cookie_id: str):
    user_id, _sep, token = cookie_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not hmac.compare_digest(user.login_token, token):
        return None
    return user


bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=200)])


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("Nouveau mot de passe"),
                        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)])
    confirm = PasswordField(_l("Nouveau mot de passe, une seconde fois"),
                            validators=[DataRequired(), EqualTo("new")])


def _attempt_login(form: LoginForm) -> tuple[str | None, int]:
    """Log the person in, or say why not (an error message and its status)."""
    username = form.username.data.strip()
    if ACCOUNT_LOGINS.blocked(account_key(username)):
        return _("Trop d'essais pour ce compte. Par sécurité, il est bloqué pendant "
                 "%(minutes)d minutes : réessayez plus tard ou demandez à un·e administrateur·rice.",
                 minutes=ACCOUNT_LOGINS.minutes), 429
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if not (user or _UNKNOWN).check_password(form.password.data) or not user:
        ACCOUNT_LOGINS.failed(account_key(username))
        return _("Identifiant ou mot de passe incorrect."), 401
    if not user.active:
        return _("Ce compte a été désactivé. Adressez-vous à un·e administrateur·rice."), 403
    ACCOUNT_LOGINS.cleared(account_key(username))  # a right password starts the count again
    login_user(user, remember=True)
    return None, 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    status, refused = 200, None
    if request.method == "POST":
        message, status = _attempt_login(form) if form.validate_on_submit() else (
            _("Identifiant ou mot de passe incorrect."), 401)
        if message is None:
            return redirect(local_target(request.args.get("next"), url_for("staff.home")))
        refused = {"form": "login-form", "message": message}  # said on the form, the identifier kept
    headers = {"Retry-After": str(ACCOUNT_LOGINS.minutes * 60)} if status == 429 else {}
    return render_template("core/login.html", form=form, refused=refused), status, headers


@bp.post("/logout")
@login_required
def logout():
    current_user.revoke_logins()
    db.session.commit()
    end_revoked_connections()
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        if current_user.check_password(form.current.data):
            current_user.set_password(form.new.data)
            current_user.revoke_logins()
            db.session.commit()
            end_revoked_connections()
            # This browser stays logged in with the new token; every other one is out.
            login_user(current_user._get_current_object(), remember=True)
            flash(_("Mot de passe changé. Vos autres appareils devront se reconnecter."), "info")
            return redirect(url_for("staff.home"))
        form.current.errors.append(_("Ce n'est pas votre mot de passe actuel."))
        status = 403
    elif form.errors:
        status = 400
    return render_template("core/password.html", form=form,
                           min_length=MIN_PASSWORD_LENGTH), status


@click.group("users", help="Manage staff accounts.")
def users_cli():
    pass


@users_cli.command("create")
@click.argument("username")
@click.option("--name", "display_name", help="Name shown to colleagues (defaults to USERNAME).")
@click.option("--admin", is_flag=True,
              help="May invite and deactivate colleagues (the first account always may).")
@click.password_option(help="Password (asked twice when not given).")
def create_user(username: str, display_name: str | None, admin: bool, password: str):
    """Create a staff account; the first one made is an administrator."""
    if db.session.scalar(db.select(User).filter_by(username=username)):
        raise click.ClickException(f"user {username!r} already exists")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    first = db.session.scalar(db.select(User.id).limit(1)) is None
    user = User(username=username, display_name=display_name or username, is_admin=admin or first)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created staff account {username!r}" + (" (administrator)" if user.is_admin else ""))
