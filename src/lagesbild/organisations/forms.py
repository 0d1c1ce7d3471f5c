"""The coordinator's member page: add a member by e-mail, change or end a membership."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.organisations.access import GRANTABLE_ROLES
from lagesbild.organisations.models import Organisation
from lagesbild.organisations.setup import PARTNER_KINDS

ROLE_CHOICES = [(role.value, role.label) for role in GRANTABLE_ROLES]


def _not_before_today(day: date | None) -> date | None:
    if day is not None and day < timezone.localdate():
        raise forms.ValidationError(_("Slutdatumet kan inte ligga före i dag."))
    return day


class DateInput(forms.DateInput):
    input_type = "date"


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"), max_length=254)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("Välj en av kommunens organisationer.")},
    )
    role = forms.ChoiceField(
        label=_("Roll"),
        choices=ROLE_CHOICES,
        error_messages={"invalid_choice": _("Välj en av rollerna i listan.")},
    )
    ends_on = forms.DateField(
        label=_("Upphör (valfritt)"),
        required=False,
        widget=DateInput,
        help_text=_("Lämna tomt för ett medlemskap utan slutdatum."),
    )
    first_name = forms.CharField(label=_("Förnamn (nytt konto)"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Efternamn (nytt konto)"), required=False, max_length=150)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field: Any = self.fields["organisation"]
        organisation_field.queryset = organisations

    def clean_email(self) -> str:
        local, _at, domain = self.cleaned_data["email"].strip().rpartition("@")
        return f"{local}@{domain.lower()}"

    def clean_ends_on(self) -> date | None:
        return _not_before_today(self.cleaned_data.get("ends_on"))


class ChangeMembershipForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Roll"),
        choices=ROLE_CHOICES,
        error_messages={"invalid_choice": _("Välj en av rollerna i listan.")},
    )
    ends_on = forms.DateField(
        label=_("Upphör"),
        required=False,
        widget=DateInput,
        help_text=_("Medlemskapet ger inga rättigheter från dagen efter. Tomt: inget slutdatum."),
    )


class EndMembershipForm(forms.Form):
    """Shown beside the change form, so its ids differ (the field's name is the same)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "end_%s")
        super().__init__(*args, **kwargs)

    ends_on = forms.DateField(
        label=_("Sista dag"),
        required=False,
        widget=DateInput,
        help_text=_("Tomt: i dag."),
    )

    def clean_ends_on(self) -> date | None:
        return _not_before_today(self.cleaned_data.get("ends_on"))


class OrganisationNameForm(forms.Form):
    """An organisation's name (its spaces evened out by ``organisations.setup``)."""

    organisation_name = forms.CharField(label=_("Organisationens namn"), max_length=150)


class AddOrganisationForm(OrganisationNameForm):
    """A partner that joins the collaboration (the police's organisation is set up with the
    municipality)."""

    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=[(kind.value, kind.label) for kind in PARTNER_KINDS],
        error_messages={"invalid_choice": _("Välj en av typerna i listan.")},
    )
