"""What the analysis endpoints and the week's analysis answer, field by field, for the schema.

The answers are built as plain JSON by the analysis itself (``analysis/data.py``,
``analysis/explorer_output.py``, ``analysis/maps.py``, ``WeeklyAnalysis.as_dict``), which the
pages and the CLI share; these serializers only describe them, so that a generated client knows
every field.
``api/tests/test_api_documented_fields.py`` checks each against the demo's answers.

Values that drf-spectacular would turn into enums are plain strings with their values in the
help text: an enum is named after its field, and "kind", "method" or "level" mean different
things in different answers.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# ---------------------------------------------------------------------------
# The window every answer names (analysis/data.py: window_dict)
# ---------------------------------------------------------------------------


class AnalysisWindowSerializer(serializers.Serializer):
    first_week = serializers.CharField(help_text="First ISO week, e.g. 2024-W26.")
    last_week = serializers.CharField()
    weeks = serializers.IntegerField()
    first_day = serializers.DateField(help_text="The first week's Monday.")
    last_day = serializers.DateField(help_text="The last week's Sunday.")
    in_progress = serializers.BooleanField(
        help_text="The last week is still running: its counts are counts so far."
    )


def nullable_float(help_text: str = "") -> serializers.FloatField:
    """A number that is null where it cannot be computed (NaN and infinities are sent as null)."""
    return serializers.FloatField(allow_null=True, help_text=help_text)


# ---------------------------------------------------------------------------
# Near repeats (analysis/data.py: near_repeat_dict)
# ---------------------------------------------------------------------------


class KnoxCellSerializer(serializers.Serializer):
    observed = serializers.IntegerField(help_text="Pairs of events in this distance and time.")
    expected = nullable_float("Mean pairs over the permutations.")
    ratio = nullable_float("observed / expected; null when nothing is expected.")
    p_value = nullable_float()
    significant = serializers.BooleanField()


class CloseGroupsSerializer(serializers.Serializer):
    pairs = serializers.IntegerField(help_text="Pairs in the nearest cell.")
    reports = serializers.IntegerField(help_text="Events in those pairs.")
    groups = serializers.IntegerField(help_text="Separate groups those events form.")


class RaisedRiskSerializer(serializers.Serializer):
    distance_m = serializers.IntegerField()
    days = serializers.IntegerField()
    observed = serializers.IntegerField()
    expected = nullable_float()
    p_value = nullable_float()
    reports = serializers.IntegerField()
    groups = serializers.IntegerField()
    span_days = serializers.IntegerField(
        help_text="Days from the first to the last event of the longest-lasting group."
    )


class NearRepeatSerializer(serializers.Serializer):
    """The Knox test of near repeats for one category."""

    category = serializers.CharField()
    window = AnalysisWindowSerializer()
    events = serializers.IntegerField(help_text="Placed events in the window.")
    without_position = serializers.IntegerField()
    too_many = serializers.BooleanField(help_text="Too many events to test: no test is run.")
    too_few = serializers.BooleanField(
        help_text="Fewer than min_events placed events: no test is run."
    )
    min_events = serializers.IntegerField()
    permutations = serializers.IntegerField(help_text="0 when no test was run.")
    band_convention = serializers.CharField()
    distance_bands_m = serializers.ListField(child=serializers.CharField())
    time_bands_days = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(
        child=KnoxCellSerializer(many=True),
        help_text="One row per distance band, one cell per time band; empty without a test.",
    )
    close = CloseGroupsSerializer(allow_null=True)
    min_close_groups = serializers.IntegerField()
    one_series = serializers.BooleanField(
        help_text="The nearest cell is significant but its pairs are one burst: no raised risk."
    )
    raised_risk = RaisedRiskSerializer(allow_null=True)


# ---------------------------------------------------------------------------
# Time profile (analysis/data.py: profile_dict)
# ---------------------------------------------------------------------------


class TimeProfileSerializer(serializers.Serializer):
    """Reports per weekday and hour, spread aoristically over their time windows."""

    window = AnalysisWindowSerializer()
    category = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    reports = serializers.IntegerField()
    with_time_window = serializers.IntegerField(
        help_text="Reports with a from-to time, spread over it."
    )
    weekdays = serializers.ListField(child=serializers.CharField(), help_text="monday … sunday.")
    grid = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()),
        help_text="7 rows (Monday first) of 24 hours.",
    )


# ---------------------------------------------------------------------------
# Reporting effort (analysis/data.py: effort_dict)
# ---------------------------------------------------------------------------


class EffortAlertSerializer(serializers.Serializer):
    observed = serializers.IntegerField()
    expected = nullable_float()
    threshold = nullable_float()
    alarm_level = serializers.IntegerField(
        allow_null=True, help_text="The smallest count that raises an alarm."
    )
    expected_per_reporter = nullable_float()
    threshold_per_reporter = nullable_float()
    alarm_level_per_reporter = nullable_float(
        help_text="The alarm level per active reporter of the week: a week at it alarms."
    )
    alarm = serializers.BooleanField()
    method = serializers.CharField()
    reason = serializers.CharField()
    sentence = serializers.CharField()


class EffortComparisonSerializer(serializers.Serializer):
    reports_per_active_reporter = nullable_float()
    last_week = nullable_float()
    same_week_earlier_years = nullable_float()
    earlier_years = serializers.IntegerField()


class EffortAlertsSerializer(serializers.Serializer):
    week = serializers.CharField()
    reports_by_people = serializers.IntegerField()
    active_reporters = serializers.IntegerField()
    by_count = EffortAlertSerializer()
    per_active_reporter = EffortAlertSerializer(
        allow_null=True, help_text="Null when nobody reported in the week."
    )
    per_active_reporter_not_computed = serializers.CharField(allow_null=True)
    comparison = EffortComparisonSerializer()


class EffortWeekSerializer(serializers.Serializer):
    week = serializers.CharField()
    reports = serializers.IntegerField()
    active_reporters = serializers.IntegerField()
    reports_without_person = serializers.IntegerField()
    reports_per_active_reporter = nullable_float()
    organisations_without_reports = serializers.ListField(child=serializers.CharField())


class EffortOrganisationWeekSerializer(serializers.Serializer):
    week = serializers.CharField()
    organisation = serializers.CharField()
    reports = serializers.IntegerField()
    active_reporters = serializers.IntegerField()
    reports_without_person = serializers.IntegerField()
    reports_per_active_reporter = nullable_float()


class ReportingEffortSerializer(serializers.Serializer):
    """Active reporters and reports per organisation and week."""

    window = AnalysisWindowSerializer()
    warning = serializers.CharField(allow_null=True)
    not_compared = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why the last week is not compared with the one before.",
    )
    alerts = EffortAlertsSerializer(allow_null=True)
    weeks = EffortWeekSerializer(many=True)
    organisations = EffortOrganisationWeekSerializer(many=True)


# ---------------------------------------------------------------------------
# The statistics explorer (analysis/explorer_output.py: exploration_dict)
# ---------------------------------------------------------------------------


class PopulationBandSerializer(serializers.Serializer):
    lower = serializers.IntegerField()
    upper = serializers.IntegerField(allow_null=True, help_text="Null: no upper bound.")
    label = serializers.CharField()


class PeerMunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)


class ExplorerPeersSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="band or chosen.")
    band = PopulationBandSerializer(allow_null=True)
    band_year = serializers.IntegerField(allow_null=True)
    municipalities = PeerMunicipalitySerializer(many=True)


class PeerSummarySerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Peers with a figure.")
    median = nullable_float()
    low = nullable_float()
    high = nullable_float()


class ExplorerYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    preliminary = serializers.BooleanField()
    count = serializers.IntegerField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    rate_per_100k = nullable_float()
    peers = PeerSummarySerializer(
        allow_null=True, help_text="The peers' values in the measure chosen."
    )


class ExplorerStatementSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="previous_year, base_year, or trend (the trend alone, when neither year has a "
        "figure)."
    )
    text = serializers.CharField()


class ExplorerTrendSerializer(serializers.Serializer):
    method = serializers.CharField()
    annual_change = nullable_float()
    p_value = nullable_float()
    significant = serializers.BooleanField(help_text="Whether the sentences state a trend.")
    trend_reason = serializers.CharField(allow_null=True)


class ExplorerCategorySerializer(serializers.Serializer):
    category = serializers.CharField(help_text="Category code, or total.")
    label = serializers.CharField()
    level = serializers.IntegerField(help_text="0: top level or all crimes; 1: of which.")
    years = ExplorerYearSerializer(many=True)
    statements = ExplorerStatementSerializer(many=True)
    no_change = serializers.CharField(
        allow_null=True,
        help_text="Why no change is described, when none is (a trend statement may remain).",
    )
    trend = ExplorerTrendSerializer(allow_null=True)


class StatisticsExplorationSerializer(serializers.Serializer):
    """Brå counts or rates per category and year beside similar municipalities."""

    municipality = serializers.CharField(help_text="Municipality code.")
    municipality_name = serializers.CharField()
    from_ = serializers.IntegerField()
    to = serializers.IntegerField()
    measure = serializers.CharField(help_text="count or rate.")
    peers = ExplorerPeersSerializer()
    categories = ExplorerCategorySerializer(many=True)
    partial_notes = serializers.ListField(child=serializers.CharField())
    synthetic = serializers.BooleanField()
    source = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword: declared as from_, named as the answer names it.
        fields = super().get_fields()
        return {("from" if name == "from_" else name): field for name, field in fields.items()}


# ---------------------------------------------------------------------------
# The analysis map (analysis/maps.py: density_dict, rates_dict)
# ---------------------------------------------------------------------------


class DensitySerializer(serializers.Serializer):
    """The kernel density grid; the frame and the figures are left out when held back."""

    first_week = serializers.CharField()
    last_week = serializers.CharField()
    weeks = serializers.IntegerField()
    kernel = serializers.CharField()
    unit = serializers.CharField()
    points = serializers.IntegerField(help_text="Located reports in the window the heat spreads.")
    far_points = serializers.IntegerField(
        help_text="Located reports left out for lying far off: more than 10 km outside the "
        "municipality's areas, or before it has any, 100 km from the reports' median."
    )
    min_points = serializers.IntegerField()
    held_back = serializers.BooleanField()
    held_back_reason = serializers.CharField(allow_null=True, help_text="too_few_points or null.")
    bandwidth_m = serializers.FloatField(required=False)
    bandwidth_rule = serializers.CharField(required=False, help_text="given or scott.")
    cell_m = serializers.FloatField(required=False)
    rows = serializers.IntegerField(required=False)
    columns = serializers.IntegerField(required=False)
    west = serializers.FloatField(required=False)
    south = serializers.FloatField(required=False)
    east = serializers.FloatField(required=False)
    north = serializers.FloatField(required=False)
    cell_degrees = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        required=False,
        help_text="[Δlon, Δlat].",
    )
    maximum = serializers.FloatField(required=False)
    total = serializers.FloatField(required=False, help_text="Σ density × cell area.")
    cells = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=3, max_length=3),
        help_text="Each cell above zero as [row, column, reports per km²]; row 0 the "
        "southernmost, column 0 the westernmost. Empty when held back.",
    )


class DistrictRateSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    reports = serializers.IntegerField(
        allow_null=True, help_text="Null when the window ends before reporting began."
    )
    population = serializers.IntegerField(allow_null=True)
    population_year = serializers.IntegerField(allow_null=True)
    per_1000 = nullable_float("Null without a known population or before reporting began.")
    per_1000_smoothed = nullable_float(
        "The empirical Bayes rate that colours the map: per_1000 drawn toward "
        "overall_per_1000, the more the fewer reports or inhabitants it rests on. Null where "
        "per_1000 is."
    )


class DistrictRatesSerializer(serializers.Serializer):
    first_week = serializers.CharField()
    last_week = serializers.CharField()
    weeks = serializers.IntegerField()
    per = serializers.IntegerField(help_text="Rates are per this many inhabitants.")
    reporting_began = serializers.CharField(
        allow_null=True,
        help_text="The first reporting week the caller sees (null: nothing reported yet).",
    )
    before_reporting = serializers.BooleanField(
        help_text="The window ends before reporting began: the counts are null, not 0."
    )
    counted_first_week = serializers.CharField(
        allow_null=True,
        help_text="The window's first week with counts: its first week, or the week reporting "
        "began when the window begins before it (null before reporting began).",
    )
    counted_weeks = serializers.IntegerField(
        help_text="The window's weeks since reporting began, the only ones counted."
    )
    reporting_note = serializers.CharField(
        allow_blank=True,
        help_text="Why the window has no counts, or counts only the weeks since reporting "
        "began; empty when every week is counted.",
    )
    smoothing = serializers.CharField(
        help_text="How per_1000_smoothed is computed: empirical_bayes, Marshall's (1991) global "
        "estimator over the districts with a rate."
    )
    overall_per_1000 = nullable_float(
        "The districts' combined rate (their reports over their population), which each "
        "smoothed rate is drawn toward; null when no district has a rate."
    )
    pooled = serializers.BooleanField(
        help_text="The districts differ no more than chance would make them (the "
        "between-district variance estimate is 0 or less): every per_1000_smoothed is "
        "overall_per_1000, and the map has one colour."
    )
    smoothing_note = serializers.CharField(
        allow_blank=True, help_text="When pooled, the sentence the page says; else empty."
    )
    outside_districts = serializers.IntegerField(
        allow_null=True,
        help_text="Counted reports in no district (no position, or outside every district); "
        "null before reporting began.",
    )
    synthetic_population = serializers.BooleanField()
    districts = DistrictRateSerializer(many=True)


# ---------------------------------------------------------------------------
# The week's analysis (briefings/analysis.py: WeeklyAnalysis.as_dict)
# ---------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "array",
        "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "minItems": 2,
        "maxItems": 2,
        "description": "[type, count].",
    }
)
class TypeCountField(serializers.ListField):
    """A pair [event type, notices], as the week's police events list them."""


class WeekAlertSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="municipality or district.")
    district = serializers.CharField(allow_null=True, help_text="District code; null: all.")
    district_name = serializers.CharField(allow_null=True)
    category = serializers.CharField(allow_null=True, help_text="Category code; null: all.")
    category_label = serializers.CharField(allow_null=True)
    observed = serializers.IntegerField()
    expected = nullable_float()
    upper = nullable_float("The alarm threshold.")
    score = nullable_float()
    alarm = serializers.BooleanField()
    method = serializers.CharField()
    reason = serializers.CharField()
    sentence = serializers.CharField()


class PolygonSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Polygon.")
    coordinates = serializers.ListField(
        child=serializers.ListField(
            child=serializers.ListField(child=serializers.FloatField(), min_length=2)
        ),
        help_text="GeoJSON rings of [longitude, latitude].",
    )


class HotspotSerializer(serializers.Serializer):
    cells = serializers.ListField(child=serializers.CharField(), help_text="H3 cells.")
    name = serializers.CharField(allow_null=True)
    also = serializers.ListField(child=serializers.CharField())
    count = serializers.IntegerField()
    week_count = serializers.IntegerField()
    z = serializers.FloatField()
    p_fdr = serializers.FloatField()
    district = serializers.CharField(allow_null=True)
    district_name = serializers.CharField(allow_null=True)
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    polygon = PolygonSerializer()
    place_count = serializers.IntegerField(
        allow_null=True,
        required=False,
        help_text="When a repeat place bears the hotspot's name: how many of its reports lie "
        "in the hotspot (its pins may spread beyond the hot cells); else null. Absent from "
        "agendas stored before it was kept.",
    )
    place_total = serializers.IntegerField(
        allow_null=True,
        required=False,
        help_text="That repeat place's count; null and absent with place_count.",
    )


class RepeatPlaceSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(help_text="point or text.")
    label = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    district_name = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    first = serializers.DateField()
    last = serializers.DateField()
    dates = serializers.ListField(child=serializers.DateField())
    categories = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The H3 cells of its reports' pins, most reports first: its shape as a focus "
        "area. Empty for a place known by its text only; absent from agendas stored before it "
        "was kept.",
    )


class FocusAreaPaiSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    label = serializers.CharField()
    kind = serializers.CharField(help_text="area or cells.")
    district = serializers.CharField(allow_null=True, help_text="Its area's name.")
    h3_cells = serializers.ListField(child=serializers.CharField())
    reports_in = serializers.IntegerField()
    share_reports = nullable_float()
    area_m2 = serializers.FloatField()
    share_area = nullable_float()
    pai = nullable_float()


class FocusPaiSerializer(serializers.Serializer):
    meeting_week = serializers.CharField()
    meeting_date = serializers.DateField()
    reports_total = serializers.IntegerField()
    area_total_m2 = serializers.FloatField()
    areas = FocusAreaPaiSerializer(many=True)
    reports_in = serializers.IntegerField()
    area_in_m2 = serializers.FloatField()
    pai = nullable_float()


class WeekPoliceEventSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    time = serializers.DateTimeField(
        help_text="Local time; the publishing time when the notice has no event time."
    )
    type = serializers.CharField()
    category = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)


