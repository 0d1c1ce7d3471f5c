from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Municipality
from lagesbild.workflow.imports import MAX_UPLOAD_BYTES, SOURCES


class OfficialFileForm(forms.Form):
    """Step one: the file and what it is."""

    source = forms.ChoiceField(label=_("Källa"), choices=list(SOURCES.items()))
    file = forms.FileField(label=_("Fil"))
    year = forms.IntegerField(
        label=_("År (bara Brås årsfil per kommun)"), required=False, min_value=1950, max_value=2100
    )
    crime_type = forms.CharField(
        label=_("Brottstyp (bara Brås årsfil; standard: Totalt antal brott)"),
        required=False,
        max_length=200,
    )
    name_property = forms.CharField(
        label=_("Egenskapen med områdets namn (bara områden)"),
        required=False,
        max_length=100,
        help_text=_("Standard: name"),
    )
    code_property = forms.CharField(
        label=_("Egenskapen med områdets kod (bara områden)"),
        required=False,
        max_length=100,
        help_text=_("Standard: code. Koden håller ihop ett område mellan importer."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Filen är större än %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class ConfirmImportForm(forms.Form):
    """Step two: import the file that was previewed (its token names the stored upload)."""

    source = forms.ChoiceField(choices=list(SOURCES.items()), widget=forms.HiddenInput)
    upload = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, widget=forms.HiddenInput)
    year = forms.IntegerField(
        required=False, min_value=1950, max_value=2100, widget=forms.HiddenInput
    )
    crime_type = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    name_property = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    code_property = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)


class MunicipalitySettingsForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["counts_unreviewed"]
