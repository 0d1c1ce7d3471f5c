"""Typed readers for environment variables that fail loudly on bad values.

Pure helpers (no Django import) so that they can be tested on their own.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "ConfigError",
    "env_bool",
    "env_int",
    "env_list",
    "env_networks",
    "env_rate",
    "env_secret",
    "env_str",
    "env_url",
]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """An environment variable holds a value that cannot be used."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    """Read NAME as a whole number within ``minimum``..``maximum`` when they are given.

    A value out of range is refused at start: a session of 0 hours or a lockout after 0 failed
    logins would otherwise start cleanly and lock everyone out at the first login.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ConfigError(f"{name} must be a whole number {_range(minimum, maximum)}, not {raw!r}")
    return value


def _range(minimum: int | None, maximum: int | None) -> str:
    if maximum is None:
        return f"of at least {minimum}"
    if minimum is None:
        return f"of at most {maximum}"
    return f"from {minimum} to {maximum}"


# REST framework reads only the unit's first letter; the short forms it takes stay valid.
_RATE = re.compile(r"(\d+)\s*/\s*(s|sec|second|m|min|minute|h|hour|d|day)s?", re.IGNORECASE)
_RATE_UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def env_rate(name: str, default: str) -> str:
    """Read NAME as a rate such as ``600/minute`` (per second, minute, hour or day), written
    the way REST framework reads it.

    REST framework reads a rate only when a call arrives: a wrong one ("600 per minute",
    "600/week") started cleanly and then answered every API call with 500.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    match = _RATE.fullmatch(raw.strip())
    if match is None or int(match[1]) < 1:
        raise ConfigError(
            f"{name} must be a number of calls per second, minute, hour or day, "
            f"like 600/minute, not {raw!r}"
        )
    return f"{int(match[1])}/{_RATE_UNITS[match[2][0].lower()]}"


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str) -> str:
    """Read NAME as a site's address alone (``https://lagesbild.kommun.se``), or "" if unset.

    E-mailed links are made of it: ``lagesbild.kommun.se`` without the scheme made every
    invitation and password reset link start with ``://``.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    try:
        parts = urlsplit(raw.rstrip("/"))
        valid = parts.scheme in {"http", "https"} and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is no number
        valid = False
    if not valid or parts.path or parts.query or parts.fragment:
        raise ConfigError(
            f"{name} must be the address alone, like https://lagesbild.kommun.se, not {raw!r}"
        )
    return raw.rstrip("/")


def env_networks(name: str) -> list[str]:
    """Read NAME as comma-separated IP addresses or networks (``10.0.0.5, 172.16.0.0/12``)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                f"{name} holds IP addresses or networks such as 10.0.0.5 or 172.16.0.0/12, "
                f"not {item!r}"
            ) from None
    return networks


def env_file(name: str, suffixes: tuple[str, ...]) -> str:
    """Read NAME as the path of an existing file ending in one of ``suffixes``, or "" if unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    if not raw.lower().endswith(suffixes):
        raise ConfigError(f"{name} must name a {' or '.join(suffixes)} file, not {raw!r}")
    if not Path(raw).is_file():
        raise ConfigError(f"{name} names {raw!r}, which is not a readable file")
    return raw


def env_secret(name: str) -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (Docker/systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"{name}_FILE points at {path!r}, which cannot be read: {exc}"
            ) from None
    return os.environ.get(name, "")
