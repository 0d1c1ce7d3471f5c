"""Single sign-on settings read from the environment (docs/configuration.md, "Single sign-on").

Pure (no Django import): ``settings.py`` calls ``oidc_settings`` once, and the tests call it with
the addresses of the OpenID Connect provider they start. OpenID Connect is off while
LAGESBILD_OIDC_CLIENT_ID is empty; once it is set, every address it needs must be set too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OIDC_BACKEND = "lagesbild.sso.oidc.OidcBackend"

# The provider's addresses: without them there is nothing to log in with.
REQUIRED = (
    "LAGESBILD_OIDC_ISSUER",
    "LAGESBILD_OIDC_AUTHORIZATION_ENDPOINT",
    "LAGESBILD_OIDC_TOKEN_ENDPOINT",
    "LAGESBILD_OIDC_JWKS_ENDPOINT",
)


# Our own names, set also when the login is off (the library's OIDC_* only when it is on).
OFF: dict[str, Any] = {
    "LAGESBILD_OIDC_ENABLED": False,
    "LAGESBILD_OIDC_CLIENT_ID": "",
    "LAGESBILD_OIDC_PROVIDER_NAME": "",
    "LAGESBILD_OIDC_ISSUER": "",
    "LAGESBILD_OIDC_GROUPS_CLAIM": "groups",
    "LAGESBILD_OIDC_USERNAME_CLAIM": "preferred_username",
    "LAGESBILD_OIDC_TRUST_IDP_MFA": True,
}


class SsoConfigError(ValueError):
    """The single sign-on variables are incomplete or hold a value that cannot be used."""


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SsoConfigError(f"{name} must be true or false, not {raw!r}")


def oidc_settings(environ: Mapping[str, str], client_secret: str = "") -> dict[str, Any]:
    """Return the Django settings for OpenID Connect login (mozilla-django-oidc's and ours).

    ``client_secret`` is read by the caller (it may come from a file); the rest from ``environ``.
    With no client id the result switches the login off and names no provider.
    """
    client_id = environ.get("LAGESBILD_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        return dict(OFF)
    missing = [name for name in REQUIRED if not environ.get(name, "").strip()]
    if not client_secret:
        missing.append("LAGESBILD_OIDC_CLIENT_SECRET (or LAGESBILD_OIDC_CLIENT_SECRET_FILE)")
    if missing:
        raise SsoConfigError(
            "LAGESBILD_OIDC_CLIENT_ID is set, so OpenID Connect login needs: " + ", ".join(missing)
        )
    algorithm = environ.get("LAGESBILD_OIDC_SIGN_ALGO", "RS256").strip()
    if not algorithm.startswith(("RS", "ES", "PS")):
        # A shared-secret signature (HS256) would let anyone holding the secret forge tokens.
        raise SsoConfigError(f"LAGESBILD_OIDC_SIGN_ALGO must be RS*, ES* or PS*, not {algorithm!r}")
    scopes = environ.get("LAGESBILD_OIDC_SCOPES", "").strip() or "openid profile"
    if "openid" not in scopes.split():
        raise SsoConfigError("LAGESBILD_OIDC_SCOPES must contain openid")
    return {
        "LAGESBILD_OIDC_ENABLED": True,
        "LAGESBILD_OIDC_CLIENT_ID": client_id,
        "LAGESBILD_OIDC_PROVIDER_NAME": environ.get("LAGESBILD_OIDC_PROVIDER_NAME", "").strip()
        or "organisationens konto",
        "LAGESBILD_OIDC_ISSUER": environ["LAGESBILD_OIDC_ISSUER"].strip(),
        "LAGESBILD_OIDC_GROUPS_CLAIM": environ.get("LAGESBILD_OIDC_GROUPS_CLAIM", "").strip()
        or "groups",
        "LAGESBILD_OIDC_USERNAME_CLAIM": environ.get("LAGESBILD_OIDC_USERNAME_CLAIM", "").strip()
        or "preferred_username",
        "LAGESBILD_OIDC_TRUST_IDP_MFA": _flag(environ, "LAGESBILD_OIDC_TRUST_IDP_MFA", True),
        # mozilla-django-oidc's own names.
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": client_secret,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": environ["LAGESBILD_OIDC_AUTHORIZATION_ENDPOINT"].strip(),
        "OIDC_OP_TOKEN_ENDPOINT": environ["LAGESBILD_OIDC_TOKEN_ENDPOINT"].strip(),
        # Optional: Entra ID puts the groups in the ID token and needs no userinfo call.
        "OIDC_OP_USER_ENDPOINT": environ.get("LAGESBILD_OIDC_USERINFO_ENDPOINT", "").strip(),
        "OIDC_OP_JWKS_ENDPOINT": environ["LAGESBILD_OIDC_JWKS_ENDPOINT"].strip(),
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_RP_SCOPES": scopes,
        "OIDC_USE_PKCE": _flag(environ, "LAGESBILD_OIDC_USE_PKCE", True),
        "OIDC_TIMEOUT": 30,
        "OIDC_CREATE_USER": True,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc-callback",
    }
