"""SAML 2.0 login through djangosaml2, with pysaml2 (and Debian's xmlsec1) running the protocol.

The libraries build the AuthnRequest, check the response's and the assertion's signatures against
the identity provider's metadata, its destination, audience, lifetime and that it answers a
request this browser made (replays and unsolicited responses are refused). Here: the pysaml2
configuration from the LAGESBILD_SAML_* settings, the attributes become a ``ProviderIdentity``
for ``services.sign_in`` (the same group mapping as OpenID Connect), and every failure ends on a
page that says what happened, never a 500.
"""

from __future__ import annotations

import copy
import functools
import logging
import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import saml2
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from djangosaml2.backends import Saml2Backend
from djangosaml2.exceptions import IdPConfigurationMissing
from djangosaml2.views import AssertionConsumerServiceView, LoginView, MetadataView
from saml2 import xmldsig
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_TRANSIENT

from lagesbild.sso import outcome
from lagesbild.sso.config import ACS_PATH, SAML_OFF
from lagesbild.sso.services import NoMappedGroup, ProviderIdentity, sign_in

logger = logging.getLogger(__name__)

ATTRIBUTE_NAMES = Path(__file__).resolve().parent / "saml_attribute_names"
# The provider's metadata is fetched once an hour, not at every login.
METADATA_MAX_AGE = 3600.0


class ProviderUnavailable(Exception):
    """The identity provider's metadata cannot be read: nobody can log in through it now."""


def sp_config_dict(values: Mapping[str, Any], with_provider: bool = True) -> dict[str, Any]:
    """pysaml2's configuration of Lägesbild as a service provider, from LAGESBILD_SAML_* values.

    ``with_provider=False`` leaves out the provider's metadata (to publish our own without it).
    """
    config: dict[str, Any] = {
        "entityid": values["LAGESBILD_SAML_SP_ENTITY_ID"],
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "attribute_map_dir": str(ATTRIBUTE_NAMES),
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Lägesbild",
                "endpoints": {
                    "assertion_consumer_service": [
                        (values["LAGESBILD_SAML_BASE_URL"] + ACS_PATH, saml2.BINDING_HTTP_POST)
                    ],
                },
                "allow_unsolicited": False,  # a response must answer this browser's request
                "authn_requests_signed": values["LAGESBILD_SAML_SIGN_REQUESTS"],
                # Entra ID and ADFS sign the assertion by default, not the whole response.
                "want_assertions_signed": True,
                "want_response_signed": values["LAGESBILD_SAML_WANT_RESPONSE_SIGNED"],
                "signing_algorithm": xmldsig.SIG_RSA_SHA256,
                "digest_algorithm": xmldsig.DIGEST_SHA256,
            }
        },
    }
    if values["LAGESBILD_SAML_SP_KEY_FILE"]:
        pair = {
            "key_file": values["LAGESBILD_SAML_SP_KEY_FILE"],
            "cert_file": values["LAGESBILD_SAML_SP_CERT_FILE"],
        }
        config.update(pair)
        # Published in our metadata for encryption too: ADFS then encrypts the assertion.
        config["encryption_keypairs"] = [pair]
    if with_provider:
        if values["LAGESBILD_SAML_IDP_METADATA_URL"]:
            remote = {"url": values["LAGESBILD_SAML_IDP_METADATA_URL"]}
            config["metadata"] = {"remote": [remote]}
        else:
            config["metadata"] = {"local": [values["LAGESBILD_SAML_IDP_METADATA_FILE"]]}
    return config


def _current_values() -> dict[str, Any]:
    return {name: getattr(settings, name) for name in SAML_OFF}


_loaded: dict[tuple, tuple[float, SPConfig]] = {}


