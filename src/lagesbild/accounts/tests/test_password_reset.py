"""A partner who forgot the password asks for a link by e-mail (konto/aterstall/)."""

from __future__ import annotations

import logging
import re
import threading

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.accounts import password_reset
from lagesbild.accounts.password_reset import RESET, finish_sending
from lagesbild.audit.models import AuditEntry
from lagesbild.sso.models import SsoIdentity
from lagesbild.testing import PASSWORD, Cast

pytestmark = pytest.mark.django_db

ASK = reverse("password-reset")
SENT = reverse("password-reset-done")
COMPLETE = reverse("password-reset-complete")
LOGIN = reverse("login")
WEEK = reverse("week", args=["2024-W37"])
NEW = "ett-nytt-langt-losenord-2026"
LINK = re.compile(r"https?://[^/\s]+(/konto/aterstall/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    cache.clear()  # the rate limits count in the shared cache


@pytest.fixture
def addresses(cast: Cast) -> Cast:
    """anders has a password here; cecilia's account is switched off; sara signs in only
    through the organisation's login (no password here)."""
    for user, email in (
        (cast.anders, "anders@polisen.example"),
        (cast.cecilia, "cecilia@kommunen.example"),
        (cast.sara, "sara@bevakning.example"),
    ):
        user.email = email
        user.save()
    cast.cecilia.is_active = False
    cast.cecilia.save()
    cast.sara.set_unusable_password()
    cast.sara.save()
    SsoIdentity.objects.create(user=cast.sara, issuer="https://idp.example", subject="s-1")
    return cast


def ask_for_link(email: str, client: Client | None = None, **extra):
    response = (client or Client()).post(ASK, {"email": email}, **extra)
    finish_sending()
    return response


def main_of(response) -> str:
    """The page's main part (the footer's language form has a CSRF token of its own)."""
    return response.content.decode().split('<main id="main">')[1].split("</main>")[0]


def link_in(message: mail.EmailMessage) -> str:
    match = LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def set_new_password(link: str, client: Client | None = None, new: str = NEW):
    client = client or Client()
    form = client.get(link)  # Django swaps the token for one in the session: a redirect
    assert form.status_code == 302, form.status_code
    return client.post(form["Location"], {"new_password1": new, "new_password2": new})


def test_an_active_local_account_gets_the_link_and_nobody_else_and_all_see_the_same(
    addresses: Cast,
) -> None:
    answers = {}
    for email in (
        "anders@polisen.example",
        "ingen@okand.example",
        "cecilia@kommunen.example",
        "sara@bevakning.example",
    ):
        response = ask_for_link(email)
        assert response.status_code == 302, email
        answers[email] = (response["Location"], main_of(Client().get(response["Location"])))
    assert answers["anders@polisen.example"][0] == SENT
    assert len(set(answers.values())) == 1  # the same redirect and the same page for all four
    assert [m.to for m in mail.outbox] == [["anders@polisen.example"]]

    message = mail.outbox[0]
    assert "Lägesbild" in message.subject and "testserver" in message.subject
    assert "anders" in message.body and "Lägesbild på testserver" in message.body
    assert "Länken gäller i 24 timmar" in message.body
    assert isinstance(message, mail.EmailMultiAlternatives)  # text and HTML
    html, kind = message.alternatives[0]
    assert kind == "text/html" and link_in(message) in str(html)


def test_the_case_of_the_address_does_not_matter(addresses: Cast) -> None:
    ask_for_link("Anders@Polisen.EXAMPLE")
    assert [m.to for m in mail.outbox] == [["anders@polisen.example"]]


def test_the_link_sets_the_password_audited_and_logs_nothing_personal(
    addresses: Cast, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    ask_for_link("anders@polisen.example")
    done = set_new_password(link_in(mail.outbox[0]))
    assert done.status_code == 302 and done["Location"] == COMPLETE
    assert "Logga in med ditt nya lösenord" in Client().get(COMPLETE).content.decode()
    assert Client().login(username="anders", password=NEW)
    assert not Client().login(username="anders", password=PASSWORD)

    entry = AuditEntry.objects.get(action=RESET)
    assert entry.actor == addresses.anders and entry.object_id == str(addresses.anders.pk)
    # Asking for the link writes nothing; no entry and no log line holds the address.
    for written in AuditEntry.objects.all():
        assert "polisen.example" not in repr(written.__dict__)
    assert "polisen.example" not in caplog.text


def test_a_used_or_wrong_link_says_so_without_an_error(addresses: Cast) -> None:
    ask_for_link("anders@polisen.example")
    link = link_in(mail.outbox[0])
    set_new_password(link)
    uid = link.split("/")[3]
    for bad in (
        link,  # used already: the password it was made for has changed
        f"/konto/aterstall/{uid}/fel-token/",
        "/konto/aterstall/inte-en-uid/abc-123/",
    ):
        page = Client().get(bad, follow=True)
        html = page.content.decode()
        assert page.status_code == 200, bad
        assert "Länken fungerar inte" in html and 'name="new_password1"' not in html
        assert f'href="{ASK}"' in html
    assert AuditEntry.objects.filter(action=RESET).count() == 1


def test_the_new_password_follows_the_same_rules_as_the_change_form(addresses: Cast) -> None:
    ask_for_link("anders@polisen.example")
    refused = set_new_password(link_in(mail.outbox[0]), new="kort")
    assert refused.status_code == 200 and "för kort" in refused.content.decode()
    assert 'aria-invalid="true"' in refused.content.decode()
    assert not AuditEntry.objects.filter(action=RESET).exists()
    assert Client().login(username="anders", password=PASSWORD)


def test_the_rate_limit_counts_per_address_and_per_client(addresses: Cast, settings) -> None:
    settings.LAGESBILD_PASSWORD_RESET_ADDRESS_LIMIT = 2
    settings.LAGESBILD_PASSWORD_RESET_CLIENT_LIMIT = 4
    for _ in range(2):
        assert ask_for_link("anders@polisen.example", REMOTE_ADDR="192.0.2.1").status_code == 302
    # From another address too: the mailbox is what the limit protects.
    refused = ask_for_link("anders@polisen.example", REMOTE_ADDR="192.0.2.2")
    assert refused.status_code == 429
    assert "för många länkar" in refused.content.decode()
    assert len(mail.outbox) == 2
    # An unknown address is refused just the same: the limit tells nothing either.
    for _ in range(2):
        ask_for_link("ingen@okand.example", REMOTE_ADDR="192.0.2.3")
    assert ask_for_link("ingen@okand.example", REMOTE_ADDR="192.0.2.3").status_code == 429
    # One client asking for many addresses.
    for n in range(4):
        assert ask_for_link(f"x{n}@okand.example", REMOTE_ADDR="192.0.2.9").status_code == 302
    assert ask_for_link("x9@okand.example", REMOTE_ADDR="192.0.2.9").status_code == 429


def test_the_new_password_lifts_the_login_lockout(addresses: Cast, settings) -> None:
    settings.AXES_ENABLED = True
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "anders", "password": "fel-lösenord"})
    assert client.post(LOGIN, {"username": "anders", "password": PASSWORD}).status_code == 429
    ask_for_link("anders@polisen.example")
    set_new_password(link_in(mail.outbox[0]))
    assert client.post(LOGIN, {"username": "anders", "password": NEW}).status_code == 302


