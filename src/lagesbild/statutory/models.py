"""The statutory lägesbild and åtgärdsplan (Lag (2023:196) 4–5 §§), one version per row.

A decided version is frozen: ``snapshot`` holds everything it showed (figures, text, problems,
plan) at the decision, and the services refuse every later edit; changing it means a new version.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    """One editable text of the document: its key, number and heading."""

    key: str
    number: str
    heading: str


# The law's structure (4 § 1–3 and 5 §); the sub-texts are what data cannot say on its own.
SECTIONS: tuple[Section, ...] = (
    Section("kartlaggning", "1", "Kartläggning"),
    Section("konsekvenser", "1.5", "Konsekvenser"),
    Section("annan_information", "2", "Annan information"),
    Section("tertial", "2.3", "Tertialanalyser"),
    Section("analys", "3", "Analys"),
    Section("orsaker", "3.2", "Orsaker"),
    Section("atgardsplan", "4", "Åtgärdsplan"),
)
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)


class StatutoryDocument(models.Model):
    """One version of a municipality's lägesbild and åtgärdsplan for a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        DECIDED = "decided", _("Beslutad")

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.PROTECT, related_name="statutory_documents"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    decided_at = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reference = models.CharField(
        _("beslutsparagraf"), max_length=100, blank=True, help_text=_("T.ex. KF § 123")
    )
    # {section key: text}; generated, then edited by the coordinator.
    sections = models.JSONField(_("avsnitt"), default=dict, blank=True)
    # The figures the draft was generated from (Brå, police events, partner reports, surveys).
    figures = models.JSONField(_("underlag"), default=dict, blank=True)
    # Everything the document showed when it was decided; empty while a draft.
    snapshot = models.JSONField(_("ögonblicksbild vid beslut"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "version"], name="statutory_document_unique_version"
            )
        ]
        verbose_name = _("lägesbild och åtgärdsplan")
        verbose_name_plural = _("lägesbilder och åtgärdsplaner")

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} v{self.version} ({self.get_status_display()})"

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    def clean(self) -> None:
        unknown = set(self.sections or {}) - set(SECTION_KEYS)
        if unknown:
            raise ValidationError({"sections": f"okända avsnitt: {', '.join(sorted(unknown))}"})
        if self.is_decided and not (self.decided_at and self.decision_reference):
            raise ValidationError(_("Ett beslut behöver datum och beslutsparagraf."))


class PrioritisedProblem(models.Model):
    """A problem the plan prioritises: what, where, why and with what consequences."""

    document = models.ForeignKey(
        StatutoryDocument, on_delete=models.CASCADE, related_name="problems"
    )
    rank = models.PositiveSmallIntegerField(_("prioritet"), default=1)
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    categories = models.ManyToManyField("categories.Category", blank=True, related_name="+")
    areas = models.ManyToManyField("areas.Area", blank=True, related_name="+")
    cause = models.TextField(_("orsak"), blank=True)
    consequences = models.TextField(_("konsekvenser"), blank=True)

    class Meta:
        ordering = ["document", "rank", "id"]
        verbose_name = _("prioriterat problem")
        verbose_name_plural = _("prioriterade problem")

    def __str__(self) -> str:
        return f"{self.rank}. {self.title}"


class PlanItem(models.Model):
    """One row of the plan in Brå's order: problem, cause, measure, goal, who, when, follow-up."""

    class FollowUp(models.TextChoices):
        GREEN = "green", _("Grön – enligt plan")
        YELLOW = "yellow", _("Gul – risk för avvikelse")
        RED = "red", _("Röd – avviker eller försenad")
        NONE = "none", _("Ej bedömd")

    document = models.ForeignKey(
        StatutoryDocument, on_delete=models.CASCADE, related_name="plan_items"
    )
    problem = models.ForeignKey(
        PrioritisedProblem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
        verbose_name=_("problem"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("åtgärd i åtgärdsregistret"),
    )
    title = models.CharField(_("åtgärd"), max_length=200)
    operational_goal = models.TextField(_("operativt mål"), blank=True)
    who = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vem (ansvarig organisation)"),
    )
    start_date = models.DateField(_("när: från"), null=True, blank=True)
    end_date = models.DateField(_("när: till"), null=True, blank=True)
    follow_up = models.TextField(_("uppföljning"), blank=True)
    follow_up_status = models.CharField(
        _("uppföljningsstatus"), max_length=10, choices=FollowUp.choices, default=FollowUp.NONE
    )

    class Meta:
        ordering = ["document", "problem__rank", "title", "id"]
        verbose_name = _("rad i åtgärdsplanen")
        verbose_name_plural = _("rader i åtgärdsplanen")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatum måste vara samma dag som eller efter startdatum.")
        if self.problem is not None and self.problem.document_id != self.document_id:
            errors["problem"] = _("Problemet hör till en annan version av dokumentet.")
        municipality_id = self.document.municipality_id if self.document_id else None
        if self.measure is not None and self.measure.municipality_id != municipality_id:
            errors["measure"] = _("Åtgärden hör till en annan kommun.")
        if self.who is not None and self.who.municipality_id != municipality_id:
            errors["who"] = _("Organisationen hör till en annan kommun.")
        if errors:
            raise ValidationError(errors)
