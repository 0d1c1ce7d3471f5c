"""Behind a reverse proxy the lockout, the rate limits and the audit log see the client.

gunicorn gives every request the proxy's address; the shipped compose file runs it behind
Caddy. Before ``LAGESBILD_TRUSTED_PROXIES`` five wrong passwords from anywhere locked a user out
for everyone (django-axes counted the username at the proxy's address), and the audit log named
the proxy. And a client's own ``X-Forwarded-For`` was REST framework's idea of its address, so a
new one for each call escaped the API's limit on refused calls.
"""

from __future__ import annotations

import ipaddress

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from lagesbild.accounts.signals import LOCKED_OUT
from lagesbild.audit.models import AuditEntry
from lagesbild.testing import PASSWORD, Cast
from lagesbild.web.proxies import forwarded_client

LOGIN = reverse("login")
PROXY = "10.0.0.2"
PROXIES = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("fd00::/8")]


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),  # the proxy names the client
        ("10.0.0.2", "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # left of it: the client's own
        ("10.0.0.2", "203.0.113.5, 10.0.0.7", "203.0.113.5"),  # two proxies of ours
        ("10.0.0.2", "fd00::9, 2001:db8::5", "2001:db8::5"),
        ("10.0.0.2", "10.0.0.8", "10.0.0.8"),  # only proxies: the farthest
        ("10.0.0.2", "203.0.113.5, not-an-address", "10.0.0.2"),  # nothing unreadable believed
        ("192.0.2.4", "203.0.113.5", "192.0.2.4"),  # not through a trusted proxy: as it came
    ],
)
def test_the_client_is_the_last_address_before_a_trusted_proxy(
    remote: str, forwarded: str, client: str
) -> None:
    assert forwarded_client(remote, forwarded, PROXIES) == client


@pytest.fixture
def behind_proxy(settings) -> None:
    settings.AXES_ENABLED = True
    settings.LAGESBILD_TRUSTED_PROXIES = ["10.0.0.0/24"]


def through_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def test_a_stranger_behind_the_proxy_cannot_lock_a_user_out(cast: Cast, behind_proxy) -> None:
    stranger = through_proxy("203.0.113.66")
    for _ in range(5):
        stranger.post(LOGIN, {"username": "cecilia", "password": "gissning"})
    assert stranger.post(LOGIN, {"username": "cecilia", "password": PASSWORD}).status_code == 429
    own = through_proxy("198.51.100.7").post(LOGIN, {"username": "cecilia", "password": PASSWORD})
    assert own.status_code == 302
    entries = AuditEntry.objects.filter(action=LOCKED_OUT).values_list("ip_address", flat=True)
    assert set(entries) == {"203.0.113.66"}


def test_without_trusted_proxies_a_forwarded_address_changes_nothing(cast: Cast, settings) -> None:
    settings.AXES_ENABLED = True
    for forged in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"):
        Client(REMOTE_ADDR="192.0.2.30", HTTP_X_FORWARDED_FOR=forged).post(
            LOGIN, {"username": "cecilia", "password": "gissning"}
        )
    again = Client(REMOTE_ADDR="192.0.2.30", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert again.post(LOGIN, {"username": "cecilia", "password": PASSWORD}).status_code == 429


def test_a_forged_forwarded_address_does_not_escape_the_apis_limit(cast: Cast, settings) -> None:
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"api": "600/minute", "api_anon": "3/minute"}
    }
    statuses = [
        Client(REMOTE_ADDR="192.0.2.40", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        .get("/api/v1/reports/")
        .status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_the_admin_answers_only_the_listed_networks_and_the_rest_of_the_site_everyone(
    cast: Cast, behind_proxy, settings
) -> None:
    settings.LAGESBILD_ADMIN_NETWORKS = ["192.168.0.0/16", "10.0.0.0/24"]
    admin = User.objects.create_superuser("drift", password=PASSWORD)
    inside, outside = Client(REMOTE_ADDR="192.168.4.20"), Client(REMOTE_ADDR="203.0.113.5")
    for client in (inside, outside):
        client.force_login(admin)
    assert inside.get("/admin/").status_code == 200
    page = outside.get("/admin/auth/user/")
    assert page.status_code == 404 and "<html" in page.content.decode()  # the site's own page
    assert outside.get("/admin/login/").status_code == 404
    assert outside.get(reverse("home")).status_code == 200
    # Behind the proxy, the forwarded client decides, not the proxy's own address.
    assert through_proxy("203.0.113.5").get("/admin/login/").status_code == 404
    assert through_proxy("192.168.4.20").get("/admin/login/").status_code == 200
