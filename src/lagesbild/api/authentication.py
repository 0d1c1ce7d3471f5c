"""Who calls the API: a partner system's token (``Authorization: Bearer lb_<prefix>_<secret>``),
or a person signed in to the web app whose session has passed two-factor login where required."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)

from lagesbild.accounts.twofactor import must_verify
from lagesbild.api.models import ApiToken
from lagesbild.api.services import TokenError, authenticate_token
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
