"""A login lasts while it is used, within a longest time from the login (accounts/sessions.py).

Before: ``LAGESBILD_SESSION_HOURS`` counted from the login however active the person was, so a
guard who logged in at 21:00 and sent a report at 05:10 met the login page and lost the form.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils.timezone import now

from lagesbild.accounts.sessions import LOGIN_AT, SEEN_AT
from lagesbild.testing import Cast, client_for

pytestmark = pytest.mark.django_db

HOUR = 3600


def _set(client: Client, **values: int) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def _expire_in(client: Client, seconds: int) -> None:
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=now() + timedelta(seconds=seconds))


def _expires_in(client: Client) -> float:
    row = Session.objects.get(session_key=client.session.session_key)
    return row.expire_date.timestamp() - time.time()


def test_a_login_notes_when_it_began(cast: Cast) -> None:
    before = int(time.time())
    session = client_for(cast.anders).session
    assert before <= session[LOGIN_AT] == session[SEEN_AT] <= time.time()


def test_a_used_login_is_renewed_at_most_once_an_hour(cast: Cast) -> None:
    client = client_for(cast.anders)
    started = int(time.time())
    # Seven hours after the login, last renewed seven hours ago: one hour left of eight.
    _set(client, **{LOGIN_AT: started - 7 * HOUR, SEEN_AT: started - 7 * HOUR})
    _expire_in(client, HOUR)
    assert client.get(reverse("home")).status_code == 200
    renewed = client.session[SEEN_AT]
    assert renewed >= started
    assert _expires_in(client) > settings.SESSION_COOKIE_AGE - 60
    # Within the hour the session is not written again.
    _set(client, **{SEEN_AT: renewed - HOUR + 120})
    _expire_in(client, 7 * HOUR)
    client.get(reverse("home"))
    assert client.session[SEEN_AT] == renewed - HOUR + 120
    assert _expires_in(client) < 7 * HOUR + 60


def test_the_night_shift_keeps_its_login_and_its_report(cast: Cast) -> None:
    client = client_for(cast.anders)
    started = int(time.time())
    # Logged in at 21:00, active all night: at 05:10 (8 h 10 min later) still logged in.
    _set(client, **{LOGIN_AT: started - 8 * HOUR - 600, SEEN_AT: started - 1800})
    answer = client.get(reverse("home"))
    assert answer.status_code == 200
    assert answer.wsgi_request.user == cast.anders


def test_a_login_ends_at_its_longest_time_however_active(cast: Cast) -> None:
    client = client_for(cast.anders)
    started = int(time.time())
    _set(client, **{LOGIN_AT: started - settings.SESSION_MAX_AGE, SEEN_AT: started - 60})
    answer = client.get(reverse("home"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("login"))
    assert not answer.wsgi_request.user.is_authenticated
    # Logged out for good: the next request is anonymous too.
    assert client.get(reverse("home")).status_code == 302


def test_a_session_from_before_the_rule_counts_from_its_next_request(cast: Cast) -> None:
    client = client_for(cast.anders)
    session = client.session
    del session[LOGIN_AT]
    del session[SEEN_AT]
    session.save()
    before = int(time.time())
    assert client.get(reverse("home")).status_code == 200
    assert client.session[LOGIN_AT] >= before
