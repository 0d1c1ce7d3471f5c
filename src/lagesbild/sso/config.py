"""Single sign-on settings read from the environment (docs/configuration.md, "Single sign-on").

Pure (no Django import): ``settings.py`` calls ``oidc_settings`` and ``saml_settings`` once, and
the tests call them with the addresses of the providers they start. OpenID Connect is off while
LAGESBILD_OIDC_CLIENT_ID is empty, SAML while no provider metadata is named; once one is on,
everything it needs must be set too.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
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


# SAML 2.0 (djangosaml2 with pysaml2): off while no identity provider metadata is named.
SAML_BACKEND = "lagesbild.sso.saml.SamlBackend"
ACS_PATH = "/logga-in/saml/svar/"
METADATA_PATH = "/logga-in/saml/metadata/"

SAML_OFF: dict[str, Any] = {
    "LAGESBILD_SAML_ENABLED": False,
    "LAGESBILD_SAML_PROVIDER_NAME": "",
    "LAGESBILD_SAML_IDP_METADATA_URL": "",
    "LAGESBILD_SAML_IDP_METADATA_FILE": "",
    "LAGESBILD_SAML_IDP_ENTITY_ID": "",
    "LAGESBILD_SAML_BASE_URL": "",
    "LAGESBILD_SAML_SP_ENTITY_ID": "",
    "LAGESBILD_SAML_SP_KEY_FILE": "",
    "LAGESBILD_SAML_SP_CERT_FILE": "",
    "LAGESBILD_SAML_SIGN_REQUESTS": False,
    "LAGESBILD_SAML_WANT_RESPONSE_SIGNED": False,
    "LAGESBILD_SAML_USER_ID_ATTRIBUTE": "",
    "LAGESBILD_SAML_EMAIL_ATTRIBUTE": "",
    "LAGESBILD_SAML_GROUPS_ATTRIBUTE": "",
    "LAGESBILD_SAML_TRUST_IDP_MFA": True,
}


def _text(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()


def saml_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return our Django settings for SAML 2.0 login (``saml.sp_config`` makes pysaml2's).

    SAML is on once LAGESBILD_SAML_IDP_METADATA_URL or _FILE names the identity provider; it then
    needs Lägesbild's public address. Key and certificate come as a pair or not at all.
    """
    url = _text(environ, "LAGESBILD_SAML_IDP_METADATA_URL")
    file = _text(environ, "LAGESBILD_SAML_IDP_METADATA_FILE")
    if not url and not file:
        return dict(SAML_OFF)
    if url and file:
        raise SsoConfigError(
            "Set LAGESBILD_SAML_IDP_METADATA_URL or LAGESBILD_SAML_IDP_METADATA_FILE, not both"
        )
    if url and not url.startswith(("https://", "http://")):
        raise SsoConfigError(f"LAGESBILD_SAML_IDP_METADATA_URL must be an http(s) URL: {url!r}")
    base_url = _text(environ, "LAGESBILD_SAML_BASE_URL").rstrip("/")
    if not base_url.startswith(("https://", "http://")):
        raise SsoConfigError(
            "SAML login needs LAGESBILD_SAML_BASE_URL, Lägesbild's public address "
            "(https://lagesbild.kommun.se)"
        )
    key = _text(environ, "LAGESBILD_SAML_SP_KEY_FILE")
    cert = _text(environ, "LAGESBILD_SAML_SP_CERT_FILE")
    if bool(key) != bool(cert):
        raise SsoConfigError(
            "Set both LAGESBILD_SAML_SP_KEY_FILE and LAGESBILD_SAML_SP_CERT_FILE, or neither"
        )
    for name, value in (
        ("LAGESBILD_SAML_IDP_METADATA_FILE", file),
        ("LAGESBILD_SAML_SP_KEY_FILE", key),
        ("LAGESBILD_SAML_SP_CERT_FILE", cert),
    ):
        if value and not Path(value).is_file():
            raise SsoConfigError(f"{name} names {value!r}, which is not a readable file")
    sign_requests = _flag(environ, "LAGESBILD_SAML_SIGN_REQUESTS", False)
    if sign_requests and not key:
        raise SsoConfigError("LAGESBILD_SAML_SIGN_REQUESTS needs LAGESBILD_SAML_SP_KEY_FILE")
    return {
        "LAGESBILD_SAML_ENABLED": True,
        "LAGESBILD_SAML_PROVIDER_NAME": _text(environ, "LAGESBILD_SAML_PROVIDER_NAME") or "SAML",
        "LAGESBILD_SAML_IDP_METADATA_URL": url,
        "LAGESBILD_SAML_IDP_METADATA_FILE": file,
        "LAGESBILD_SAML_IDP_ENTITY_ID": _text(environ, "LAGESBILD_SAML_IDP_ENTITY_ID"),
        "LAGESBILD_SAML_BASE_URL": base_url,
        "LAGESBILD_SAML_SP_ENTITY_ID": _text(environ, "LAGESBILD_SAML_SP_ENTITY_ID")
        or base_url + METADATA_PATH,
        "LAGESBILD_SAML_SP_KEY_FILE": key,
        "LAGESBILD_SAML_SP_CERT_FILE": cert,
        "LAGESBILD_SAML_SIGN_REQUESTS": sign_requests,
        "LAGESBILD_SAML_WANT_RESPONSE_SIGNED": _flag(
            environ, "LAGESBILD_SAML_WANT_RESPONSE_SIGNED", False
        ),
        # Empty: the subject's NameID is the user id.
        "LAGESBILD_SAML_USER_ID_ATTRIBUTE": _text(environ, "LAGESBILD_SAML_USER_ID_ATTRIBUTE"),
        "LAGESBILD_SAML_EMAIL_ATTRIBUTE": _text(environ, "LAGESBILD_SAML_EMAIL_ATTRIBUTE")
        or "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "LAGESBILD_SAML_GROUPS_ATTRIBUTE": _text(environ, "LAGESBILD_SAML_GROUPS_ATTRIBUTE")
        or "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
        "LAGESBILD_SAML_TRUST_IDP_MFA": _flag(environ, "LAGESBILD_SAML_TRUST_IDP_MFA", True),
    }
