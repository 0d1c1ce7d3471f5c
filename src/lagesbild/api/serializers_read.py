"""What the read endpoints answer. Each serializer describes plain records built elsewhere
(``reports/exports.py``, ``measures/exports.py``, the weekly picture's ``as_dict``), so the schema
documents exactly what is sent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from lagesbild.api.serializers_agenda import AgendaField
from lagesbild.api.serializers_analysis import WeeklyAnalysisSerializer
from lagesbild.core.weekly import PERCENT_MIN_COUNT
from lagesbild.goals.status import PATH, PLAIN, STATUSES, TESTED
from lagesbild.measures.models import Measure
from lagesbild.reports.models import Report


class RecordSerializer(serializers.Serializer):
    """A serializer of plain records that skips DRF's per-field lookups when it writes them.

    DRF asks each field of each row for its attribute (a walk over ``source_attrs``, a guard for
    every kind of instance) before converting it: for a page of 50 reports that was more time
    than building the records. A record here is a dict holding every declared field under its
    own name, so each value goes straight to its field's ``to_representation`` (None stays
    None, as DRF does): the same JSON (``api/tests/test_api_list_content.py`` compares both).
    """

    def _writers(self) -> list[tuple[str, Callable[[Any], Any]]]:
        if not hasattr(self, "_record_writers"):
            writers = []
            for name, field in self.fields.items():
                if field.source != name or field.write_only:
                    raise ImproperlyConfigured(f"{type(self).__name__}.{name}: not a plain key")
                writers.append((name, field.to_representation))
            self._record_writers = writers
        return self._record_writers

    def to_representation(self, instance: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: None if (value := instance[name]) is None else write(value)
            for name, write in self._writers()
        }


# Listed here, not as an enum: drf-spectacular would name it after the goals' "status" enum.
MEASURE_STATUS_HELP = "One of: " + ", ".join(Measure.Status.values) + "."


class MeasureRefSerializer(RecordSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text=MEASURE_STATUS_HELP)


class ReportSerializer(RecordSerializer):
    """A report as the caller may see it; text fields are null where they may not read them."""

    id = serializers.IntegerField()
    occurred_from = serializers.DateTimeField()
    occurred_to = serializers.DateTimeField(allow_null=True)
    reported_at = serializers.DateTimeField()
    category = serializers.CharField(help_text="Category code.")
    category_label = serializers.CharField()
    sensitive = serializers.BooleanField()
    area = serializers.CharField(allow_null=True, help_text="Code of the area it lies in.")
    area_name = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(help_text="The filing organisation's short name.")
    organisation_name = serializers.CharField()
    insecurity = serializers.IntegerField(min_value=1, max_value=3)
    count = serializers.IntegerField(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    source = serializers.ChoiceField(choices=Report.Source.values)
    synthetic = serializers.BooleanField()
    review_status = serializers.ChoiceField(choices=Report.Review.values)
    text_visible = serializers.BooleanField(
        help_text="Whether the caller may read this report's free text."
    )
    place_text = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)
    rejection_reason = serializers.CharField(allow_null=True, allow_blank=True)
    duplicate_of = serializers.IntegerField(allow_null=True)
    measures = MeasureRefSerializer(many=True)


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    name_sv = serializers.CharField()
    name_en = serializers.CharField()
    sensitive = serializers.BooleanField()


class GeometrySerializer(serializers.Serializer):
    type = serializers.CharField()
    coordinates = serializers.JSONField()


class DistrictPropertiesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class DistrictFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    geometry = GeometrySerializer()
    properties = DistrictPropertiesSerializer()


class DistrictCollectionSerializer(serializers.Serializer):
    """The districts as a GeoJSON FeatureCollection (RFC 7946, WGS84)."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = DistrictFeatureSerializer(many=True)


CHANGE_HELP = (
    "Relative change as a fraction ({versus}): 0.25 is the page's +25 %. Null (the page "
    "gives no percentage) when the reference is missing or 0, either count is below "
    f"{PERCENT_MIN_COUNT}, the week is in progress or (previous) the week before was partial."
)


