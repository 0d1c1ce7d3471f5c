from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Insecurity(models.IntegerChoices):
    LOW = 1, _("1 – Låg")
    MEDIUM = 2, _("2 – Medel")
    HIGH = 3, _("3 – Hög")


class ReportQuerySet(models.QuerySet):
    def counted(self) -> ReportQuerySet:
        """Keep the reports the lägesbild counts (see ``COUNTED``)."""
        return self.filter(COUNTED)

    def waiting(self) -> ReportQuerySet:
        """Keep the reports waiting for review that do not count until accepted."""
        return self.filter(review_status=Report.Review.PENDING).exclude(COUNTED)

    def with_external_ids(
        self, organisation_id: int, source: str, ids: Sequence[str]
    ) -> ReportQuerySet:
        """Keep an organisation's reports of ``source`` with these external ids.

        Through the unique index on (organisation, source, external id), which holds only the
        reports with an id: the query says so too, or the database cannot use that partial
        index and reads every report of the organisation instead.
        """
        return self.filter(
            organisation_id=organisation_id, source=source, external_id__in=ids
        ).exclude(external_id="")


class Report(models.Model):
    """An incident or observation reported by a partner (händelse/iakttagelse).

    No personal data about the people involved is stored: ``description`` and ``place_text``
    are scrubbed on entry by ``lagesbild.reports.services``.
    """

    class Review(models.TextChoices):
        PENDING = "pending", _("Ej granskad")
        ACCEPTED = "accepted", _("Godkänd")
        REJECTED = "rejected", _("Avvisad")
        MERGED = "merged", _("Dubblett")
        # Taken back by the person who filed it before anyone reviewed it (``services.
        # withdraw_own_report``): not a coordinator's decision, so not "rejected".
        WITHDRAWN = "withdrawn", _("Återkallad")

    # Rejected, merged and withdrawn reports stay stored (the reporter sees why) but are not
    # counted. What counts is decided by ``COUNTED`` below: use ``Report.objects.counted()``.
    COUNTED_REVIEW = (Review.PENDING, Review.ACCEPTED)

    class Source(models.TextChoices):
        FORM = "form", _("Formulär")
        IMPORT = "import", _("Filimport")
        API = "api", _("API")
        DEMO = "demo", _("Syntetisk demodata")
        PUBLIC = "public", _("Allmänheten")

    # Indexes: the composite ones in Meta lead with municipality and area, so the foreign keys
    # to them need none of their own; occurred_from is always read within a municipality.
    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.PROTECT, related_name="reports", db_index=False
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey("categories.Category", on_delete=models.PROTECT, related_name="+")
    occurred_from = models.DateTimeField(_("inträffade (från)"))
    occurred_to = models.DateTimeField(_("inträffade (till)"), null=True, blank=True)
    reported_at = models.DateTimeField(_("rapporterad"), default=timezone.now)
    latitude = models.FloatField(
        _("latitud"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitud"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        db_index=False,
    )
    # True when the point is not a pin but the gazetteer place the place text names, so that
    # ``lagesbild gazetteer regeocode`` may move it when the gazetteer changes.
    geocoded = models.BooleanField(_("plats ur ortnamnsregistret"), default=False)
    # The district the reporter (or a reviewer's correction) named for a report without a pin,
    # kept beside the area the report was placed in: a report placed again when the gazetteer or
    # the areas change is placed as if filed anew, and the reporter's choice still wins over a
    # place of the same name elsewhere (``reports.services.place_of``). No index: only an area's
    # deletion looks it up.
    chosen_area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        verbose_name=_("vald stadsdel"),
    )
    place_text = models.CharField(_("plats"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    insecurity = models.PositiveSmallIntegerField(
        _("upplevd otrygghet"), choices=Insecurity.choices, default=Insecurity.MEDIUM
    )
    count = models.PositiveIntegerField(_("antal personer/föremål"), null=True, blank=True)
    source = models.CharField(
        _("källa"), max_length=10, choices=Source.choices, default=Source.FORM
    )
    external_id = models.CharField(_("externt id"), max_length=100, blank=True)
    review_status = models.CharField(
        _("granskning"),
        max_length=10,
        choices=Review.choices,
        default=Review.PENDING,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    rejection_reason = models.CharField(_("skäl för avvisning"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("dubblett av"),
        db_index=False,  # the partial index in Meta: few reports are duplicates
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention purge (`lagesbild purge_text`) emptied the free text.
    text_purged_at = models.DateTimeField(_("fritext rensad"), null=True, blank=True)
    # A keyed fingerprint (HMAC) of the texts as they arrived and as stored
    # (services.source_hash): a re-import of the same texts need not scrub them again. Never
    # the texts themselves; emptied with them by the retention purge.
    source_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = ReportQuerySet.as_manager()

    # (municipality id, occurred_from) as read from the database: where the rollup counted it.
    _stored_at: tuple[int | None, datetime | None] | None = None

    class Meta:
        ordering = ["-occurred_from"]
        indexes = [
            models.Index(fields=["municipality", "occurred_from"], name="report_muni_time"),
            # A category's window in one municipality (the analysis pages, near repeats).
            models.Index(
                fields=["municipality", "category", "occurred_from"], name="report_muni_cat_time"
            ),
            models.Index(fields=["area", "category"], name="report_area_category"),
            models.Index(
                fields=["duplicate_of"],
                condition=Q(duplicate_of__isnull=False),
                name="report_duplicate_of",
            ),
        ]
        constraints = [
            # Re-importing the same file or re-pushing the same record updates, never duplicates.
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="report_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(insecurity__gte=1, insecurity__lte=3), name="report_insecurity_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(occurred_to__isnull=True) | Q(occurred_to__gte=F("occurred_from")),
                name="report_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="report_point_complete",
            ),
        ]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")

    def __str__(self) -> str:
        return f"{self.category} {self.occurred_from:%Y-%m-%d %H:%M}"

    @classmethod
    def from_db(cls, db, field_names, values):
        report = super().from_db(db, field_names, values)
        # Where the report was counted when read: a write that moves it refreshes both weeks.
        report._stored_at = (
            report.__dict__.get("municipality_id"),
            report.__dict__.get("occurred_from"),
        )
        return report

    def clean(self) -> None:
        if self.occurred_to and self.occurred_from and self.occurred_to < self.occurred_from:
            raise ValidationError({"occurred_to": _("Sluttiden måste vara efter starttiden.")})

    @property
    def is_synthetic(self) -> bool:
        return self.source == self.Source.DEMO

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


# The one rule for what the lägesbild counts: accepted reports, and pending ones from partners
# where the municipality has chosen to count unreviewed reports (``counts_unreviewed``; off by
# default). A pending report from the public (the digital trygghetsvandring) always waits for a
# coordinator first: anyone can send one, so it counts only once someone has looked at it.
COUNTED = Q(review_status=Report.Review.ACCEPTED) | (
    Q(review_status=Report.Review.PENDING)
    & ~Q(source=Report.Source.PUBLIC)
    & Q(municipality__counts_unreviewed=True)
)


def is_counted(report: Report) -> bool:
    """``COUNTED`` for one report as it is in memory (a test holds the two to each other)."""
    if report.review_status == Report.Review.ACCEPTED:
        return True
    return (
        report.review_status == Report.Review.PENDING
        and report.source != Report.Source.PUBLIC
        and report.municipality.counts_unreviewed
    )


class ReportCount(models.Model):
    """The counted reports rolled up: one row per cell, rebuilt from ``Report`` rows on every write.

    A cell is municipality × ISO week (``week``: its local Monday, Europe/Stockholm) × calendar
    month (``month``: its local first day; a week that spans two months is two cells, so months,
    tertials and years add up exactly) × area (the report's own area; its district is looked up
    when read, so re-drawn districts need no rebuild; null: no place) × category (the report's
    own, so its top level and sensitivity are read from ``Category`` and never go stale) ×
    organisation (the access rule lets an organisation see its own sensitive reports, and the
    yearly volumes are per kind of organisation).

    Only reports in ``COUNTED`` are here. ``lagesbild.reports.rollup`` is the only writer.
    """

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    week = models.DateField()
    month = models.DateField()
    # Derived data must never block deleting its sources (reports guard those with PROTECT); an
    # area deleted later leaves its reports without area, and so its cells.
    area = models.ForeignKey("areas.Area", null=True, on_delete=models.SET_NULL, related_name="+")
    category = models.ForeignKey("categories.Category", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    reports = models.PositiveIntegerField()
    # Σ insecurity (the tertial's and the statutory document's load) and how many were high (3).
    insecurity = models.PositiveIntegerField()
    high_insecurity = models.PositiveIntegerField()
    # Counted reports not yet reviewed, and synthetic (demo) ones.
    pending = models.PositiveIntegerField()
    synthetic = models.PositiveIntegerField()

    class Meta:
        # No default ordering: every read groups and sums.
        indexes = [
            models.Index(fields=["municipality", "week"], name="report_count_week"),
            models.Index(fields=["municipality", "month"], name="report_count_month"),
        ]
        verbose_name = _("räknade rapporter")
        verbose_name_plural = _("räknade rapporter")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.week} {self.category_id}: {self.reports}"


# The report fields that hold free text written by people: emptied by the retention purge
# (privacy.retention) and when a reporter withdraws their report.
FREE_TEXT_FIELDS = ("description", "place_text", "rejection_reason")

# Our fields a partner's file can fill; ImportMapping.columns maps each to the partner's header.
# The two *_time fields are a mapping's only: the time of day when an export writes it apart.
IMPORT_FIELDS = (
    "external_id",
    "category",
    "occurred_from",
    "occurred_from_time",
    "occurred_to",
    "occurred_to_time",
    "latitude",
    "longitude",
    "district",
    "place_text",
    "description",
    "insecurity",
    "count",
)


class ImportMapping(models.Model):
    """How one organisation's export reads: its column headers, date format and category values."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="import_mappings"
    )
    name = models.CharField(_("namn"), max_length=100)
    columns = models.JSONField(
        _("kolumner"),
        default=dict,
        help_text=_('Vårt fält → er kolumnrubrik, t.ex. {"category": "Händelsetyp"}.'),
    )
    date_format = models.CharField(
        _("datumformat"),
        max_length=50,
        default="%Y-%m-%d %H:%M",
        help_text=_("Som strftime, t.ex. %Y-%m-%d %H:%M eller %d/%m/%Y %H.%M. Lokal tid."),
    )
    category_values = models.JSONField(
        _("kategorivärden"),
        default=dict,
        blank=True,
        help_text=_('Ert värde → vår kategorikod, t.ex. {"Klotter/Tag": "klotter"}.'),
    )
    default_category = models.ForeignKey(
        "categories.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kategori när kolumnen är tom"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="import_mapping_name_unique"
            )
        ]
        verbose_name = _("importmappning")
        verbose_name_plural = _("importmappningar")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if not isinstance(self.columns, dict) or not all(
            isinstance(v, str) and v.strip() for v in self.columns.values()
        ):
            errors["columns"] = _(
                "Ange ett JSON-objekt med vårt fält som nyckel och er kolumnrubrik som värde."
            )
        elif unknown := sorted(set(self.columns) - set(IMPORT_FIELDS)):
            errors["columns"] = _("Okända fält: %(fields)s. Möjliga: %(known)s.") % {
                "fields": ", ".join(unknown),
                "known": ", ".join(IMPORT_FIELDS),
            }
        if not isinstance(self.category_values, dict):
            errors["category_values"] = _("Ange ett JSON-objekt: ert värde → vår kategorikod.")
        if "%" not in self.date_format:
            errors["date_format"] = _("Ange formatet med strftime-koder, t.ex. %Y-%m-%d %H:%M.")
        if errors:
            raise ValidationError(errors)


class QuarantinedRow(models.Model):
    """A row of an import that failed validation, kept for a person to fix instead of lost.

    ``data`` holds only the mapped columns, with free text scrubbed like a report's.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="quarantined_rows"
    )
    file_name = models.CharField(_("fil"), max_length=255)
    line = models.PositiveIntegerField(_("rad"))
    reason = models.TextField(_("skäl"))
    data = models.JSONField(_("värden"), default=dict)
    imported_at = models.DateTimeField(_("importerad"), default=timezone.now)
    resolved = models.BooleanField(_("åtgärdad"), default=False)

    class Meta:
        ordering = ["-imported_at", "file_name", "line"]
        verbose_name = _("rad i karantän")
        verbose_name_plural = _("rader i karantän")

    def __str__(self) -> str:
        return f"{self.file_name}:{self.line}"