class WeekPoliceEventsSerializer(serializers.Serializer):
    source = serializers.CharField()
    total = serializers.IntegerField()
    by_type = serializers.ListField(child=TypeCountField(), help_text="Most notices first.")
    events = WeekPoliceEventSerializer(many=True)


class FlaggedMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    owner = serializers.CharField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    districts = serializers.ListField(child=serializers.CharField())
    district_names = serializers.ListField(child=serializers.CharField())
    categories = serializers.ListField(child=serializers.CharField())


class WeeklyAnalysisSerializer(serializers.Serializer):
    """What the meeting should look at first: alerts, hotspots, repeat places, focus PAI,
    police events and the measures where something is flagged."""

    municipality = serializers.CharField()
    municipality_code = serializers.CharField()
    week = serializers.CharField()
    alpha = serializers.FloatField()
    min_count = serializers.IntegerField()
    min_count_weeks = serializers.IntegerField()
    history_weeks = serializers.IntegerField()
    alerts = WeekAlertSerializer(many=True, help_text="The judged series that raise an alarm.")
    checked = WeekAlertSerializer(many=True, help_text="Every judged series.")
    hotspot_from = serializers.DateField(
        help_text="The hotspot period's first day: the Monday three weeks before the week's, "
        "or the first reporting week's Monday when reporting began later."
    )
    hotspot_to = serializers.DateField()
    hotspot_resolution = serializers.IntegerField(help_text="H3 resolution.")
    hotspots = HotspotSerializer(many=True)
    repeat_places = RepeatPlaceSerializer(many=True)
    focus_pai = FocusPaiSerializer(
        allow_null=True, help_text="Null when no meeting chose focus areas last week."
    )
    police_events = WeekPoliceEventsSerializer(allow_null=True)
    measures_in_flagged = FlaggedMeasureSerializer(many=True)
    categories_left_out = serializers.ListField(
        child=serializers.CharField(),
        help_text="Sensitive categories the caller's hotspots and repeat places leave out.",
    )
    first_week = serializers.CharField(
        allow_null=True, help_text="The first ISO week with a counted report the caller sees."
    )
    methods = serializers.ListField(child=serializers.CharField())
    judged = serializers.BooleanField(
        help_text="Whether any series had the history for a threshold."
    )
    held_back = serializers.IntegerField(
        help_text="How many judged series reached their alarm level without alarming: fewer "
        "than min_count reports in the last min_count_weeks weeks (reason few_recent_cases)."
    )
    history_capped = serializers.BooleanField()
