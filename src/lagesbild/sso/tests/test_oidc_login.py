"""Logging in through a real OpenID Connect provider started in this test run.

The provider is django-oidc-provider in a Django project of its own (``lagesbild.testing_idp``)
under gunicorn in another process; Lägesbild is the live server, configured with the variables an
operator would set (``TestProvider.environ``). A ``requests`` session plays the browser: it
follows every redirect between the two hosts (localhost and 127.0.0.1, so the cookies stay
apart), fills in the provider's login form and lands where Lägesbild sends it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from lagesbild.organisations.models import Membership, Role
from lagesbild.sso.models import SsoIdentity, SsoMembership
from lagesbild.testing import PASSWORD as PASSWORD_OF_CAST
from lagesbild.testing_sso import CALLBACK, PASSWORD, PROVIDER_NAME, TestProvider

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(live_url: str, username: str, next_path: str = "/vecka/") -> requests.Response:
    """Click "Logga in med …", sign in at the provider, and follow Lägesbild's answer."""
    session = requests.Session()
    login_page = session.get(f"{live_url}/logga-in/?next={next_path}", timeout=60)
    button = re.search(r'id="sso-login" href="([^"]+)"', login_page.text)
    assert button, "the login page shows no provider button"
    form = session.get(live_url + button.group(1).replace("&amp;", "&"), timeout=60)
    assert urlsplit(form.url).path == "/login/", form.url  # the provider's own login page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    following = re.search(r'name="next" value="([^"]+)"', form.text)
    assert token and following
    fields = {
        "csrfmiddlewaretoken": token.group(1),
        "next": following.group(1).replace("&amp;", "&"),
        "username": username,
        "password": PASSWORD,
    }
    answer = session.post(form.url, data=fields, timeout=60)
    answer.session = session  # type: ignore[attr-defined]
    return answer


def test_a_coordinator_group_lands_on_the_weekly_page_as_coordinator(
    live_server, configured: TestProvider, mapped
) -> None:
    configured.set_user("kim", PASSWORD, "lb-samordnare", "ej-kopplad")
    answer = log_in(live_server.url, "kim")
    assert answer.status_code == 200
    assert urlsplit(answer.url).path.startswith("/vecka/"), answer.url
    # The role the group gives, and no code asked: the provider's login is the second factor.
    assert "Samordnare" in answer.text and ">Granska<" in answer.text
    user = get_user_model().objects.get(username="kim")
    assert (user.email, user.first_name, user.last_name, user.has_usable_password()) == (
        "",
        "",
        "",
        False,
    )
    identity = SsoIdentity.objects.get(user=user)
    assert identity.issuer == configured.issuer
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (mapped.kommunen, Role.COORDINATOR)
    assert SsoMembership.objects.get(membership=membership).group == "lb-samordnare"
    # The API takes the session as confirmed too (it refuses unconfirmed coordinators with 403).
    api = answer.session.get(f"{live_server.url}/api/v1/districts/", timeout=60)  # type: ignore[attr-defined]
    assert api.status_code == 200, api.text


def test_a_group_changed_at_the_provider_changes_the_role_at_the_next_login(
    live_server, configured: TestProvider, mapped
) -> None:
    configured.set_user("kim", PASSWORD, "lb-samordnare")
    assert ">Granska<" in log_in(live_server.url, "kim").text
    configured.set_user("kim", PASSWORD, "lb-lasare")
    answer = log_in(live_server.url, "kim")
    assert urlsplit(answer.url).path.startswith("/vecka/"), answer.url
    assert "Läsare" in answer.text and ">Granska<" not in answer.text
    membership = Membership.objects.get(user__username="kim")
    assert (membership.role, membership.ends_on) == (Role.READER, None)


def test_a_person_without_a_mapped_group_gets_no_access_and_a_page_saying_so(
    live_server, configured: TestProvider, mapped
) -> None:
    configured.set_user("ulla", PASSWORD, "ekonomi")
    answer = log_in(live_server.url, "ulla")
    assert answer.status_code == 403
    assert "Ingen behörighet i Lägesbild" in answer.text and "ekonomi" in answer.text
    assert not get_user_model().objects.filter(username="ulla").exists()
    after = answer.session.get(f"{live_server.url}/vecka/", timeout=60)  # type: ignore[attr-defined]
    assert urlsplit(after.url).path == "/logga-in/"


