from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, cast
from uuid import uuid4

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area
from lagesbild.areas.services import REACH_METRES, in_reach
from lagesbild.categories.models import Category
from lagesbild.categories.sensitivity import marked_sensitive, who_sees_sensitive
from lagesbild.core.i18n import format_number
from lagesbild.organisations.access import Viewer, filing_organisations
from lagesbild.organisations.models import Organisation
from lagesbild.places.services import gazetteer_for
from lagesbild.reports.models import Insecurity
from lagesbild.reports.rules import FORM_AGE_LIMIT, MAX_COUNT, time_problems
from lagesbild.reports.services import report_version
from lagesbild.web.pin import one_pin_error, pin_coordinate
from lagesbild.web.text import FreeTextField


def category_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Group subcategories under their top-level category for the select's optgroups; a
    sensitive category says so in its option."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for top in Category.objects.filter(parent__isnull=True, active=True).prefetch_related(
        "children"
    ):
        children = [c for c in top.children.all() if c.active]
        top_label = _("%(name)s – allmänt") % {"name": top.name} if children else top.name
        options = [(top.pk, _option(top_label, top))]
        options += [(child.pk, _option(child.name, child)) for child in children]
        groups.append((top.name, options))
    return groups


def _option(label: str, category: Category) -> str:
    return marked_sensitive(label) if category.sensitive else label


class LocalTimeField(forms.DateTimeField):
    """A time on the local wall clock, as a reporter reads it.

    In the hour the clocks go back (October) every time happens twice: Django refuses such a
    time in words no reporter understands, and night guards file reports in that very hour. The
    first of the two (still summer time) is taken. In the hour the clocks skip (March) no time
    exists: the message says so in words.
    """

    def to_python(self, value: Any) -> datetime | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if getattr(error, "code", None) != "ambiguous_timezone":
                raise
            naive: datetime = error.params["datetime"]  # type: ignore[index]
        zone = timezone.get_current_timezone()
        first = naive.replace(tzinfo=zone)
        if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
            raise ValidationError(
                _(
                    "Klockslaget %(time)s fanns inte den dagen: klockan ställdes fram en timme "
                    "till sommartid."
                ),
                code="skipped_time",
                params={"time": f"{naive:%H:%M}"},
            )
        return first


# A sending's key as the form writes it (uuid4 hex); anything else is no key.
SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")


def new_submission_key() -> str:
    """Return the one-use key of a form about to be shown (``services.file_once``)."""
    return uuid4().hex


def submission_key(posted: str) -> str:
    """Return the key a form was sent with, or "" for none or anything a form does not write."""
    return posted if SUBMISSION_KEY.fullmatch(posted) else ""


class ChoiceInMunicipality(forms.ModelChoiceField):
    """An organisation or district, named with its municipality when ``with_municipality``
    (for someone who files in several: two towns may both have a "Centrum")."""

    with_municipality = False

    def label_from_instance(self, obj: Any) -> str:
        label = super().label_from_instance(obj)
        town = obj.municipality.name
        # "Lokalpolisområde Landskrona" names it already.
        return f"{label} ({town})" if self.with_municipality and town not in label else label


