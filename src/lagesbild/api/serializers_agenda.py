"""A meeting's agenda, section by section, for the schema.

The agenda is stored on the meeting as plain JSON (``meetings/agenda.py: build_agenda``) and sent
as stored; these serializers only describe it. Each section is told apart by its ``key``. A
field the agenda came to keep later is optional: an agenda stored before it has none.
``api/tests/test_api_documented_fields.py`` checks them against the demo's meetings.
"""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from lagesbild.api.serializers_analysis import (
    HotspotSerializer,
    RepeatPlaceSerializer,
    TypeCountField,
    WeekAlertSerializer,
)

STORED_LATER = "Absent from agendas stored before it was kept."
PAI_FIGURES = (
    "[reports in, reports in the week, share of reports, share of area, PAI]; the shares and "
    "the PAI may be null."
)


def section_key(key: str) -> serializers.ChoiceField:
    """The one value that names a section (an enum of one, so that exactly one section's
    schema matches)."""
    return serializers.ChoiceField(choices=[key])


def in_progress_field() -> serializers.BooleanField:
    return serializers.BooleanField(
        required=False,
        help_text="The week had not ended when the agenda was made (or, made after the "
        "meeting, on the meeting's day): its figures are so far. " + STORED_LATER,
    )


def as_of_field() -> serializers.DateField:
    return serializers.DateField(
        allow_null=True,
        required=False,
        help_text="The meeting's day, when the agenda was made after it: reports that happened "
        "later are left out (the alerts' counts excepted, see whole_week), reports entered "
        "later may be in. " + STORED_LATER,
    )


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "number", "nullable": True},
        "minItems": 5,
        "maxItems": 5,
        "description": PAI_FIGURES,
    }
)
class PaiFiguresField(serializers.ListField):
    """The figures a PAI sentence is written from, kept so it can be written again."""


# --- follow-up: open measures --------------------------------------------------------------------


class AgendaMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="proposed, decided, ongoing, done or cancelled.")
    status_label = serializers.CharField(help_text="In the language the agenda was made in.")
    owner = serializers.CharField(allow_null=True, help_text="The responsible organisation.")
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    decided_week = serializers.CharField(allow_null=True)
    follow_up = serializers.CharField(allow_blank=True)


class AgendaMeasuresSectionSerializer(serializers.Serializer):
    """The open measures to follow up, as they stood on the meeting's day."""

    key = section_key("measures")
    items = AgendaMeasureSerializer(many=True)
    available = serializers.BooleanField()
    as_of = serializers.DateField(
        allow_null=True,
        required=False,
        help_text="The day the measures are read back to, when the agenda was made after it. "
        + STORED_LATER,
    )


# --- follow-up: last week's focus areas ----------------------------------------------------------


class AgendaFocusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rank = serializers.IntegerField()
    label = serializers.CharField()
    district = serializers.CharField(allow_null=True, help_text="The district's name.")
    h3_cells = serializers.ListField(child=serializers.CharField())
    organisation = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    week = serializers.CharField(help_text="The week the focus area was chosen.")
    pai = serializers.FloatField(allow_null=True, help_text="Null without a PAI this week.")
    count = serializers.IntegerField(allow_null=True, help_text="Reports in the area.")
    sentence = serializers.CharField(allow_null=True)
    pai_figures = PaiFiguresField(
        required=False, help_text=f"{PAI_FIGURES} Absent without a PAI row. {STORED_LATER}"
    )


class AgendaFocusSectionSerializer(serializers.Serializer):
    """How last week's focus areas fared this week (PAI)."""

    key = section_key("focus")
    items = AgendaFocusSerializer(many=True)
    available = serializers.BooleanField(help_text="False: no analysis could be made.")
    summary = serializers.CharField(allow_null=True, help_text="All focus areas together.")
    summary_figures = PaiFiguresField(
        allow_null=True, required=False, help_text=f"{PAI_FIGURES} {STORED_LATER}"
    )
    in_progress = in_progress_field()
    previous_met = serializers.BooleanField(
        allow_null=True,
        required=False,
        help_text="Whether the week before had a meeting (null: not known). " + STORED_LATER,
    )
    as_of = as_of_field()


# --- this week: alerts, hotspots, repeat places, police notices ----------------------------------


