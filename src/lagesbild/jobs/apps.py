from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    """Background jobs: the queue (django-q2, ORM broker), the job record and the schedule.

    The apps that own a kind of job register it here when Django starts (``registry.register``),
    so this low layer runs their work without importing them.
    """

    name = "lagesbild.jobs"
    verbose_name = "Bakgrundsjobb"

    def ready(self) -> None:
        from django.core.checks import register

        from lagesbild.jobs.checks import check_files_folder
        from lagesbild.jobs.schedules import ensure_schedules

        register(check_files_folder)

        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="lagesbild-schedules")
