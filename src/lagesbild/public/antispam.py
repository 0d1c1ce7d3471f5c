"""Keep an anonymous form usable for people and costly for robots, without third-party services.

* **A signed form token.** The form carries a token signed with the app's secret key that names
  the municipality and the moment the form was shown. A submission sooner than
  ``MIN_SECONDS`` after that (no person reads and fills the form that fast) or later than
  ``MAX_SECONDS`` is refused, and a token is spent once a report is stored, so one fetched form
  cannot be replayed.
* **A honeypot.** A text field that the page's stylesheet hides (a CSS class, no inline style:
  CSP). People never see it; form-filling robots tend to fill every field.
* **A link filter.** Texts with web addresses are refused: tips are about places, spam is
  about links. E-mail addresses are not links; the scrubber masks them.
* **Rate limits.** At most ``client_limit()`` submissions an hour from one client and
  ``municipality_limit()`` stored reports an hour per municipality (so a flood cannot bury
  the coordinator's review queue). A client's submission counts when it stored a report or
  was refused as a robot's would be (the honeypot, the token, a link): a person who corrects a
  missing field, a pin outside the districts or a text refused after scrubbing is not held
  back by tips that were never stored, while a robot still cannot probe the checks for free.
  They are counted in Django's cache under a keyed hash
  (HMAC with the secret key) of the client's address and the hour: the address itself is
  never stored, in the cache, the report or the audit log, and the counters expire after the
  hour. The cache is shared by every server process (the database or Redis; settings.py), so
  they count together and a token spent by one (an atomic ``cache.add``) is spent for all.
* **No cache, no tips.** When the cache does not answer (Redis down), neither the limits nor the
  spent tokens can be checked, and the form refuses (``shared_cache.Unavailable``; the page says
  ``UNAVAILABLE`` with 503 and keeps what was typed) rather than store unlimited anonymous tips
  in the coordinator's review queue.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lagesbild.audit.services import client_ip
from lagesbild.hourly_counts import HOUR, count, current, hourly_key
from lagesbild.shared_cache import reaching

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TOKEN_SALT = "lagesbild.public.unsafe-place"

# Words of the form, as a robot sees them; no person fills a field they cannot see.
HONEYPOT_FIELD = "webbplats"

TOO_MANY = _(
    "Vi tar emot ett begränsat antal tips i timmen, för att skydda formuläret mot missbruk. "
    "Försök igen om en stund, senast om en timme."
)

UNAVAILABLE = _(
    "Formuläret kan inte ta emot tips just nu. Försök igen om en stund: det du har skrivit "
    "finns kvar nedan."
)

_LINK = re.compile(
    r"(?i)(?:\b(?:https?|ftp)://|\bwww\.|\[url|<a\s"
    # A bare domain such as example.com/path, but not the domain of an e-mail address.
    r"|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|ru|cn|xyz|top|io|co|se|nu"
    r"|eu|de|uk|online|site|shop|click|link|app)\b(?![@\w-]))"
)


class Rejected(Exception):
    """A submission refused as spam or abuse; ``message`` tells the person what to do."""

    def __init__(self, message: StrOrPromise, *, fresh_token: bool = True) -> None:
        # Raised while the request's language is active: the text in that language.
        self.message = str(message)
        super().__init__(self.message)
        # Whether the form needs a new token (an invalid or spent one) or may keep its own.
        self.fresh_token = fresh_token


class AlreadySent(Rejected):
    """The form's token was spent by a tip already stored: a double tap or a replayed form."""

    def __init__(self) -> None:
        message = _(
            "Formuläret är redan skickat: tipset är mottaget. Fyll i formuläret nedan om du "
            "vill tipsa om en plats till."
        )
        super().__init__(message)


def min_seconds() -> float:
    return getattr(settings, "LAGESBILD_PUBLIC_MIN_SECONDS", 3)


def max_seconds() -> float:
    return getattr(settings, "LAGESBILD_PUBLIC_MAX_SECONDS", 2 * HOUR)


