"""A background job: who asked for what in which municipality, how far it has come, its file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One job per key: asking again for the same thing reuses the row (``services.enqueue``).

    ``run`` counts how often the job was queued; a task carries the run it was queued for, so a
    task delivered twice (after a worker died) finishes the job once. ``attempts`` counts the starts
    of the current run. ``rights`` is a digest of the asker's rights when the file was made: the
    file is served only while they are the same (``access.may_download``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("slag"), max_length=50)
    title = models.CharField(_("rubrik"), max_length=200)
    params = models.JSONField(default=dict, blank=True)
    # The asker's language: the job's file and its messages are written in it.
    language = models.CharField(_("språk"), max_length=8, default="sv")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Empty for a job over all of the asker's municipalities (the report list's export).
    municipality = models.ForeignKey(
        "areas.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    run = models.PositiveIntegerField(default=1)
    attempts = models.PositiveSmallIntegerField(default=0)
    rights = models.CharField(max_length=64, blank=True)
    result = models.FileField(_("fil"), upload_to="jobs/", max_length=255, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    # For a job that makes an object rather than a file (a statutory draft): where it is.
    result_url = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("fel"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    queued_at = models.DateTimeField(_("köad"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    # The process that started the current attempt (``liveness.process_identity``): a worker
    # that starts on the same host takes the job up at once when that process has died.
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = _("bakgrundsjobb")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
