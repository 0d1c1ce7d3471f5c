"""What a partner system sends to push a report, checked like the report form checks it."""

from __future__ import annotations

from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.reports.models import Insecurity, Report
from lagesbild.reports.rules import report_problems
from lagesbild.reports.services import NewReport
from lagesbild.web.text import TextRules, refuse_characters, without_builtin_text_checks


class OffsetDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time that must carry its UTC offset (``Z`` or ``+02:00``): no guessing zones."""

    def to_internal_value(self, value) -> datetime:
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:  # well formed but impossible, e.g. minute 60: a 400, not a 500
            parsed = None
        if parsed is None:
            # DRF's own message mixed Swedish and English ("… istället: ISO 8601, e.g. …").
            raise serializers.ValidationError(
                _("Ange en tidpunkt enligt ISO 8601, t.ex. 2024-09-11T22:15:00+02:00."),
                code="invalid",
            )
        if parsed.tzinfo is None:
            raise serializers.ValidationError(
                _("Ange tidszonens förskjutning, t.ex. +02:00 eller Z.")
            )
        return parsed


class TextField(serializers.CharField):
    """A text field checked by the same rules as the forms and the importers (``TextRules``)."""

    # DRF's Swedish catalogue lacks "Not a valid string." (a number or a list for a text).
    default_error_messages = {
        "invalid": gettext_lazy("Ange texten som en JSON-sträng (inom citattecken).")
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            *without_builtin_text_checks(self.validators),  # type: ignore[has-type]
            TextRules(self.max_length),
        ]

    def to_internal_value(self, data) -> str:
        refuse_characters(data)  # before the ends are trimmed, as in the forms
        return super().to_internal_value(data)


class OptionalTextField(TextField):
    """An optional text a client may send as null, read as empty: clients written by hand and
    generated ones send null for "none" (it was 400 "Det här fältet får inte vara null.")."""

    def __init__(self, **kwargs) -> None:
        super().__init__(allow_blank=True, allow_null=True, **kwargs)

    def run_validation(self, data=serializers.empty):
        return super().run_validation("" if data is None else data)


class CodeField(serializers.SlugRelatedField):
    """A related object by its code; a code with a character no code has (a NUL: a 500 on
    PostgreSQL, found by the schema fuzzer) is refused before it reaches a query."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            refuse_characters(data)
        return super().to_internal_value(data)


class ReportPushSerializer(serializers.Serializer):
    """One report pushed by an organisation's system; the organisation comes from the token."""

    category = CodeField(
        slug_field="code",
        queryset=Category.objects.filter(active=True),
        help_text="Category code, e.g. klotter.",
        # DRF's own words were "Objekt med code=nope finns inte.", naming neither what nor where.
        error_messages={
            "does_not_exist": gettext_lazy(
                "Okänd kategorikod {value!r}; kategorierna och deras koder finns på "
                "/api/v1/categories/."
            )
        },
    )
    occurred_from = OffsetDateTimeField(help_text="When it happened, ISO 8601 with offset.")
    occurred_to = OffsetDateTimeField(
        required=False, allow_null=True, help_text="End of an uncertain window."
    )
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )
    district = OptionalTextField(
        required=False,
        max_length=50,
        help_text="Code of a district (/api/v1/districts/), when no coordinates.",
    )
    place_text = OptionalTextField(max_length=200, default="")
    description = OptionalTextField(max_length=2000, default="")
    insecurity = serializers.ChoiceField(choices=Insecurity.values, default=Insecurity.MEDIUM)
    count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000)
    external_id = OptionalTextField(
        max_length=100,
        default="",
        help_text="Your id of the event: pushing it again updates the report, never adds one.",
    )

    def validate_district(self, code: str) -> Area | None:
        if not code:
            return None
        municipality = self.context["organisation"].municipality_id
        area = Area.objects.filter(municipality_id=municipality, code=code).first()
        if area is not None:
            return area
        if not Area.objects.filter(municipality_id=municipality).exists():
            raise serializers.ValidationError(
                _("Okänd stadsdelskod %(code)r: kommunen har inga stadsdelar än.") % {"code": code}
            )
        raise serializers.ValidationError(
            _(
                "Okänd stadsdelskod %(code)r; stadsdelarna och deras koder finns på "
                "/api/v1/districts/."
            )
            % {"code": code}
        )

    def validate(self, attrs: dict) -> dict:
        if unknown := sorted(set(self.initial_data) - set(self.fields)):
            raise serializers.ValidationError({name: _("Okänt fält.") for name in unknown})
        problems = report_problems(
            occurred_from=attrs.get("occurred_from"),
            occurred_to=attrs.get("occurred_to"),
            has_latitude=attrs.get("latitude") is not None,
            has_longitude=attrs.get("longitude") is not None,
            has_area=attrs.get("district") is not None,
            place_text=attrs.get("place_text", ""),
        )
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def new_report(self) -> NewReport:
        """Return the validated report for the token's organisation, marked as pushed by API."""
        data = dict(self.validated_data)
        return NewReport(
            organisation=self.context["organisation"],
            source=Report.Source.API,
            area=data.pop("district", None),
            **data,
        )


class ReportPushedSerializer(serializers.Serializer):
    """The answer to a push: the report's id, its review status and what the push did."""

    id = serializers.IntegerField()
    review_status = serializers.ChoiceField(choices=Report.Review.choices)
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged"])


class ErrorSerializer(serializers.Serializer):
    """Every error answer."""

    error = serializers.CharField()
    detail = serializers.JSONField()
