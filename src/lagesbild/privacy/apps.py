from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Privacy at the command line: `lagesbild scrub` and the retention purge of free text."""

    name = "lagesbild.privacy"
