"""The username of an account that signs in through an identity provider.

Made from what the provider calls the person (preferred_username, or the e-mail attribute /
UPN): of an address only the part before the @, so that no account keeps an address and audit
entries, which name their actor by username, hold none. A name a local account already has gets
a suffix from the subject's hash: the provider can never log in to a local account.

``drop_addresses`` gives the accounts made before that rule (2026-12-06) such a name; the
migration ``sso.0002`` runs it once. Both take the user model as an argument, so the migration
can pass its historical one.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

USERNAME_LENGTH = 100
_NOT_IN_USERNAME = re.compile(r"[^\w.+-]")


def username_for(wished: str, issuer: str, subject: str, User: Any) -> str:
    """A free, valid username for the provider's ``wished`` name of ``issuer``'s ``subject``."""
    digest = hashlib.sha256(f"{issuer} {subject}".encode()).hexdigest()
    local = wished.rpartition("@")[0] if "@" in wished else wished
    name = _NOT_IN_USERNAME.sub("", local)[:USERNAME_LENGTH] or f"sso-{digest[:12]}"
    if not User.objects.filter(username__iexact=name).exists():
        return name
    return f"{name[: USERNAME_LENGTH - 9]}-{digest[:8]}"


def drop_addresses(User: Any, SsoIdentity: Any) -> int:
    """Rename every account with a provider identity whose username is an address; return
    how many. Local accounts are left as they are (their username is their owner's choice)."""
    renamed = 0
    identities = (
        SsoIdentity.objects.filter(user__username__contains="@")
        .select_related("user")
        .order_by("user_id", "pk")
    )
    done: set[int] = set()
    for identity in identities:
        if identity.user_id in done:
            continue
        done.add(identity.user_id)
        new = username_for(identity.user.username, identity.issuer, identity.subject, User)
        User.objects.filter(pk=identity.user_id).update(username=new)
        renamed += 1
    return renamed
