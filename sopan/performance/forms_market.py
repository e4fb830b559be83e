"""The filter of the vendor market page (views_market.py): a KBLI code or its first digits, a province, a regency."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import BootstrapForm
from sopan.vendors.regions import PROVINCE_CHOICES


class MarketFilterForm(BootstrapForm, forms.Form):
    kbli = forms.CharField(
        label=_("KBLI (code or its first digits)"),
        max_length=5,
        required=False,
        validators=[RegexValidator(r"^\d{1,5}$", _("Enter one to five digits of a KBLI code."))],
    )
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *PROVINCE_CHOICES], required=False)
    regency = forms.CharField(
        label=_("Regency / city"), max_length=100, required=False, help_text=_("Leave empty for the whole province.")
    )

    def clean(self):
        data = super().clean()
        if data.get("regency", "").strip() and not data.get("province"):
            self.add_error("province", _("Choose the province of the regency / city."))
        return data