def test_a_forged_state_a_forged_code_and_a_replayed_answer_fail_with_a_clear_page(
    live_server, configured: TestProvider, mapped
) -> None:
    configured.set_user("kim", PASSWORD, "lb-samordnare")
    session = requests.Session()
    started = session.get(f"{live_server.url}/logga-in/oidc/", allow_redirects=False, timeout=60)
    state = parse_qs(urlsplit(started.headers["Location"]).query)["state"][0]
    forged_state = session.get(f"{live_server.url}{CALLBACK}?code=abc&state=forged", timeout=60)
    assert forged_state.status_code == 400
    assert "Inloggningen misslyckades" in forged_state.text
    # The state is this browser's, but the provider never issued the code.
    forged_code = session.get(f"{live_server.url}{CALLBACK}?code=abc&state={state}", timeout=60)
    assert forged_code.status_code == 400
    assert "Inloggningen misslyckades" in forged_code.text
    # A real answer, replayed after it was used: its state is spent.
    answer = log_in(live_server.url, "kim")
    assert urlsplit(answer.url).path.startswith("/vecka/")
    callback = next(r for r in answer.history if urlsplit(r.url).path == CALLBACK)
    replayed = answer.session.get(callback.url, timeout=60)  # type: ignore[attr-defined]
    assert replayed.status_code == 400
    assert "Inloggningen misslyckades" in replayed.text
    # Cancelled at the provider: an error instead of a code.
    cancelled = session.get(f"{live_server.url}{CALLBACK}?error=access_denied", timeout=60)
    assert cancelled.status_code == 400


def test_local_accounts_keep_working_and_the_provider_cannot_take_one_over(
    live_server, configured: TestProvider, mapped
) -> None:
    session = requests.Session()
    page = session.get(f"{live_server.url}/logga-in/", timeout=60)
    assert f"Logga in med {PROVIDER_NAME}" in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    fields = {
        "csrfmiddlewaretoken": token.group(1),
        "username": "rut",
        "password": PASSWORD_OF_CAST,
    }
    local = session.post(f"{live_server.url}/logga-in/", data=fields, timeout=60)
    assert urlsplit(local.url).path == "/" and "Inloggad som rut" in local.text
    # The provider's "rut" is another person: a user of their own, not the local account.
    configured.set_user("rut", PASSWORD, "lb-samordnare")
    answer = log_in(live_server.url, "rut")
    assert re.search(r"Inloggad som rut-[0-9a-f]{8} ", answer.text), answer.text[-2000:]
    local_rut = get_user_model().objects.get(username="rut")
    assert not SsoIdentity.objects.filter(user=local_rut).exists()
    assert list(Membership.objects.filter(user=local_rut).values_list("role", flat=True)) == [
        Role.READER
    ]


def test_without_trusting_the_providers_mfa_a_coordinator_is_asked_for_the_own_code(
    live_server, configured: TestProvider, mapped, settings
) -> None:
    settings.LAGESBILD_OIDC_TRUST_IDP_MFA = False
    configured.set_user("kim", PASSWORD, "lb-samordnare")
    answer = log_in(live_server.url, "kim")
    assert urlsplit(answer.url).path == "/logga-in/tvafaktor/ny/", answer.url


def test_refused_logins_through_the_provider_lock_nobody_out(
    live_server, configured: TestProvider, mapped, settings
) -> None:
    # Password guessing is the provider's to stop; a person with no mapped group trying again
    # must not lock their colleagues behind the same address out of the provider's button.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    configured.set_user("ulla", PASSWORD, "ekonomi")
    configured.set_user("kim", PASSWORD, "lb-samordnare")
    for _ in range(3):
        assert log_in(live_server.url, "ulla").status_code == 403
    answer = log_in(live_server.url, "kim")
    assert urlsplit(answer.url).path.startswith("/vecka/"), answer.url