class ComparisonSerializer(serializers.Serializer):
    """One row of the week's table: reports counted this week and the references."""

    key = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField(
        help_text="Reports counted this week; those waiting for review are not (see waiting)."
    )
    previous = serializers.IntegerField(help_text="Reports the week before.")
    change_previous = serializers.FloatField(
        allow_null=True, help_text=CHANGE_HELP.format(versus="count against previous")
    )
    earlier_mean = serializers.FloatField(
        allow_null=True, help_text="Mean of the same ISO week in the earlier_years years."
    )
    change_earlier = serializers.FloatField(
        allow_null=True, help_text=CHANGE_HELP.format(versus="count against earlier_mean")
    )
    earlier_years = serializers.IntegerField()


class WeekRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_blank=True)
    label = serializers.CharField()
    comparison = ComparisonSerializer()


class WeekReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_from = serializers.DateTimeField()
    occurred_to = serializers.DateTimeField(allow_null=True)
    category = serializers.CharField()
    category_label = serializers.CharField()
    district = serializers.CharField(
        allow_null=True, help_text="The district's name (the report list gives its code)."
    )
    organisation = serializers.CharField(
        help_text="The filing organisation's name (the report list gives its short name)."
    )
    insecurity = serializers.IntegerField(min_value=1, max_value=3)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    synthetic = serializers.BooleanField()
    reviewed = serializers.BooleanField()
    place_text = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)


class WeeklyPictureSerializer(serializers.Serializer):
    municipality = serializers.CharField()
    municipality_code = serializers.CharField()
    week = serializers.CharField()
    start = serializers.DateTimeField(help_text="Monday 00:00, local time.")
    end = serializers.DateTimeField(help_text="The next Monday 00:00 (exclusive), local time.")
    earlier_weeks = serializers.ListField(child=serializers.CharField())
    total = ComparisonSerializer()
    by_category = WeekRowSerializer(many=True)
    by_district = WeekRowSerializer(many=True)
    reports = WeekReportSerializer(many=True)
    in_progress = serializers.BooleanField(
        help_text="The week has not ended: its counts so far get no percentages."
    )
    first_week = serializers.CharField(
        allow_null=True, help_text="The first ISO week with a counted report."
    )
    previous_complete = serializers.BooleanField(
        help_text="False when the week before was the first (perhaps partial) reporting week."
    )
    waiting = serializers.IntegerField(
        help_text="Reports of the week waiting for review, not counted until accepted."
    )


class WeekSerializer(serializers.Serializer):
    """The weekly lägesbild: the counts and reports, and the analysis (alerts, hot spots…)."""

    picture = WeeklyPictureSerializer()
    analysis = WeeklyAnalysisSerializer()


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text=MEASURE_STATUS_HELP)
    status_label = serializers.CharField()
    owner = serializers.CharField(allow_null=True)
    owner_name = serializers.CharField(allow_null=True)
    partners = serializers.ListField(child=serializers.CharField())
    districts = serializers.ListField(child=serializers.CharField())
    district_names = serializers.ListField(child=serializers.CharField())
    categories = serializers.ListField(child=serializers.CharField())
    category_names = serializers.ListField(child=serializers.CharField())
    problem = serializers.CharField(allow_blank=True)
    cause = serializers.CharField(allow_blank=True)
    operational_goal = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    done_date = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    follow_up = serializers.CharField(allow_blank=True)
    decided_at_meeting = serializers.IntegerField(allow_null=True)
    decided_week = serializers.CharField(allow_null=True)


class FocusAreaSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    label = serializers.CharField()
    district = serializers.CharField(allow_null=True)
    h3_cells = serializers.ListField(child=serializers.CharField())
    organisation = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    week = serializers.CharField()
    title = serializers.CharField()
    participants = serializers.ListField(child=serializers.CharField())
    minutes = serializers.CharField(allow_blank=True)
    focus_areas = FocusAreaSerializer(many=True)
    decisions = serializers.ListField(child=serializers.IntegerField(), help_text="Measure ids.")
    agenda = AgendaField(help_text="The agenda built from the weekly analysis, as stored.")


class IndicatorStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    direction = serializers.CharField()
    category = serializers.CharField(allow_null=True)
    area = serializers.CharField(allow_null=True)
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=list(STATUSES))
    status_label = serializers.CharField()
    comparison = serializers.ChoiceField(
        choices=[TESTED, PATH, PLAIN],
        allow_null=True,
        help_text=(
            "How the status was decided: the year's count tested against the baseline (E-test, "
            "widened by the series' dispersion), compared with the planned path, or compared "
            "with the baseline as printed without a test; null when nothing was compared."
        ),
    )
    p_value = serializers.FloatField(
        allow_null=True, help_text="The count test's p-value (counts only: test or path)."
    )
    dispersion = serializers.FloatField(
        allow_null=True, help_text="The dispersion the test was widened by; null: exact E-test."
    )
    tested_fall = serializers.BooleanField(
        allow_null=True,
        help_text="The tested change is a fall (false: a rise), on the counts the test compares "
        "(per month for a year reporting began during, so it may differ from latest against "
        "baseline); null without a test.",
    )
    latest = serializers.FloatField(allow_null=True)
    baseline = serializers.FloatField(allow_null=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    target_year = serializers.IntegerField(allow_null=True)
    expected = serializers.FloatField(
        allow_null=True,
        help_text="The planned path's value for the year; for a year reporting began during, "
        "the share of its months (the path is per month there, at the base year too).",
    )
    target_reached = serializers.BooleanField(
        allow_null=True, help_text="Null for a count of part of a year (running or begun during)."
    )
    series = serializers.DictField(child=serializers.FloatField(), help_text="Year → value.")


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    indicators = IndicatorStatusSerializer(many=True)


# ---------------------------------------------------------------------------
# Brå trends (official/queries.py: TrendSummary.as_dict, its parts from core/stats and
# core/narrative); NaN and infinities are sent as null
# ---------------------------------------------------------------------------


class TrendYearSerializer(serializers.Serializer):
    """queries.YearFigure: one year of the category."""

    year = serializers.IntegerField()
    count = serializers.IntegerField(help_text="Reported crimes.")
    population = serializers.IntegerField(allow_null=True, help_text="Null when not known.")
    rate_per_100k = serializers.FloatField(allow_null=True, help_text="Null without population.")
    preliminary = serializers.BooleanField()


class TrendChangeSerializer(serializers.Serializer):
    """core.stats.change.Change: the count of one year against another's."""

    from_period = serializers.IntegerField(help_text="The year compared with.")
    to_period = serializers.IntegerField()
    from_value = serializers.IntegerField()
    to_value = serializers.IntegerField()
    absolute = serializers.IntegerField(help_text="to_value - from_value.")
    relative = serializers.FloatField(
        allow_null=True, help_text="A fraction (-0.15 is -15 %); null when from_value is 0."
    )
    rate_from = serializers.FloatField(allow_null=True, help_text="Per 100 000 inhabitants.")
    rate_to = serializers.FloatField(allow_null=True)
    rate_relative = serializers.FloatField(allow_null=True)
    small_counts = serializers.BooleanField(help_text="A count is below the small-count limit.")
    halved = serializers.BooleanField()
    doubled = serializers.BooleanField()


class TrendStepSerializer(serializers.Serializer):
    """core.stats.trend.Step: a level shift that fits the years at least as well as a trend."""

    first_year_after = serializers.IntegerField(help_text="First year of the new level.")
    level_before = serializers.FloatField(help_text="Mean count (or rate) a year before it.")
    level_after = serializers.FloatField()
    deviance = serializers.FloatField()
    trend_deviance = serializers.FloatField(help_text="The log-linear trend's, to compare.")
    last_year_before = serializers.IntegerField()


class TrendFitSerializer(serializers.Serializer):
    """core.stats.trend.TrendResult: the log-linear trend over the years with figures."""

    annual_change = serializers.FloatField(
        allow_null=True, help_text="Mean relative change a year; null when not estimated."
    )
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)
    dispersion = serializers.FloatField(allow_null=True)
    method = serializers.CharField(
        help_text="poisson or quasi-poisson; else why none was estimated: too few years, "
        "all zero, not estimable."
    )
    n_years = serializers.IntegerField()
    first_year = serializers.IntegerField(allow_null=True)
    last_year = serializers.IntegerField(allow_null=True)
    significant = serializers.BooleanField(help_text="Always false when none was estimated.")
    mean_count = serializers.FloatField(allow_null=True)
    step = TrendStepSerializer(allow_null=True)
    per_100k = serializers.BooleanField(help_text="The trend is in the rate.")


