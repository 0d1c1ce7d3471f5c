"""Typed readers for environment variables that fail loudly on bad values.

Pure helpers (no Django import) so that they can be tested on their own.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ConfigError", "env_bool", "env_int", "env_list", "env_secret", "env_str"]

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


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


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
