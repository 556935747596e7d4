"""The directory's RPCs on accounts: signing in (throttled by ``SignInLimits``), resolving a
gateway's tokens to sessions, signing out, changing and resetting a password (the reset code goes
to the notifications service by a directed command), and the caller's calendar subscription key.
Signing in and password resets are public; the rest act on the caller's own account or serve the
gateway."""

import logging

import eventlet
from nameko.exceptions import serialize
from nameko.extensions import DependencyProvider
from nameko.rpc import rpc
from nameko.timer import timer

from contracts import directory as c
from contracts.caller import Caller, load_caller
from contracts.clients.notifications import NotificationsClient
from contracts.common import load
from directory import accounts, calendar_keys, password_reset, people, permissions
from directory.clock import now
from directory.storage import Person
from runtime.clients import ServiceRpc

_log = logging.getLogger(__name__)
# how long a password reset waits for the notifications service to take its code
SEND_RESET_SECONDS = 5.0


class SignInLimits(DependencyProvider):
    """Sign-in throttling settings from config (``SIGNIN_*``; see ``accounts.Limits``)."""

    def setup(self):
        self.limits = accounts.Limits.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.limits


class AccountsRpc:
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and ``correlation_id``."""

    signin_limits = SignInLimits()
    notifications = ServiceRpc(NotificationsClient)

    @rpc
    def authenticate(self, credentials, client_address=None, caller=None):
        """CredentialsSchema, the client's address -> AccountSessionSchema. Unauthorized (email
        or password wrong), TooManyRequests (throttled: the password is not checked),
        InvalidInput."""
        data = load(c.CredentialsSchema, credentials)
        address = str(client_address)[:100] if client_address else None
        session = accounts.authenticate(
            data["email"], data["password"], address, self.signin_limits, now()
        )
        return c.AccountSessionSchema().dump(session)

    @rpc
    def resolve_session(self, data, caller=None):
        """SessionQuerySchema -> AccountSessionSchema with the person's current roles and
        school. Unauthorized when the person is unknown or the token version is not theirs."""
        query = load(c.SessionQuerySchema, data)
        session = accounts.resolve_session(query["person_id"], query["token_version"])
        return c.AccountSessionSchema().dump(session)

    @rpc
    def resolve_sessions(self, data, caller=None):
        """SessionsQuerySchema -> SessionsResultSchema: ``resolve_session`` for several tokens
        with one store read; each token's Unauthorized is in its own result."""
        queries = load(c.SessionsQuerySchema, data)["sessions"]
        results = [
            {"error": serialize(answer)}
            if isinstance(answer, Exception)
            else {"session": c.AccountSessionSchema().dump(answer)}
            for answer in accounts.resolve_sessions(queries)
        ]
        return c.SessionsResultSchema().dump({"results": results})

    @rpc
    def list_token_versions(self, caller=None):
        """-> TokenVersionsSchema: every account whose tokens were ever revoked, with its
        current token version (a gateway's starting point before ``sessions_revoked``). For
        services (the gateway's own account) only: Forbidden otherwise."""
        permissions.check_is_service(load_caller(caller))
        return c.TokenVersionsSchema().dump({"versions": accounts.token_versions()})

    @rpc
    def calendar_key(self, caller=None):
        """-> CalendarKeySchema: the caller's calendar subscription key (their own only)."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        return c.CalendarKeySchema().dump(calendar_keys.key_of(who.id))

    @rpc
    def renew_calendar_key(self, caller=None):
        """-> CalendarKeySchema: a new key for the caller; older subscription addresses stop
        working."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        return c.CalendarKeySchema().dump(calendar_keys.renew(who.id))

    @rpc
    def calendar_owner(self, data, caller=None):
        """CalendarKeySchema -> AccountSessionSchema: who a subscription address names, while
        its key is theirs (Unauthorized after). For services (the gateway) only."""
        permissions.check_is_service(load_caller(caller))
        query = load(c.CalendarKeySchema, data)
        return c.AccountSessionSchema().dump(calendar_keys.owner(query["person_id"], query["key"]))

    @rpc
    def sign_out(self, caller=None):
        """-> AccountStatusSchema ``{"status": "signed_out"}``: every token of the caller stops
        working."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        answer = accounts.sign_out(who.id, self.correlation_id)
        self._publish(Person, who.id)
        return c.AccountStatusSchema().dump(answer)

    @rpc
    def change_password(self, data, caller=None):
        """PasswordChangeSchema -> AccountStatusSchema ``{"status": "changed"}``; every older
        token stops working.
        InvalidInput (current_password wrong, new_password too short), TooManyRequests."""
        who = load_caller(caller)
        permissions.check_may_act_on_own_account(who)
        body = load(c.PasswordChangeSchema, data)
        answer = accounts.change_password(
            who.id,
            body["current_password"],
            body["new_password"],
            self.signin_limits,
            now(),
            self.correlation_id,
        )
        self._publish(Person, who.id)
        return c.AccountStatusSchema().dump(answer)

    @rpc
    def request_password_reset(self, data, caller=None):
        """PasswordResetRequestSchema -> AccountStatusSchema ``{"status": "requested"}``, whether
        or not anyone has that address. The code goes to the notifications service by a directed
        command (``send_password_reset``), never on a broadcast event; if that fails the answer
        is the same (and logged). Errors: InvalidInput."""
        email = load(c.PasswordResetRequestSchema, data)["email"]
        command = password_reset.request_reset(email, now())
        if command is not None:
            self._send_reset(command)
        return c.AccountStatusSchema().dump({"status": "requested"})

    def _send_reset(self, command: dict) -> None:
        service = Caller.service(c.SERVICE).dump()
        try:
            with eventlet.Timeout(SEND_RESET_SECONDS):
                self.notifications.send_password_reset(command, caller=service)
        except (Exception, eventlet.Timeout) as exc:  # a timeout, the service down or failing
            _log.error(
                "password reset for person %s not sent: %s",
                command["person_id"],
                type(exc).__name__,
            )
            password_reset.undo_request(command["person_id"])

    @rpc
    def reset_password(self, data, caller=None):
        """PasswordResetSchema -> PersonSchema (the password changed, the code spent, every
        token revoked). Errors: InvalidInput (``token`` unknown, used or expired; ``password``
        too short)."""
        data = load(c.PasswordResetSchema, data)
        person = password_reset.reset_password(data["token"], data["password"], now())
        self._publish(Person, person.id)
        accounts.clear_account(person.email)
        return c.PersonSchema().dump(people.person_item(person))

    @timer(interval=3600)
    def forget_quiet_sign_in_counts(self):
        """Hourly: drop sign-in counts nobody touched for a day."""
        accounts.forget_quiet_counts(now())