class TrendTestSerializer(serializers.Serializer):
    """core.stats.etest.ETestResult: the base year against the last, as the sentence tests it."""

    k1 = serializers.IntegerField()
    k2 = serializers.IntegerField()
    n1 = serializers.FloatField(help_text="Exposure: the population, or 1 (a year).")
    n2 = serializers.FloatField()
    rate1 = serializers.FloatField()
    rate2 = serializers.FloatField()
    statistic = serializers.FloatField()
    p_value = serializers.FloatField()
    alpha = serializers.FloatField()
    significant = serializers.BooleanField()
    dispersion = serializers.FloatField(help_text="1 for the E-test.")
    method = serializers.CharField(help_text="e-test or quasi-poisson.")


class ClaimSerializer(serializers.Serializer):
    """core.narrative.Claim: one figure the sentence states."""

    kind = serializers.CharField(help_text="count, relative_change, a direction, significant …")
    value = serializers.FloatField(
        allow_null=True, help_text="The unrounded figure: a count, a change, a p-value."
    )
    periods = serializers.ListField(child=serializers.IntegerField(), help_text="Its years.")
    category = serializers.CharField(help_text="The category as the text writes it.")


class SentenceSerializer(serializers.Serializer):
    """core.narrative.Sentence: the text and every figure it states."""

    text = serializers.CharField()
    claims = ClaimSerializer(many=True)


class TrendSerializer(serializers.Serializer):
    """queries.TrendSummary.as_dict() for one category (non-finite numbers as null)."""

    municipality_code = serializers.CharField()
    municipality_name = serializers.CharField()
    category_code = serializers.CharField()
    category_name_sv = serializers.CharField()
    category_name_en = serializers.CharField()
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    years = TrendYearSerializer(many=True, help_text="The years with figures, first to last.")
    missing_years = serializers.ListField(child=serializers.IntegerField())
    previous_year = TrendChangeSerializer(
        allow_null=True, help_text="Null without figures for the year before the last."
    )
    base_year = TrendChangeSerializer(help_text="The first year against the last.")
    five_years = TrendChangeSerializer(
        allow_null=True, help_text="Null without figures for five years before the last."
    )
    trend = TrendFitSerializer()
    etest = TrendTestSerializer()
    sentence_sv = SentenceSerializer()
    sentence_en = SentenceSerializer()
    source = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    municipality_code = serializers.CharField()
    series = serializers.CharField()
    source = serializers.CharField()
    values = serializers.DictField(child=serializers.FloatField(), help_text="Year → value.")


# ---------------------------------------------------------------------------
# The regional view (regional/services.py: RegionalView.as_dict)
# ---------------------------------------------------------------------------


class MunicipalityRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegionReportsSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True, help_text="The week's reports; null before reporting began there."
    )
    previous = serializers.IntegerField(
        allow_null=True, help_text="The week before; null when it came before reporting began."
    )
    first_week = serializers.CharField(
        allow_null=True, help_text="The first ISO week with a counted report the caller sees."
    )
    change_previous = serializers.FloatField(
        allow_null=True, help_text=CHANGE_HELP.format(versus="count against previous")
    )
    earlier_mean = serializers.FloatField(
        allow_null=True, help_text="Mean of the same ISO week in earlier years."
    )
    change_earlier = serializers.FloatField(
        allow_null=True, help_text=CHANGE_HELP.format(versus="count against earlier_mean")
    )
    sensitive_included = serializers.BooleanField(
        help_text="Whether the counts include sensitive categories (as the caller's role there)."
    )