class AgendaAlertSerializer(WeekAlertSerializer):
    text = serializers.CharField(help_text="The line the agenda shows.")


class RelatedMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    owner = serializers.CharField(allow_null=True)


class AgendaAlertsSectionSerializer(serializers.Serializer):
    """The week's alarms (at most ten) and the open measures that touch them."""

    key = section_key("alerts")
    items = AgendaAlertSerializer(many=True)
    available = serializers.BooleanField()
    related = RelatedMeasureSerializer(many=True)
    in_progress = serializers.BooleanField(
        required=False,
        help_text="The week had not ended when the agenda was made: its counts are so far. "
        + STORED_LATER,
    )
    as_of = as_of_field()
    whole_week = serializers.BooleanField(
        required=False,
        help_text="Made after a meeting held before the week ended: the alerts judge the "
        "week's counts, days after the meeting included. " + STORED_LATER,
    )
    judged = serializers.BooleanField(
        allow_null=True,
        required=False,
        help_text="Whether any series had the history for a threshold. " + STORED_LATER,
    )
    held_back = serializers.IntegerField(
        required=False,
        help_text="How many judged counts reached their alarm level without alarming (fewer "
        "than five reports in the last four weeks). " + STORED_LATER,
    )
    methods = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The alert methods that ran; absent without an analysis. " + STORED_LATER,
    )
    history_weeks = serializers.IntegerField(required=False, help_text="Absent with methods.")
    history_capped = serializers.BooleanField(required=False, help_text="Absent with methods.")
    first_week_note = serializers.CharField(
        required=False,
        help_text="The weekly page's note when reporting began in the week or the week before "
        "(or after it), or that no report is counted yet, in the language the agenda was made "
        "in; absent otherwise. " + STORED_LATER,
    )
    week = serializers.CharField(required=False, help_text="Present with first_week_note.")
    first_week = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="The first ISO week with a counted report, null when none is counted yet; "
        "present with first_week_note.",
    )


class LeavesOut(serializers.Serializer):
    """An analysis item as the agenda keeps it: some of its fields left out."""

    left_out: tuple[str, ...] = ()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {name: field for name, field in fields.items() if name not in self.left_out}


class AgendaHotspotSerializer(LeavesOut, HotspotSerializer):
    left_out = ("polygon",)  # the map draws it; the agenda keeps the cells
    text = serializers.CharField()


class AgendaHotspotsSectionSerializer(serializers.Serializer):
    key = section_key("hotspots")
    items = AgendaHotspotSerializer(many=True)
    available = serializers.BooleanField()
    period = serializers.CharField(allow_null=True, help_text="The hotspots' dates, from – to.")
    in_progress = in_progress_field()
    as_of = as_of_field()


class AgendaRepeatPlaceSerializer(LeavesOut, RepeatPlaceSerializer):
    left_out = ("dates",)  # first and last are enough for a line
    text = serializers.CharField()


class AgendaRepeatPlacesSectionSerializer(serializers.Serializer):
    key = section_key("repeat_places")
    items = AgendaRepeatPlaceSerializer(many=True)
    available = serializers.BooleanField()
    in_progress = in_progress_field()
    as_of = as_of_field()


class AgendaPoliceSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_type = serializers.ListField(child=TypeCountField(), help_text="At most five types.")
    source = serializers.CharField()
    text = serializers.CharField()


class AgendaPoliceSectionSerializer(serializers.Serializer):
    """The week's police notices in one line; left out when there were none."""

    key = section_key("police")
    items = AgendaPoliceSerializer(many=True)
    available = serializers.BooleanField()
    in_progress = in_progress_field()
    as_of = as_of_field()


AGENDA_SECTION = PolymorphicProxySerializer(
    component_name="AgendaSection",
    serializers={
        "measures": AgendaMeasuresSectionSerializer,
        "focus": AgendaFocusSectionSerializer,
        "alerts": AgendaAlertsSectionSerializer,
        "hotspots": AgendaHotspotsSectionSerializer,
        "repeat_places": AgendaRepeatPlacesSectionSerializer,
        "police": AgendaPoliceSectionSerializer,
    },
    resource_type_field_name="key",
    many=True,
)


@extend_schema_field(AGENDA_SECTION)
class AgendaField(serializers.JSONField):
    """The stored agenda, sent as stored: its sections in meeting order."""
