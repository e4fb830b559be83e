"""Forms of the procurement pages: the package list's filters and the RUP upload. They only parse input; the rules
live in the services and selectors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import BootstrapForm
from sopan.procurement.models import Kind, Method, Package
from sopan.procurement.selectors import PackageFilters

ALL = [("", _("All"))]


class PackageFilterForm(BootstrapForm, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Package name or RUP code"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[*ALL, *Package.Status.choices])
    method = forms.ChoiceField(label=_("Method"), required=False, choices=[*ALL, *Method.choices])
    kind = forms.ChoiceField(label=_("Procurement type"), required=False, choices=[*ALL, *Kind.choices])
    year = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=2000, max_value=2100)
    ppk = forms.TypedChoiceField(label=_("Commitment officer (PPK)"), required=False, coerce=int, empty_value=None)
    pokja = forms.TypedChoiceField(label=_("Pokja member"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, agencies=(), officers=(), pokja_members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [*ALL, *agencies]
        self.fields["ppk"].choices = [*ALL, *officers]
        self.fields["pokja"].choices = [*ALL, *pokja_members]

    def filters(self) -> PackageFilters:
        """The chosen filters; none when the form is invalid (a bad value shows the whole list with its error)."""
        if not self.is_valid():
            return PackageFilters()
        data = self.cleaned_data
        return PackageFilters(
            agency=data["agency"],
            status=data["status"],
            method=data["method"],
            kind=data["kind"],
            fiscal_year=data["year"],
            ppk=data["ppk"],
            pokja=data["pokja"],
            query=data["q"].strip(),
        )


class RupUploadForm(BootstrapForm, forms.Form):
    file = forms.FileField(
        label=_("SiRUP export"),
        help_text=_("An XLSX, CSV or JSON file with SiRUP's own column names (kd_rup, nama_paket, pagu, …)."),
    )