class ReportForm(forms.Form):
    """The mobile report form: what, where, when, how serious — in under a minute."""

    # One key per form shown, sent back with every sending of it: the same key twice (a double
    # tap, a resent request, Back and send again) files one report (``services.file_once``).
    # A text field kept out of sight, not a hidden input: browsers give a text field whose value
    # a script changed back with the typed ones when the form is shown again on Back (the page's
    # script moves the key out of the attribute, report-form.js); a hidden input got a new key.
    submission = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"hidden": True}),
    )

    organisation: forms.ModelChoiceField[Organisation] = ChoiceInMunicipality(
        queryset=None, label=_("Rapporterar för"), empty_label=_("– välj organisation –")
    )
    category = forms.TypedChoiceField(label=_("Vad har hänt?"), coerce=int)
    occurred_from = LocalTimeField(
        label=_("När?"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    occurred_to = LocalTimeField(
        label=_("Till (om du inte vet exakt när)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    latitude = pin_coordinate(90)
    longitude = pin_coordinate(180)
    area: forms.ModelChoiceField[Area] = ChoiceInMunicipality(
        queryset=None,
        required=False,
        label=_("Område"),
        empty_label=_("– välj om du inte satt en nål –"),
    )
    place_text = FreeTextField(
        label=_("Adress eller plats"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "place-options"}),
    )
    insecurity = forms.TypedChoiceField(
        label=_("Hur otryggt?"),
        choices=Insecurity.choices,
        coerce=int,
        initial=Insecurity.MEDIUM,
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label=_("Antal personer eller föremål"), required=False, min_value=1, max_value=MAX_COUNT
    )
    description = FreeTextField(
        label=_("Beskrivning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Skriv inte namn, personnummer, telefonnummer eller registreringsnummer. "
            "Sådant tas bort automatiskt."
        ),
    )

    def __init__(self, *args, viewer: Viewer, only: Organisation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisations = filing_organisations(viewer)
        if only is not None:  # a report being changed keeps its organisation
            organisations = organisations.filter(pk=only.pk)
        # The fields as declared above (``fields`` holds them as plain Fields).
        organisation = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        category = cast(forms.TypedChoiceField, self.fields["category"])
        area = cast("forms.ModelChoiceField[Area]", self.fields["area"])
        organisation.queryset = organisations
        # Most reporters belong to one organisation: then there is nothing to choose.
        self.only_organisation = organisations.first() if organisations.count() == 1 else None
        if self.only_organisation:
            organisation.required = False
            organisation.widget = forms.HiddenInput()
        category.choices = [("", _("– välj kategori –")), *category_choices()]
        if Category.objects.filter(active=True, sensitive=True).exists():
            category.help_text = who_sees_sensitive()
        # The districts of the municipalities the person files in; in several, each choice says
        # which municipality it is in (two towns may both have a "Centrum").
        municipality_ids = set(organisations.values_list("municipality_id", flat=True))
        area.queryset = Area.objects.filter(
            municipality_id__in=municipality_ids, kind=Area.Kind.DISTRICT
        ).select_related("municipality")
        if len(municipality_ids) > 1:
            organisation.queryset = organisations.select_related("municipality")
            area.queryset = area.queryset.order_by("municipality__name", "name")
            for field in (organisation, area):
                cast(ChoiceInMunicipality, field).with_municipality = True
        self.fields["occurred_from"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["submission"].initial = new_submission_key()
        # Django's own message writes the limit without a thousands separator ('10000').
        self.fields["count"].error_messages["max_value"] = _("Antalet får vara högst %(max)s.") % {
            "max": format_number(MAX_COUNT)
        }

    def clean_submission(self) -> str:
        return submission_key(self.cleaned_data.get("submission") or "")

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation

    def clean_category(self) -> Category:
        try:
            return Category.objects.get(pk=self.cleaned_data["category"], active=True)
        except Category.DoesNotExist:
            raise forms.ValidationError(_("Välj en kategori i listan.")) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        one_pin_error(self)
        data = self.cleaned_data
        start, end = data.get("occurred_from"), data.get("occurred_to")
        for name, message in time_problems(
            start, end, limit=FORM_AGE_LIMIT, suggest_yesterday=True
        ).items():
            self.add_error(name, message)
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon:
            self.add_error(None, _("Kartnålen saknar en koordinat; sätt den igen."))
        elif has_lat and not self._pin_in_reach(data["latitude"], data["longitude"]):
            # Said here, of the pin: the service's sentence asks about swapped coordinates,
            # which a reporter who tapped the map or used the phone's position never typed.
            self.add_error(
                "latitude",
                _(
                    "Nålen ligger mer än %(km)s km utanför kommunen. Flytta den till platsen, "
                    "eller ta bort den och välj område eller skriv en adress."
                )
                % {"km": REACH_METRES // 1000},
            )
        chosen_area = self.cleaned_data.get("area")
        place_text = (self.cleaned_data.get("place_text") or "").strip()
        if not (has_lat or chosen_area or place_text):
            self.add_error(
                "place_text",
                _("Ange var: sätt en nål på kartan, välj område eller skriv en adress."),
            )
        elif not (has_lat or chosen_area) and not self._known_place(place_text):
            # Without a pin or a district, only a place the gazetteer knows puts the report on
            # the map; an unknown text would be stored in no district and drop out of every count.
            self.add_error(
                "area",
                _(
                    "Platsen %(place)s finns inte i kommunens ortnamnsregister: "
                    "välj stadsdel eller sätt en nål på kartan."
                )
                % {"place": f"”{place_text}”"},
            )
        return data

    def _pin_in_reach(self, latitude: float, longitude: float) -> bool:
        organisation = self.cleaned_data.get("organisation")
        if organisation is None:
            return True  # the organisation's own error is the one to show
        return in_reach(organisation.municipality, latitude, longitude)

    def _known_place(self, place_text: str) -> bool:
        organisation = self.cleaned_data.get("organisation")
        if organisation is None:
            return True  # the organisation's own error is the one to show
        return gazetteer_for(organisation.municipality_id).match(place_text) is not None


class ChangeReportForm(ReportForm):
    """The report form for a reporter's own change of a report not yet reviewed: the same fields
    and checks, filled in with the report as stored, its organisation fixed.

    ``version`` is the stored report's version the form was made from
    (``services.report_version``): the service refuses a form made before another change."""

    version = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, viewer: Viewer, report: Any, **kwargs) -> None:
        kwargs.setdefault("initial", initial_of(report))
        super().__init__(*args, viewer=viewer, only=report.organisation, **kwargs)


def initial_of(report: Any) -> dict[str, Any]:
    """The report form's values for a stored report, as its reporter would have typed them.

    A point found from the place text (``geocoded``) is not a pin: the text is filled in and
    places the report again. Without a pin, the district is the one the reporter chose."""
    pin = report.has_point and not report.geocoded
    return {
        "organisation": report.organisation_id,
        "category": report.category_id,
        "occurred_from": timezone.localtime(report.occurred_from),
        "occurred_to": timezone.localtime(report.occurred_to) if report.occurred_to else None,
        "latitude": report.latitude if pin else None,
        "longitude": report.longitude if pin else None,
        # A report stored before the chosen district was kept: its area, unless geocoded.
        "area": None
        if pin
        else report.chosen_area_id or (None if report.geocoded else report.area_id),
        "place_text": report.place_text,
        "insecurity": report.insecurity,
        "count": report.count,
        "description": report.description,
        "version": report_version(report),
    }
