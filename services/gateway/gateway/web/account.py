"""Signing in and out, and a forgotten password: the directory's ``authenticate``,
``sign_out``, ``request_password_reset`` and ``reset_password``, as the API calls them."""

from flask import Blueprint, flash, g, redirect, request, url_for

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from contracts.errors import InvalidInput, TooManyRequests, Unauthorized
from gateway.api.auth import client_address
from gateway.auth import forget, issue_token
from gateway.rpc import call
from gateway.web import session
from gateway.web.forms import ActionForm, ForgottenPasswordForm, ResetPasswordForm, SignInForm
from gateway.web.pages import register_errors, render

blp = Blueprint("account", __name__)
register_errors(blp)


def _wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@blp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in with email and password (throttled by the directory: 429 is a readable wait)."""
    form = SignInForm()
    next_url = request.values.get("next", "")
    status = 200
    if form.validate_on_submit():
        credentials = {"email": form.email.data.strip(), "password": form.password.data}
        try:
            answer = call(DirectoryClient.authenticate, credentials, client_address())
        except TooManyRequests as err:
            form.email.errors.append(
                "Too many attempts to sign in. Wait "
                + _wait_words(err.retry_after)
                + " and try again."
            )
            status = 429
        except (Unauthorized, InvalidInput):
            form.email.errors.append("Enter a correct email address and password")
            status = 401
        else:
            token, _ = issue_token(answer)
            session.start(token)
            return redirect(session.safe_next(next_url))
    elif form.errors:
        status = 400
    return render("web/account/sign_in.html", status, form=form, next_url=next_url)


@blp.post("/sign-out")
def sign_out():
    """End every session of the person (directory ``sign_out``), then the browser's."""
    if g.get("caller") is not None:
        call(DirectoryClient.sign_out)
        forget(g.caller.id)
    session.end()
    flash("You have signed out.")
    return redirect(url_for("account.sign_in"))


@blp.route("/forgotten-password", methods=["GET", "POST"])
def forgotten_password():
    """Email a reset link (the same answer whether or not anyone has the address)."""
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        body = d.PasswordResetRequestSchema().dump({"email": form.email.data.strip()})
        call(DirectoryClient.request_password_reset, body)
        return render("web/account/reset_sent.html", email=form.email.data.strip())
    return render("web/account/forgotten_password.html", 400 if form.errors else 200, form=form)


@blp.route("/reset-password", methods=["GET", "POST"])
def reset_password():
    """Set a new password with the emailed code (``?code=`` from the email's link)."""
    form = ResetPasswordForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:200]
    status = 200
    if form.validate_on_submit():
        body = {"token": form.code.data.strip(), "password": form.password.data}
        try:
            call(DirectoryClient.reset_password, d.PasswordResetSchema().dump(body))
        except InvalidInput as err:
            problems = err.fields or {}
            if "password" in problems:
                form.password.errors.append(_first(problems["password"]))
            else:
                form.code.errors.append(
                    "This reset code has been used or has expired. Ask for a new one."
                )
            status = 422
        else:
            session.end()
            flash("Your password has been changed. Sign in with your new password.")
            return redirect(url_for("account.sign_in"))
    elif form.errors:
        status = 400
    return render("web/account/reset_password.html", status, form=form)


def _first(messages) -> str:
    if isinstance(messages, list) and messages:
        return str(messages[0])
    return str(messages)


@blp.app_context_processor
def sign_out_form():
    return {"sign_out_form": ActionForm}
