"""Logging in through a real SAML 2.0 identity provider started in this test run.

The provider is pysaml2's ``Server`` in a small WSGI application of its own
(``lagesbild.testing_samlidp``) under gunicorn in another process, signing its responses and
assertions with a key made at the start of the session; Lägesbild is the live server, configured
with the variables an operator would set (``TestSamlProvider.environ``). A ``requests`` session
plays the browser: it follows the redirect to the provider (HTTP-Redirect binding), fills in its
login form, posts the signed response the provider's page carries to Lägesbild's ACS (HTTP-POST
binding) and follows Lägesbild's answer.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.models import Membership, Role
from lagesbild.sso.config import ACS_PATH
from lagesbild.sso.models import SsoIdentity, SsoMembership
from lagesbild.testing_saml import SAML_PASSWORD, SAML_PROVIDER_NAME, TestSamlProvider

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@dataclass
class SignedAnswer:
    """The provider's page with the signed response, before the browser posts it on."""

    session: requests.Session
    action: str
    saml_response: str
    relay_state: str

    def post(self, saml_response: str | None = None) -> requests.Response:
        fields = {
            "SAMLResponse": self.saml_response if saml_response is None else saml_response,
            "RelayState": self.relay_state,
        }
        return self.session.post(self.action, data=fields, timeout=60)

    def xml(self) -> str:
        return base64.b64decode(self.saml_response).decode("utf-8")


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} in:\n{page[:2000]}"
    return html.unescape(found.group(1))


def sign_at_provider(
    live_url: str, username: str, next_path: str = "/vecka/", session: requests.Session | None = None
) -> SignedAnswer:
    """Click the SAML button, sign in at the provider, and stop at its auto-posting page."""
    session = session or requests.Session()
    login_page = session.get(f"{live_url}/logga-in/?next={next_path}", timeout=60)
    button = re.search(r'id="saml-login" href="([^"]+)"', login_page.text)
    assert button, "the login page shows no SAML button"
    form = session.get(live_url + html.unescape(button.group(1)), timeout=60)
    assert urlsplit(form.url).path == "/sso/", form.url  # the provider's login page
    assert form.status_code == 200, form.text
    fields = {
        "SAMLRequest": _field(form.text, "SAMLRequest"),
        "RelayState": _field(form.text, "RelayState"),
        "username": username,
        "password": SAML_PASSWORD,
    }
    page = session.post(form.url, data=fields, timeout=60)
    assert page.status_code == 200, page.text
    action = re.search(r'<form action="([^"]+)" method="post">', page.text)
    assert action, page.text[:2000]
    return SignedAnswer(
        session, html.unescape(action.group(1)), _field(page.text, "SAMLResponse"),
        _field(page.text, "RelayState"),
    )


def log_in(live_url: str, username: str, next_path: str = "/vecka/") -> requests.Response:
    answer = sign_at_provider(live_url, username, next_path)
    landed = answer.post()
    landed.session = answer.session  # type: ignore[attr-defined]
    return landed


def test_a_coordinator_group_lands_on_the_weekly_page_as_coordinator(
    live_server, saml_configured: TestSamlProvider, saml_mapped
) -> None:
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare", "ej-kopplad")
    answer = log_in(live_server.url, "kim")
    assert answer.status_code == 200, answer.text[-3000:]
    assert urlsplit(answer.url).path.startswith("/vecka/"), answer.url
    assert "Samordnare" in answer.text and ">Granska<" in answer.text
    user = get_user_model().objects.get(username="kim@testkommun.se")
    assert (user.email, user.has_usable_password()) == ("", False)
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (saml_configured.entity_id, "id-kim")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (saml_mapped.kommunen, Role.COORDINATOR)
    assert SsoMembership.objects.get(membership=membership).group == "lb-samordnare"
    actions = set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert {"lagesbild.sso.user_created", "lagesbild.sso.signed_in"} <= actions