class RegionAlertSerializer(serializers.Serializer):
    category = serializers.CharField(allow_null=True, help_text="Category code; null: all.")
    category_label = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True, help_text="District code; null: all.")
    district_name = serializers.CharField(allow_null=True)
    observed = serializers.IntegerField(help_text="Reports this week.")
    expected = serializers.FloatField(allow_null=True, help_text="Reports expected this week.")
    sentence = serializers.CharField()


class RegionAlertsSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True,
        help_text="The week's alerts; null when no series had the history to be judged.",
    )
    judged = serializers.BooleanField()
    shown = RegionAlertSerializer(many=True, help_text="The first three alerts.")


class RegionMeasuresSerializer(serializers.Serializer):
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class RegionBraSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Last year.")
    reported_crimes = serializers.IntegerField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    rate_per_100k = serializers.FloatField(allow_null=True)
    preliminary = serializers.BooleanField(help_text="Brå published the year as preliminary.")
    synthetic = serializers.BooleanField(help_text="The municipality's figures are made up.")


class RegionColumnSerializer(serializers.Serializer):
    municipality = MunicipalityRefSerializer()
    reports = RegionReportsSerializer()
    alerts = RegionAlertsSerializer()
    measures = RegionMeasuresSerializer()
    bra = RegionBraSerializer()


class RegionSerializer(serializers.Serializer):
    """Each municipality the caller holds a role in, as their role there allows."""

    week = serializers.CharField(help_text="The last complete ISO week.")
    bra_year = serializers.IntegerField()
    municipalities = RegionColumnSerializer(many=True)


# ---------------------------------------------------------------------------
# Police event notices (official/queries.py: EventCounts; analysis/data.py: police_dict)
# ---------------------------------------------------------------------------


class PoliceEventCountSerializer(serializers.Serializer):
    municipality_code = serializers.CharField()
    municipality_name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    by = serializers.CharField(help_text="type, category or month.")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Event type, category code (utan_kategori: none) or YYYY-MM → notices.",
    )
    total = serializers.IntegerField()
    excluded_summaries = serializers.IntegerField(
        help_text="Roll-up notices (summaries of many events), not counted."
    )
    source = serializers.CharField()


class PoliceTypeCountSerializer(serializers.Serializer):
    type = serializers.CharField()
    count = serializers.IntegerField()


class StoredSpanSerializer(serializers.Serializer):
    first = serializers.DateField()
    last = serializers.DateField()


class PoliceWeekSerializer(serializers.Serializer):
    week = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True, help_text="Null when the stored notices miss the week: no figure."
    )
    days = serializers.CharField(
        allow_null=True, help_text="The part of the week counted, when not all of it."
    )
    in_progress = serializers.BooleanField()


class PoliceEventSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    event_time = serializers.DateTimeField(allow_null=True)
    type = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)


class PoliceEventListSerializer(serializers.Serializer):
    """The municipality's police event notices in a span, roll-ups left out."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    q = serializers.CharField(allow_blank=True)
    type = serializers.CharField(allow_blank=True)
    total = serializers.IntegerField()
    excluded_summaries = serializers.IntegerField()
    without_event_time = serializers.IntegerField(
        help_text="Notices without an event time: not counted by week or hour."
    )
    location_caveat = serializers.CharField()
    by_type = PoliceTypeCountSerializer(many=True)
    stored = StoredSpanSerializer(
        allow_null=True, help_text="The first and last day of the stored notices."
    )
    by_week = PoliceWeekSerializer(many=True)
    by_hour = serializers.ListField(
        child=serializers.IntegerField(), help_text="Notices per local hour, 0-23."
    )
    events = PoliceEventSerializer(many=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword: declared as from_, named as the answer names it.
        fields = super().get_fields()
        return {("from" if name == "from_" else name): field for name, field in fields.items()}
