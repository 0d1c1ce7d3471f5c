"""Create, find and revoke API tokens. Only a secret's SHA-256 is stored; it is shown once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from lagesbild.api.models import ApiToken
from lagesbild.audit.services import log_action
from lagesbild.organisations.models import Organisation

TOKEN_MARK = "lb"
# Writing last_used_at on every call would double a push's writes; a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    """A token is malformed, unknown or revoked."""


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the stored row and the full secret, which is never stored or shown again."""

    token: ApiToken
    secret: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    organisation: Organisation, name: str, scopes: Sequence[str], created_by=None
) -> IssuedToken:
    """Issue a token ``lb_<prefix>_<secret>`` for ``organisation`` with ``scopes``."""
    for _attempt in range(5):  # an 8-hex-digit prefix collides rarely; try again when it does
        prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        token = ApiToken(
            organisation=organisation,
            name=name,
            prefix=prefix,
            token_hash=_hash(secret),
            scopes=sorted(set(scopes)),
            created_by=created_by,
        )
        token.full_clean(exclude=["prefix"])
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError:
            continue
        log_action(
            created_by,
            "lagesbild.api_token.created",
            token,
            {"prefix": prefix, "scopes": token.scopes},
        )
        return IssuedToken(token, f"{TOKEN_MARK}_{prefix}_{secret}")
    raise TokenError("could not find a free token prefix")


def split_token(raw: str) -> tuple[str, str]:
    """Return (prefix, secret) of ``lb_<prefix>_<secret>``."""
    mark, _sep, rest = raw.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if mark != TOKEN_MARK or len(prefix) != 8 or not secret:
        raise TokenError("malformed token")
    return prefix, secret


def authenticate_token(raw: str) -> ApiToken:
    """Return the active token ``raw`` names; raise TokenError when it is unknown or revoked."""
    prefix, secret = split_token(raw)
    token = (
        ApiToken.objects.select_related("organisation__municipality").filter(prefix=prefix).first()
    )
    # compare_digest even for an unknown prefix would not hide more: the prefix is not secret.
    if token is None or not hmac.compare_digest(token.token_hash, _hash(secret)):
        raise TokenError("unknown token")
    if token.revoked_at is not None:
        raise TokenError("revoked token")
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke_token(prefix: str, actor=None) -> ApiToken:
    """Revoke the token with ``prefix`` (also accepts ``lb_<prefix>`` or the whole token)."""
    if prefix.startswith(f"{TOKEN_MARK}_"):
        prefix = prefix.split("_")[1]
    token = ApiToken.objects.filter(prefix=prefix).first()
    if token is None:
        raise TokenError(f"no token with prefix {prefix!r}")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(actor, "lagesbild.api_token.revoked", token, {"prefix": prefix})
    return token
