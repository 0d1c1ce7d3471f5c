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


def sign_at_provider(live_url: str, username: str, next_path: str = "/vecka/") -> SignedAnswer:
    """Click the SAML button, sign in at the provider, and stop at its auto-posting page."""
    session = requests.Session()
    login_page = session.get(f"{live_url}/logga-in/?next={next_path}", timeout=60)
    button = re.search(r'id="saml-login" href="([^"]+)">([^<]+)<', login_page.text)
    assert button, "the login page shows no SAML button"
    assert button.group(2) == f"Logga in med {SAML_PROVIDER_NAME}"
    assert 'name="password"' in login_page.text  # local accounts log in beside it
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
        session,
        html.unescape(action.group(1)),
        _field(page.text, "SAMLResponse"),
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
    user = get_user_model().objects.get(username="kim")
    assert (user.email, user.has_usable_password()) == ("", False)
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (saml_configured.entity_id, "id-kim")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (saml_mapped.kommunen, Role.COORDINATOR)
    assert SsoMembership.objects.get(membership=membership).group == "lb-samordnare"
    actions = set(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert {"lagesbild.sso.user_created", "lagesbild.sso.signed_in"} <= actions


def test_an_encrypted_assertion_is_decrypted_with_the_services_key(
    live_server, saml_configured: TestSamlProvider, saml_mapped
) -> None:
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare", encrypt=True)
    signed = sign_at_provider(live_server.url, "kim")
    assert "EncryptedAssertion" in signed.xml() and "lb-samordnare" not in signed.xml()
    answer = signed.post()
    assert urlsplit(answer.url).path.startswith("/vecka/"), answer.url
    assert ">Granska<" in answer.text


def test_a_group_changed_at_the_provider_changes_the_role_at_the_next_login(
    live_server, saml_configured: TestSamlProvider, saml_mapped
) -> None:
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    assert ">Granska<" in log_in(live_server.url, "kim").text
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-lasare")
    answer = log_in(live_server.url, "kim")
    assert urlsplit(answer.url).path.startswith("/vecka/"), answer.url
    assert "Läsare" in answer.text and ">Granska<" not in answer.text
    membership = Membership.objects.get(user__username="kim")
    assert (membership.role, membership.ends_on) == (Role.READER, None)
    assert get_user_model().objects.filter(sso_identities__subject="id-kim").count() == 1


def test_a_person_without_a_mapped_group_gets_no_access_and_no_account(
    live_server, saml_configured: TestSamlProvider, saml_mapped
) -> None:
    saml_configured.set_user("ulla", SAML_PASSWORD, "ekonomi")
    answer = log_in(live_server.url, "ulla")
    assert answer.status_code == 403
    assert "Ingen behörighet i Lägesbild" in answer.text and "ekonomi" in answer.text
    assert not get_user_model().objects.filter(username__startswith="ulla").exists()
    assert AuditEntry.objects.filter(action="lagesbild.sso.refused").count() == 1
    after = answer.session.get(f"{live_server.url}/vecka/", timeout=60)  # type: ignore[attr-defined]
    assert urlsplit(after.url).path == "/logga-in/"


def _refused(answer: requests.Response) -> bool:
    return answer.status_code == 400 and "Inloggningen misslyckades" in answer.text


def _reasons(caplog: pytest.LogCaptureFixture) -> str:
    """What Lägesbild logged as the reason of each refusal (the live server logs it)."""
    return " | ".join(r.getMessage() for r in caplog.records if r.name == "lagesbild.sso.saml")


def test_an_altered_response_is_refused_with_a_clear_page(
    live_server, saml_configured: TestSamlProvider, saml_mapped, caplog
) -> None:
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-lasare")
    signed = sign_at_provider(live_server.url, "kim")
    assert ">lb-lasare<" in signed.xml()
    raised = signed.xml().replace(">lb-lasare<", ">lb-samordnare<")
    assert _refused(signed.post(base64.b64encode(raised.encode()).decode()))
    assert "Failed to verify signature" in _reasons(caplog)
    assert not get_user_model().objects.filter(username="kim").exists()
    # The same answer untouched still logs in: it was the change that was refused.
    assert urlsplit(signed.post().url).path.startswith("/vecka/")


def test_an_unsigned_response_is_refused_with_a_clear_page(
    live_server, saml_configured: TestSamlProvider, saml_mapped, caplog
) -> None:
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    signed = sign_at_provider(live_server.url, "kim")
    signatures = re.compile(r"<(\w+:)?Signature[ >].*?</(\w+:)?Signature>", re.DOTALL)
    unsigned, count = signatures.subn("", signed.xml())
    assert count == 2  # the response's and the assertion's
    assert _refused(signed.post(base64.b64encode(unsigned.encode()).decode()))
    assert "Signature missing for assertion" in _reasons(caplog)
    assert not get_user_model().objects.filter(username="kim").exists()


def test_a_replayed_response_is_refused_in_the_same_browser_and_in_another(
    live_server, saml_configured: TestSamlProvider, saml_mapped, caplog
) -> None:
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    signed = sign_at_provider(live_server.url, "kim")
    assert urlsplit(signed.post().url).path.startswith("/vecka/")
    # Its request is answered: the same response again is refused, even by the same browser.
    assert _refused(signed.post())
    # Another browser, which never asked: unsolicited, refused.
    elsewhere = SignedAnswer(
        requests.Session(), signed.action, signed.saml_response, signed.relay_state
    )
    assert _refused(elsewhere.post())
    # An attacker's own pending request does not make someone else's response theirs.
    attacker = requests.Session()
    attacker.get(f"{live_server.url}/logga-in/saml/", timeout=60)
    hijack = SignedAnswer(attacker, signed.action, signed.saml_response, signed.relay_state)
    assert _refused(hijack.post())
    assert _reasons(caplog).count("Unsolicited response") == 3


def test_a_response_meant_for_another_service_is_refused(
    live_server, saml_configured: TestSamlProvider, saml_mapped, settings, caplog
) -> None:
    # Lägesbild asked as one service (entity id); the response's audience is that service.
    # Answered to a service with another entity id (say a staging copy at the same address),
    # the audience does not match, though signature, destination and request all do.
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    signed = sign_at_provider(live_server.url, "kim")
    settings.LAGESBILD_SAML_SP_ENTITY_ID = "https://annan-tjanst.example.se/saml/"
    assert _refused(signed.post())
    assert "AudienceRestrictions conditions not satisfied" in _reasons(caplog)
    assert not get_user_model().objects.filter(username="kim").exists()


def test_a_post_without_a_response_or_with_garbage_is_refused_with_a_clear_page(
    live_server, saml_configured: TestSamlProvider, saml_mapped
) -> None:
    session = requests.Session()
    acs = f"{live_server.url}{ACS_PATH}"
    assert _refused(session.post(acs, data={"RelayState": "/vecka/"}, timeout=60))
    assert _refused(session.post(acs, data={"SAMLResponse": "not base64 !"}, timeout=60))
    junk = base64.b64encode(b"<samlp:Response>").decode()
    assert _refused(session.post(acs, data={"SAMLResponse": junk}, timeout=60))
    assert session.get(acs, timeout=60).status_code == 405


def test_without_trusting_the_providers_mfa_a_coordinator_is_asked_for_the_own_code(
    live_server, saml_configured: TestSamlProvider, saml_mapped, settings
) -> None:
    settings.LAGESBILD_SAML_TRUST_IDP_MFA = False
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    answer = log_in(live_server.url, "kim")
    assert urlsplit(answer.url).path == "/logga-in/tvafaktor/ny/", answer.url


def test_the_service_metadata_names_the_entity_the_acs_and_the_certificate(
    live_server, saml_configured: TestSamlProvider
) -> None:
    answer = requests.get(f"{live_server.url}/logga-in/saml/metadata/", timeout=60)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/samlmetadata+xml")
    assert f'entityID="{live_server.url}/logga-in/saml/metadata/"' in answer.text
    assert f'Location="{live_server.url}{ACS_PATH}"' in answer.text
    assert "HTTP-POST" in answer.text and "X509Certificate" in answer.text


def test_signed_requests_are_checked_by_the_provider(
    live_server, saml_configured: TestSamlProvider, saml_mapped, settings
) -> None:
    settings.LAGESBILD_SAML_SIGN_REQUESTS = True
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    session = requests.Session()
    started = session.get(
        f"{live_server.url}/logga-in/saml/?next=/vecka/", allow_redirects=False, timeout=60
    )
    location = started.headers["Location"]
    assert "&Signature=" in location and "SigAlg=" in location
    assert session.get(location, timeout=60).status_code == 200  # the provider's login form
    forged = re.sub(r"Signature=[^&]+", "Signature=" + "A" * 344, location)
    refused = session.get(forged, timeout=60)
    assert refused.status_code == 400
    assert "Request was not signed correctly" in refused.text, refused.text
    # And the whole login still goes through, signed.
    assert urlsplit(log_in(live_server.url, "kim").url).path.startswith("/vecka/")


def test_refused_saml_logins_lock_nobody_out(
    live_server, saml_configured: TestSamlProvider, saml_mapped, settings
) -> None:
    # As for OpenID Connect: password guessing is the provider's to stop.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    saml_configured.set_user("ulla", SAML_PASSWORD, "ekonomi")
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    for _ in range(3):
        assert log_in(live_server.url, "ulla").status_code == 403
    answer = log_in(live_server.url, "kim")
    assert urlsplit(answer.url).path.startswith("/vecka/"), answer.url
