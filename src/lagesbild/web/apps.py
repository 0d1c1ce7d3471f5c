from django.apps import AppConfig, apps
from django.core.checks import Tags, register
from django.core.management import call_command
from django.core.signals import request_finished
from django.db.models.signals import post_migrate
from django.utils import translation

from lagesbild.core import i18n
from lagesbild.web import postgres
from lagesbild.web.checks import check_vendor_files
from lagesbild.web.logs import forget_request_id


class WebConfig(AppConfig):
    """Shared web parts: layout, static assets, middleware, the cache table."""

    name = "lagesbild.web"

    def ready(self) -> None:
        # The core's sentences follow the request's language through the same catalogue.
        i18n.install(translation.gettext, translation.ngettext, translation.get_language)
        # post_migrate is sent once for each app with models; this one has none, so it listens
        # to an app that always has them.
        post_migrate.connect(
            create_cache_table,
            sender=apps.get_app_config("contenttypes"),
            dispatch_uid="lagesbild.web.create_cache_table",
        )
        request_finished.connect(forget_request_id, dispatch_uid="lagesbild.web.request_id")
        postgres.connect()
        register(check_vendor_files, Tags.staticfiles)  # collectstatic runs these too


def create_cache_table(using: str, **kwargs: object) -> None:
    """Create the database cache's table with every migrate (the demo's and tests' included).

    ``createcachetable`` leaves an existing table alone and does nothing when the cache is Redis.
    """
    call_command("createcachetable", database=using, verbosity=0)
