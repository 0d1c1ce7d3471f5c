"""Personal read tokens: create, list, revoke and authenticate; every use is audited.

A personal token (``lbp_<prefix>_<secret>``) stands for its person: the API builds the person's
viewer from their memberships at each call (``organisations.access.viewer_for``), so an ended
membership or a deactivated account takes effect at once. It only reads (GET, HEAD, OPTIONS);
``api/authentication.py`` refuses every other method. Only the secret's SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from lagesbild.api.models import PersonalToken
from lagesbild.api.services import LAST_USED_RESOLUTION, TokenError
from lagesbild.audit.services import log_action

PERSONAL_MARK = "lbp"
# The lifetimes offered on the page, in days; a year at most, so a forgotten token dies.
LIFETIMES = (30, 90, 365)
USED = "lagesbild.personal_token.used"


@dataclass(frozen=True)
class IssuedPersonalToken:
    """A new token and its full secret, which is never stored or shown again."""

    token: PersonalToken
    secret: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def personal_tokens(user) -> QuerySet[PersonalToken]:
    """Return ``user``'s tokens, newest first (revoked and expired ones included)."""
    return PersonalToken.objects.filter(user=user).order_by("-created_at", "-pk")


def create_personal_token(user, name: str, days: int, request=None) -> IssuedPersonalToken:
    """Issue a token for ``user`` that expires in ``days`` days (one of LIFETIMES)."""
    if days not in LIFETIMES:
        raise ValueError(f"lifetime must be one of {LIFETIMES}")
    expires_at = timezone.now() + timedelta(days=days)
    for _attempt in range(5):  # an 8-hex-digit prefix collides rarely; try again when it does
        prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        token = PersonalToken(
            user=user, name=name, prefix=prefix, token_hash=_hash(secret), expires_at=expires_at
        )
        token.full_clean(exclude=["prefix", "user"])
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError:
            continue
        detail = {"prefix": prefix, "expires_at": expires_at.isoformat()}
        log_action(user, "lagesbild.personal_token.created", token, detail, request)
        return IssuedPersonalToken(token, f"{PERSONAL_MARK}_{prefix}_{secret}")
    raise TokenError("could not find a free token prefix")


def revoke_personal_token(user, pk: int, request=None) -> PersonalToken | None:
    """Revoke ``user``'s token ``pk``; None when they have no such token (another's included)."""
    token = PersonalToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        return None
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(
            user, "lagesbild.personal_token.revoked", token, {"prefix": token.prefix}, request
        )
    return token


def is_personal(raw: str) -> bool:
    """Whether ``raw`` has the form of a personal token (so the organisation check skips it)."""
    return raw.startswith(f"{PERSONAL_MARK}_")


def authenticate_personal_token(raw: str) -> PersonalToken:
    """Return the token ``raw`` names if it is known, not revoked and not expired; else raise
    TokenError. Whether its person may still use it is the caller's next question."""
    mark, _sep, rest = raw.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if mark != PERSONAL_MARK or len(prefix) != 8 or not secret:
        raise TokenError("malformed token")
    token = PersonalToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, _hash(secret)):
        raise TokenError("unknown token")
    if not token.is_active_at(timezone.now()):
        raise TokenError("revoked or expired token")
    _touch(token)
    return token


def _touch(token: PersonalToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def audit_use(token: PersonalToken, request, refused: str = "") -> None:
    """Record one call made with ``token``: who, which token, which endpoint (and a refusal)."""
    detail = {"prefix": token.prefix, "method": request.method, "path": request.path}
    if refused:
        detail["refused"] = refused
    log_action(token.user, USED, token, detail, request)
