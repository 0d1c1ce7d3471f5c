"""The coordinator's switch /offentlig/installningar/: publish or withdraw the page, audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.areas.models import Municipality
from lagesbild.audit.models import AuditEntry
from lagesbild.testing import Cast, client_for

pytestmark = pytest.mark.django_db

URL = reverse("public-settings")


def enabled(code: str = "0999") -> bool:
    return Municipality.objects.get(code=code).public_page_enabled


def test_a_coordinator_publishes_and_withdraws_the_page_and_each_change_is_audited(
    cast: Cast,
) -> None:
    client = client_for(cast.cecilia)
    html = client.get(URL).content.decode()
    assert "Publicera sidan för Exempeltorp" in html and "Annanstad" not in html

    response = client.post(URL, {"kommun": "0999", "enabled": "1"}, follow=True)
    assert response.status_code == 200
    assert "Den publika sidan för Exempeltorp är publicerad." in response.content.decode()
    assert enabled()
    assert Client().get(reverse("public-page", args=["0999"])).status_code == 200

    client.post(URL, {"kommun": "0999", "enabled": "0"})
    assert not enabled()
    assert Client().get(reverse("public-page", args=["0999"])).status_code == 404

    entries = AuditEntry.objects.filter(action="lagesbild.municipality.public_page_changed")
    details = [e.detail for e in entries.order_by("pk")]
    assert details == [{"enabled": True, "previous": False}, {"enabled": False, "previous": True}]
    assert {e.actor for e in entries} == {cast.cecilia}


@pytest.mark.parametrize("username", ["anders", "sara", "rut", "nemo"])
def test_everyone_but_a_coordinator_or_admin_is_refused(cast: Cast, username: str) -> None:
    client = client_for(getattr(cast, username))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kommun": "0999", "enabled": "1"}).status_code == 403
    assert not enabled()


def test_an_anonymous_visitor_is_sent_to_log_in(cast: Cast) -> None:
    response = Client().post(URL, {"kommun": "0999", "enabled": "1"})
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    assert not enabled()


def test_another_municipality_is_404_and_nonsense_is_400(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    assert client.post(URL, {"kommun": "0998", "enabled": "1"}).status_code == 404
    assert not enabled("0998")
    response = client.post(URL, {"kommun": "abc", "enabled": "maybe"})
    assert response.status_code == 400
    assert "Ange kommunen" in response.content.decode()
