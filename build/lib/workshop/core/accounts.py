"""Staff accounts: facilitators, rapporteurs, researchers and observers log in with a password."""

import click
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .clock import utcnow
from .extensions import db, limiter, login_manager


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    display_name = db.Column(db.String(120), nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    created_at = db.Column(db.DateTime, default=utcnow, nullable=False)

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id))


bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=200)])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            user = db.session.scalar(db.select(User).filter_by(username=form.username.data.strip()))
            if user and user.check_password(form.password.data):
                login_user(user, remember=True)
                target = request.args.get("next", "")
                if not target.startswith("/") or target.startswith("//"):
                    target = url_for("staff.home")
                return redirect(target)
        flash(_("Identifiant ou mot de passe incorrect."), "error")
        status = 401
    return render_template("core/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@click.group("users", help="Manage staff accounts.")
def users_cli():
    pass


@users_cli.command("create")
@click.argument("username")
@click.option("--name", "display_name", help="Name shown to colleagues (defaults to USERNAME).")
@click.password_option(help="Password (asked twice when not given).")
def create_user(username: str, display_name: str | None, password: str):
    """Create a staff account."""
    if db.session.scalar(db.select(User).filter_by(username=username)):
        raise click.ClickException(f"user {username!r} already exists")
    if len(password) < 8:
        raise click.ClickException("the password needs at least 8 characters")
    user = User(username=username, display_name=display_name or username)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created staff account {username!r}")
