"""Redis down: no page or API call answers 500 (``lagesbild.shared_cache`` says what each does).

The shared cache is a real Redis cache on a loopback port where nothing listens, with the
production settings' options (settings.REDIS_CACHE).
"""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from lagesbild.accounts.password_reset import finish_sending
from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.organisations.models import Membership
from lagesbild.public.tests.conftest import form_data
from lagesbild.reports.models import Report
from lagesbild.testing import Cast, client_for
from lagesbild.testing_servers import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings) -> None:
    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.REDIS_CACHE, "LOCATION": nowhere},
    }


def test_the_api_answers_uncounted_and_the_outage_is_logged_once(
    cast: Cast, redis_down: None, client, caplog
) -> None:
    secret = create_token(cast.bevakning, "Partnersystem", [Scope.READ]).secret
    headers = {"Authorization": f"Bearer {secret}"}
    with caplog.at_level(logging.INFO, logger="lagesbild.shared_cache"):
        for _ in range(2):
            assert client.get("/api/v1/reports/", headers=headers).status_code == 200
    [warning] = [r for r in caplog.records if r.name == "lagesbild.shared_cache"]
    assert warning.levelname == "WARNING" and warning.exc_info is None
    assert warning.getMessage().startswith("shared cache not reachable (ConnectionError: ")


def test_the_public_form_refuses_tips_and_keeps_what_was_typed(
    cast: Cast, redis_down: None, client
) -> None:
    cast.municipality.public_page_enabled = True
    cast.municipality.save()
    # The figures are a copy in the cache: computed without it.
    assert client.get(reverse("public-page", args=["0999"])).status_code == 200
    data = form_data()
    response = client.post(reverse("public-unsafe-place", args=["0999"]), data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "Formuläret kan inte ta emot tips just nu." in page
    assert data["description"] in page and data["place_text"] in page
    assert data["token"] in page  # unspent: the same form may be sent again later
    assert not Report.objects.exists()


def test_no_password_reset_link_is_sent(cast: Cast, redis_down: None, client) -> None:
    cast.anders.email = "anders@polisen.example"
    cast.anders.save()
    response = client.post(reverse("password-reset"), {"email": "anders@polisen.example"})
    finish_sending()
    assert response.status_code == 503
    page = response.content.decode()
    assert "Vi kan inte skicka länkar för att återställa lösenord just nu." in page
    assert 'value="anders@polisen.example"' in page
    assert not mail.outbox


def test_the_member_page_sends_no_invitation_and_says_so(cast: Cast, redis_down: None) -> None:
    # No password and never logged in: the person awaits an invitation.
    person = get_user_model().objects.create_user("ny", email="ny@exempel.se")
    membership = Membership.objects.create(user=person, organisation=cast.bostad, role="reporter")
    response = client_for(cast.cecilia).post(
        reverse("member-invite", args=[membership.pk]), follow=True
    )
    assert response.status_code == 200
    assert "E-post kan inte skickas från sidan just nu" in response.content.decode()
    assert not mail.outbox


def test_the_workers_status_loop_does_not_reach_for_the_shared_cache(redis_down: None) -> None:
    # django-q2's Sentinel saves the cluster's status every few seconds through its broker;
    # kept in the shared cache, that was an ERROR twice a second while Redis was down.
    from django_q.brokers import get_broker

    broker = get_broker()
    broker.set_stat("django_q:lagesbild:cluster", "running", 3)
    assert broker.get_stat("django_q:lagesbild:cluster") == "running"
