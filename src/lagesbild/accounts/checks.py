"""A deployment check: production without the second factor is a choice to be named.

``LAGESBILD_REQUIRE_2FA=false`` is how the demo lets every printed account in at once. Copied into
a production environment it lets coordinators, admins and police analysts, who read the
sensitive categories and every organisation's text, in with a password alone, and nothing said
so: ``lagesbild check --deploy`` now does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning

SECOND_FACTOR_OFF = "lagesbild.W003"


def check_second_factor(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or settings.LAGESBILD_REQUIRE_2FA:
        return []
    return [
        Warning(
            "Two-factor login is off (LAGESBILD_REQUIRE_2FA=false): coordinators, admins and "
            "police analysts read the sensitive categories and every organisation's text with "
            "a password alone.",
            hint="Remove LAGESBILD_REQUIRE_2FA (on by default) unless single sign-on gives the "
            "second factor (docs/operations.md, 'Two-factor login and single sign-on').",
            id=SECOND_FACTOR_OFF,
        )
    ]