def client_limit() -> int:
    return getattr(settings, "LAGESBILD_PUBLIC_CLIENT_LIMIT", 5)


def municipality_limit() -> int:
    return getattr(settings, "LAGESBILD_PUBLIC_MUNICIPALITY_LIMIT", 200)


# --- the form token -------------------------------------------------------------------------


def issue_token(code: str, issued_at: float | None = None) -> str:
    """Return a signed token for municipality ``code``'s form, shown now (or at ``issued_at``)."""
    at = time.time() if issued_at is None else issued_at
    return signing.dumps({"k": code, "t": at, "n": secrets.token_urlsafe(8)}, salt=TOKEN_SALT)


def check_token(token: str, code: str) -> None:
    """Refuse a token that is forged, for another municipality, too fresh, too old or spent."""
    try:
        max_age = timedelta(seconds=max_seconds())
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise Rejected(_too_old()) from None
    except signing.BadSignature:
        raise Rejected(
            _("Formuläret kunde inte kontrolleras. Fyll i det igen och skicka.")
        ) from None
    age = time.time() - float(data.get("t", 0))
    if data.get("k") != code:
        raise Rejected(_("Formuläret hör till en annan kommun. Fyll i det igen och skicka."))
    if age > max_seconds():
        raise Rejected(_too_old())
    if age < min_seconds():
        raise Rejected(
            _("Formuläret skickades väldigt snabbt. Vänta några sekunder och skicka igen."),
            fresh_token=False,
        )
    with reaching():
        spent = cache.get(_spent_key(token))
    if spent:
        raise AlreadySent


def _too_old() -> StrOrPromise:
    return _(
        "Formuläret har varit öppet för länge (mer än två timmar). Vi har laddat om det: "
        "kontrollera uppgifterna och skicka igen."
    )


def _spent_key(token: str) -> str:
    return "lagesbild.public.spent:" + hashlib.sha256(token.encode()).hexdigest()


def spend_token(token: str) -> None:
    """Mark the token as used; refuse it if another submission spent it first."""
    with reaching():
        added = cache.add(_spent_key(token), True, int(max_seconds()) + 60)
    if not added:
        raise AlreadySent


def check_honeypot(value: str | None) -> None:
    """Refuse a submission that filled the field people cannot see."""
    if value:
        raise Rejected(_("Formuläret kunde inte skickas. Fyll i det igen och skicka."))


def has_link(text: str) -> bool:
    """Tell whether ``text`` holds a web address.

    >>> has_link("Mörkt vid www.exempel.se"), has_link("Se https://x.test")
    (True, True)
    >>> has_link("Mörkt, t.ex. kl. 22.30 vid busshållplatsen.Det är otäckt.")
    False
    >>> has_link("skriv till anna@exempel.se"), has_link("köp billigt på pills.com/now")
    (False, True)
    """
    return bool(_LINK.search(text or ""))


# --- rate limits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    client_key: str
    municipality_key: str


def limits_for(request: HttpRequest, municipality_id: int) -> Limits:
    """Return the cache keys that count this client's and this municipality's submissions
    this hour (the client's address only as a keyed hash: ``hourly_counts``)."""
    return Limits(
        client_key=hourly_key("public.client", client_ip(request) or ""),
        municipality_key=hourly_key("public.municipality", str(municipality_id)),
    )


def over_limit(limits: Limits) -> bool:
    """Tell whether the client or the municipality has used up this hour's submissions."""
    return (
        current(limits.client_key) >= client_limit()
        or current(limits.municipality_key) >= municipality_limit()
    )


def count_attempt(limits: Limits) -> None:
    """Count a submission of the client that stored a report or looked like a robot's.

    Not one refused for the citizen's own correctable mistake (a form error): they may correct
    it and send again without using up the hour.
    """
    count(limits.client_key)


def count_stored(limits: Limits) -> None:
    """Count a report stored for the municipality."""
    count(limits.municipality_key)
