from django.apps import AppConfig


class WebConfig(AppConfig):
    """Shared web parts: layout, static assets, middleware."""

    name = "lagesbild.web"
