"""Password reset by e-mail: who gets a link, how often one may ask, and sending it.

* **Who.** Active accounts with a password here (Django's ``PasswordResetForm.get_users``): an
  account that signs in through the organisation's login (single sign-on) gets nothing, even
  if an administrator gave it a password too (``may_set_password``), nor does a deactivated one.
* **Nothing revealed.** Every valid request gets the same page, whether or not the address has
  an account. The e-mail is rendered and handed to the mail server in the background, so an
  answer for a known address waits neither for the templates nor for the mail server (a worker
  that stops waits for the thread, which is no daemon; EMAIL_TIMEOUT bounds it).
* **Rate limits.** At most ``address_limit()`` requests an hour for one address and
  ``client_limit()`` from one client, counted in the shared cache under keyed hashes of the
  address and the client's IP (``lagesbild.hourly_counts``, as the public form counts):
  neither is stored as such, and the counters expire after the hour.
  Unknown addresses count like known ones, so the limit reveals nothing either. When the cache
  does not answer, no link is sent (``UNAVAILABLE``, 503; ``organisations.mail_rules``), for
  any address alike.
* **No personal data in logs.** A request writes no audit entry (an entry only for known
  addresses would take measurably longer, and would tell); the address is never logged. Setting
  the new password is audited (``RESET``).
* **Whose password.** A link sets a password only for an active account that does not sign in
  through the organisation's login (``may_set_password``): the confirmation page asks it again,
  so a link that reached such an account some other way (an invitation) sets nothing; a local
  password beside single sign-on would outlive the provider's switching the person off.
* **The link's host.** Links name ``site_root``: LAGESBILD_BASE_URL (or the SAML base URL, the
  same public address) when configured, so a forged Host header never reaches an e-mail; else
  the request's host, which ALLOWED_HOSTS has checked.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lagesbild.audit.services import client_ip
from lagesbild.hourly_counts import HOUR
from lagesbild.organisations.mail_rules import allow_mail, site_root

logger = logging.getLogger(__name__)

RESET = "lagesbild.auth.password_reset"

TOO_MANY = _(
    "Du har bett om för många länkar för att återställa lösenord. För att skydda "
    "e-postlådor mot missbruk tar vi emot ett begränsat antal i timmen: försök igen om en stund, "
    "senast om en timme. Fick du ett e-postmeddelande? Då gäller länken i det."
)

UNAVAILABLE = _(
    "Vi kan inte skicka länkar för att återställa lösenord just nu. Försök igen om en stund."
)

# Threads handing e-mails to the mail server; tests wait for them (finish_sending).
_sending: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def address_limit() -> int:
    return getattr(settings, "LAGESBILD_PASSWORD_RESET_ADDRESS_LIMIT", 3)


def client_limit() -> int:
    return getattr(settings, "LAGESBILD_PASSWORD_RESET_CLIENT_LIMIT", 10)


def allow_request(request: HttpRequest, email: str) -> bool:
    """Count one request for ``email`` from this client; False once either is over its limit,
    ``shared_cache.Unavailable`` when the counts cannot be kept."""
    by_address = allow_mail("password-reset.address", email.strip().casefold(), address_limit())
    by_client = allow_mail("password-reset.client", client_ip(request) or "unknown", client_limit())
    return by_address and by_client


def may_set_password(user: Any) -> bool:
    """Whether a link by e-mail may set this account's password: active, and not signing in
    through the organisation's login (an SSO identity)."""
    return bool(user.is_active) and not user.sso_identities.exists()


def link_context(request: HttpRequest) -> dict[str, str]:
    """The e-mail's ``protocol`` and ``domain`` (Django's reset e-mail context) from
    ``site_root``."""
    parts = urlsplit(site_root(request))
    return {"protocol": parts.scheme, "domain": parts.netloc}


def valid_for() -> str:
    """How long a link works, in words: 'i 24 timmar' (settings.PASSWORD_RESET_TIMEOUT)."""
    hours = max(1, settings.PASSWORD_RESET_TIMEOUT // HOUR)
    return ngettext("%(hours)d timme", "%(hours)d timmar", hours) % {"hours": hours}


def _message(
    templates: tuple[str, str, str | None], context: dict[str, Any], from_email: str | None, to: str
) -> EmailMultiAlternatives:
    subject_template, body_template, html_template = templates
    subject = " ".join(loader.render_to_string(subject_template, context).split())
    body = loader.render_to_string(body_template, context)
    message = EmailMultiAlternatives(subject, body, from_email, [to])
    if html_template is not None:
        message.attach_alternative(loader.render_to_string(html_template, context), "text/html")
    return message


def _deliver(
    templates: tuple[str, str, str | None],
    context: dict[str, Any],
    from_email: str | None,
    to: str,
    language: str,
) -> None:
    """Render the e-mail in the asker's language and send it (in the background thread)."""
    user_pk = context["user"].pk
    try:
        with translation.override(language):
            message = _message(templates, context, from_email, to)
        message.send()
    except Exception:
        # The user's id, never the address (no personal data in the log).
        logger.exception("the password reset e-mail for user %s could not be sent", user_pk)


def finish_sending(timeout: float = 10) -> None:
    """Wait for e-mails still being handed to the mail server (tests read the outbox after)."""
    for thread in list(_sending):
        thread.join(timeout)


class ResetRequestForm(PasswordResetForm):
    """The address to send the link to; the e-mail is rendered and sent in the background."""

    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        help_text=_("Den adress som ditt konto i Lägesbild har."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )

    def get_users(self, email: str) -> Iterator[Any]:
        """Django's (active, with a password here), less those whose password a link may not
        set: an account of single sign-on that an administrator gave a password as well would
        get a link the confirmation page refuses."""
        return (user for user in super().get_users(email) if may_set_password(user))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        templates = (subject_template_name, email_template_name, html_email_template_name)
        thread = threading.Thread(
            target=_deliver,
            args=(templates, context, from_email, to_email, translation.get_language()),
            name="password-reset-mail",
        )
        _sending.add(thread)
        thread.start()
