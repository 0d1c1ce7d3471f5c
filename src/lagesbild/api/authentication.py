"""Who calls the API: a partner system's token (``Authorization: Bearer lb_<prefix>_<secret>``),
a person's read token (``Bearer lbp_<prefix>_<secret>``, ``api/personal.py``), or a person
signed in to the web app whose session has passed two-factor login where required.

All three are the project's default authentication classes (settings.REST_FRAMEWORK), so every
endpoint, present or future, accepts them without naming them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.permissions import SAFE_METHODS

from lagesbild.accounts.twofactor import must_verify
from lagesbild.api.models import ApiToken, PersonalToken
from lagesbild.api.personal import audit_use, authenticate_personal_token, is_personal
from lagesbild.api.services import TokenError, authenticate_token
from lagesbild.organisations.access import may_use_personal_tokens
from lagesbild.organisations.models import Organisation


@dataclass(frozen=True)
class TokenPrincipal:
    """Who calls with a token: an organisation's system, not a person, with the token's scopes."""

    organisation: Organisation
    scopes: frozenset[str]
    token_prefix: str

    # What Django and DRF ask of request.user.
    is_authenticated = True
    is_anonymous = False
    pk = None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def __str__(self) -> str:
        return f"lb_{self.token_prefix} ({self.organisation})"


class OrganisationTokenAuthentication(BaseAuthentication):
    """Authenticate a request by an organisation's API token."""

    keyword = "Bearer"

    def authenticate(self, request) -> tuple[TokenPrincipal, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() != self.keyword.lower():
            return None  # no token at all: the permission check answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Ange nyckeln som 'Authorization: Bearer lb_<prefix>_<hemlighet>'.")
            )
        try:
            token = authenticate_token(parts[1].decode("ascii"))
        except (TokenError, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed(_("Okänd eller återkallad API-nyckel.")) from None
        principal = TokenPrincipal(token.organisation, frozenset(token.scopes), token.prefix)
        return principal, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a request without valid credentials.
        return f'{self.keyword} realm="api"'


def bearer_token(request) -> str | None:
    """Return the raw ``Bearer`` credential of the request, None without one; 401 if garbled."""
    parts = get_authorization_header(request).split()
    if not parts or parts[0].decode("latin-1").lower() != "bearer":
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(
            _("Ange nyckeln som 'Authorization: Bearer lb_<prefix>_<hemlighet>'.")
        )
    try:
        return parts[1].decode("ascii")
    except UnicodeDecodeError:
        raise exceptions.AuthenticationFailed(_("Okänd eller återkallad API-nyckel.")) from None


class PersonalTokenRefused(exceptions.PermissionDenied):
    default_code = "personal_token_refused"


class PersonalTokenAuthentication(BaseAuthentication):
    """Authenticate a request by a person's read token: the request is that person's.

    ``request.user`` is the person, so the endpoint builds their viewer from their current
    memberships, exactly as for their session. Refused: an unknown, revoked or expired token or
    a deactivated person (401); a person who no longer holds a role that may use tokens, and
    every method but GET, HEAD and OPTIONS (403). Each call with a known token is audited.
    """

    keyword = "Bearer"

    def authenticate(self, request) -> tuple[object, PersonalToken] | None:
        raw = bearer_token(request)
        if raw is None or not is_personal(raw):
            return None  # another kind of credential (or none): the other classes answer
        try:
            token = authenticate_personal_token(raw)
        except TokenError:
            raise exceptions.AuthenticationFailed(
                _("Okänd, återkallad eller utgången personlig API-nyckel.")
            ) from None
        user = token.user
        if not user.is_active:
            audit_use(token, request, "inactive user")
            raise exceptions.AuthenticationFailed(
                _("Okänd, återkallad eller utgången personlig API-nyckel.")
            )
        if not may_use_personal_tokens(user):
            audit_use(token, request, "role")
            raise PersonalTokenRefused(
                _(
                    "Personliga API-nycklar används av analytiker, samordnare och "
                    "administratörer; du har inte längre en sådan roll."
                )
            )
        if request.method not in SAFE_METHODS:
            audit_use(token, request, "write")
            raise PersonalTokenRefused(_("En personlig API-nyckel kan bara läsa (GET)."))
        audit_use(token, request)
        return user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class SecondFactorRequired(exceptions.PermissionDenied):
    default_code = "second_factor_required"


class VerifiedSessionAuthentication(SessionAuthentication):
    """The web session, refused (403) while a user who must use two-factor login has not.

    Who must is ``organisations.access.requires_second_factor``; the pages send such a user to
    the code page, the API says so in JSON. Tokens are another authentication and not affected.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and must_verify(result[0]):
            raise SecondFactorRequired(
                _(
                    "Bekräfta inloggningen med tvåstegsverifiering (koden från appen eller en "
                    "reservkod på /logga-in/tvafaktor/) innan du använder API:t med din "
                    "webbinloggning."
                )
            )
        return result
