"""The test provider's claims: the user's Django groups as ``groups``, the username as
``preferred_username``."""

from __future__ import annotations

from typing import Any


def add_groups(id_token: dict[str, Any], user: Any, **kwargs: Any) -> dict[str, Any]:
    id_token["groups"] = sorted(user.groups.values_list("name", flat=True))
    return id_token


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["preferred_username"] = user.username
    return claims