def sp_config(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's SAML_CONFIG_LOADER: the configuration with the provider's metadata, kept
    for METADATA_MAX_AGE seconds per set of settings."""
    values = _current_values()
    key = tuple(sorted(values.items()))
    cached = _loaded.get(key)
    if cached is not None and time.monotonic() - cached[0] < METADATA_MAX_AGE:
        return cached[1]
    config = SPConfig()
    try:
        config.load(copy.deepcopy(sp_config_dict(values)))
    except Exception as exc:  # pysaml2 raises many kinds for a provider it cannot read
        raise ProviderUnavailable(str(exc)) from exc
    _loaded.clear()
    _loaded[key] = (time.monotonic(), config)
    return config


def _first(values: Any) -> str:
    if isinstance(values, list) and values and isinstance(values[0], str):
        return values[0].strip()
    return ""


def identity_of(session_info: Mapping[str, Any]) -> ProviderIdentity:
    """Read who logs in from the verified assertion's subject and attributes."""
    attributes: Mapping[str, Any] = session_info.get("ava") or {}
    issuer = session_info.get("issuer") or ""
    expected = settings.LAGESBILD_SAML_IDP_ENTITY_ID
    if expected and issuer != expected:
        raise SuspiciousOperation(f"SAML assertion from {issuer!r}, not the configured provider")
    id_attribute = settings.LAGESBILD_SAML_USER_ID_ATTRIBUTE
    if id_attribute:
        subject = _first(attributes.get(id_attribute))
    else:
        name_id = session_info.get("name_id")
        if getattr(name_id, "format", None) == NAMEID_FORMAT_TRANSIENT:
            # A new id at every login would make a new user each time.
            raise SuspiciousOperation("transient NameID and no LAGESBILD_SAML_USER_ID_ATTRIBUTE")
        subject = (getattr(name_id, "text", "") or "").strip()
    if not issuer or not subject:
        raise SuspiciousOperation("SAML assertion without an issuer or a user id")
    groups = attributes.get(settings.LAGESBILD_SAML_GROUPS_ATTRIBUTE) or []
    return ProviderIdentity(
        issuer=issuer,
        subject=subject,
        username=_first(attributes.get(settings.LAGESBILD_SAML_EMAIL_ATTRIBUTE)) or subject,
        groups=frozenset(group for group in groups if isinstance(group, str) and group),
    )


class SamlBackend(Saml2Backend):
    """Users of the provider's subjects, with the memberships their groups give."""

    def authenticate(
        self,
        request: HttpRequest | None,
        session_info: dict | None = None,
        attribute_mapping: dict | None = None,
        create_unknown_user: bool = True,
        assertion_info: dict | None = None,
        **kwargs: Any,
    ):
        if request is None or session_info is None:
            return None  # not a SAML login
        try:
            return sign_in(identity_of(session_info), request=request)
        except NoMappedGroup as refusal:
            setattr(request, outcome.REFUSAL, refusal)
        except SuspiciousOperation as exc:
            logger.warning("SAML login refused: %s", exc)
        return None


def _provider() -> str:
    return settings.LAGESBILD_SAML_PROVIDER_NAME


def _when_enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Without the provider's metadata the SAML login does not exist (404); a provider whose
    metadata cannot be read gives a page saying so (503), not a 500."""

    @functools.wraps(view)  # keeps djangosaml2's csrf_exempt on the answer's view
    def enabled_only(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LAGESBILD_SAML_ENABLED:
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except (ProviderUnavailable, IdPConfigurationMissing) as exc:
            logger.error("SAML identity provider unavailable: %s", exc)
            return outcome.failure_page(request, _provider(), status=503)

    return enabled_only


class SamlLoginView(LoginView):
    """Send the browser to the provider with an AuthnRequest (djangosaml2)."""

    config_loader_path = "lagesbild.sso.saml.sp_config"


class SamlResponseView(AssertionConsumerServiceView):
    """The provider's answer arrives here (HTTP-POST binding)."""

    config_loader_path = "lagesbild.sso.saml.sp_config"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "SAMLResponse" not in request.POST:
            return outcome.failure_page(request, _provider())
        return super().post(request)

    def handle_acs_failure(
        self, request: HttpRequest, exception: Exception | None = None, status: int = 403, **kwargs
    ) -> HttpResponse:
        refusal = outcome.refusal_of(request)
        if refusal is not None:
            return outcome.no_access_page(request, _provider(), refusal)
        # A forged, altered, unsigned, replayed or expired response, or one for another service.
        logger.warning("SAML login refused: %r", exception)
        return outcome.failure_page(request, _provider())

    def post_login_hook(self, request: HttpRequest, user: Any, session_info: dict) -> None:
        if settings.LAGESBILD_SAML_TRUST_IDP_MFA:
            outcome.confirm_second_factor(request, user, _provider())


class SamlMetadataView(MetadataView):
    """Lägesbild's metadata as a service provider, for the provider's administrator."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        config = SPConfig()
        config.load(copy.deepcopy(sp_config_dict(_current_values(), with_provider=False)))
        metadata = entity_descriptor(config)
        return HttpResponse(str(metadata).encode(), content_type="application/samlmetadata+xml")


login = _when_enabled(SamlLoginView.as_view())
response = _when_enabled(SamlResponseView.as_view())
metadata = _when_enabled(SamlMetadataView.as_view())