def test_after_a_reset_the_second_factor_is_still_asked(addresses: Cast, settings) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    TOTPDevice.objects.create(user=addresses.anders, name="app", confirmed=True)
    client = Client()
    ask_for_link("anders@polisen.example", client)
    set_new_password(link_in(mail.outbox[0]), client)
    # Not signed in by the reset: the week is behind the login, and then behind the code.
    assert client.get(WEEK)["Location"].startswith(LOGIN)
    assert client.login(username="anders", password=NEW)
    assert client.get(WEEK)["Location"].startswith(reverse("two-factor"))


@pytest.mark.parametrize("who", [None, "anders", "cecilia", "nemo"])
def test_the_pages_need_no_login_and_show_nothing_of_anyone(addresses: Cast, who) -> None:
    client = Client()
    if who is not None:
        client.force_login(getattr(addresses, who))
    pages = [ASK, SENT, COMPLETE, "/konto/aterstall/MQ/fel-token/"]
    for url in pages:
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200, url
        assert ".example" not in html and f'href="{LOGIN}"' in html, url
    answer = client.post(ASK, {"email": "anders@polisen.example"}, follow=True)
    assert answer.redirect_chain == [(SENT, 302)]
    assert "anders@polisen.example" not in answer.content.decode()
    invalid = client.post(ASK, {"email": "inte en adress"})
    assert invalid.status_code == 200 and "giltig" in invalid.content.decode()


def test_the_login_and_lockout_pages_link_to_the_reset(cast: Cast, settings) -> None:
    assert f'href="{ASK}">Glömt lösenordet?' in Client().get(LOGIN).content.decode()
    settings.AXES_ENABLED = True
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(LOGIN, {"username": "anders", "password": "fel-lösenord"})
    assert locked.status_code == 429 and f'href="{ASK}"' in locked.content.decode()


def test_in_english(addresses: Cast) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    assert "Forgot your password?" in client.get(LOGIN).content.decode()
    assert "Reset password" in client.get(ASK).content.decode()
    ask_for_link("anders@polisen.example", client)
    assert "Check your e-mail" in client.get(SENT).content.decode()
    body = mail.outbox[0].body
    assert "The link is valid for 24 hours" in body, body


# --- as an attacker would use the link: accounts it must not touch, after it should have
# stopped working, a forged Host header --------------------------------------------------


def link_for(user) -> str:
    """A link as the reset e-mail or an invitation would carry it."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/konto/aterstall/{uid}/{default_token_generator.make_token(user)}/"


def refuses(link: str) -> bool:
    html = Client().get(link, follow=True).content.decode()
    return "Länken fungerar inte" in html and 'name="new_password1"' not in html


def test_a_link_sets_no_password_on_an_account_of_single_sign_on(addresses: Cast) -> None:
    """sara signs in through the organisation's login: a local password beside it would
    outlive the provider's switching her off. Whatever link reaches her, it sets nothing."""
    sara = addresses.sara
    assert refuses(link_for(sara))
    sara.refresh_from_db()
    assert not sara.has_usable_password()


def test_a_link_sets_no_password_on_a_switched_off_account(addresses: Cast) -> None:
    cecilia = addresses.cecilia  # is_active=False
    link = link_for(cecilia)
    assert refuses(link)
    cecilia.refresh_from_db()
    assert cecilia.check_password(PASSWORD)


def test_a_link_stops_working_after_a_login_or_a_password_change(addresses: Cast) -> None:
    ask_for_link("anders@polisen.example")
    ask_for_link("anders@polisen.example")
    after_login, after_change = (link_in(message) for message in mail.outbox)
    assert Client().login(username="anders", password=PASSWORD)
    assert refuses(after_login)

    anders = addresses.anders
    anders.refresh_from_db()
    anders.set_password("ett-annat-langt-losenord-7")
    anders.save()
    ask_for_link("anders@polisen.example")
    fresh = link_in(mail.outbox[-1])
    anders.set_password("ett-tredje-langt-losenord-8")
    anders.save()
    assert refuses(fresh) and refuses(after_change)


def test_the_e_mail_names_the_configured_site_not_the_host_header(
    addresses: Cast, settings
) -> None:
    """A Host header that ALLOWED_HOSTS lets through still never reaches the e-mail."""
    settings.ALLOWED_HOSTS = ["testserver", "elak.example"]
    settings.LAGESBILD_BASE_URL = "https://lagesbild.kommun.example"
    ask_for_link("anders@polisen.example", HTTP_HOST="elak.example")
    (message,) = mail.outbox
    assert "elak.example" not in str(message.body) + message.subject
    assert "https://lagesbild.kommun.example/konto/aterstall/" in str(message.body)
    assert isinstance(message, mail.EmailMultiAlternatives)
    html, _kind = message.alternatives[0]
    assert "elak.example" not in str(html)
    found = LINK.search(str(message.body))
    assert found is not None
    assert set_new_password(found.group(1)).status_code == 302
    assert Client().login(username="anders", password=NEW)


def test_a_known_address_is_answered_without_rendering_its_e_mail(
    addresses: Cast, monkeypatch
) -> None:
    """The answer for a known address must not take measurably longer than for an unknown one:
    the templates are rendered in the background thread with the e-mail (in the asker's
    language: test_in_english)."""
    rendered_in: list[threading.Thread] = []
    render = password_reset.loader.render_to_string

    def recording(*args, **kwargs):
        rendered_in.append(threading.current_thread())
        return render(*args, **kwargs)

    monkeypatch.setattr(password_reset.loader, "render_to_string", recording)
    ask_for_link("anders@polisen.example")
    assert rendered_in and threading.main_thread() not in rendered_in
    assert threading.current_thread() not in rendered_in
    (message,) = mail.outbox
    assert "Lägesbild" in message.subject and link_in(message)


def test_the_new_password_signs_out_every_session_of_the_account(addresses: Cast) -> None:
    """Whoever was signed in with the old password (someone who guessed it) is signed out."""
    intruder = Client()
    assert intruder.login(username="anders", password=PASSWORD)
    assert intruder.get(WEEK).status_code != 302
    ask_for_link("anders@polisen.example")
    set_new_password(link_in(mail.outbox[0]))
    answer = intruder.get(WEEK)
    assert answer.status_code == 302 and answer["Location"].startswith(LOGIN)


def test_an_account_of_single_sign_on_with_a_password_as_well_gets_no_link(
    addresses: Cast,
) -> None:
    """An administrator gave sara a password beside her organisation's login: no link is sent
    (the confirmation would refuse it), and the answer is the same as for anyone."""
    addresses.sara.set_password("ett-losenord-fran-admin-9")
    addresses.sara.save()
    response = ask_for_link("sara@bevakning.example")
    assert response.status_code == 302 and response["Location"] == SENT
    assert not mail.outbox
