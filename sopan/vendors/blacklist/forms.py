"""Forms of the blacklist register: the import of the national list and the search of the register."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.core.uploads import human_size
from sopan.vendors.blacklist.limits import MAX_BYTES
from sopan.vendors.blacklist.selectors import EntryState


class BlacklistImportForm(forms.Form):
    file = forms.FileField(
        label=_("Daftar Hitam file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The national list exported as CSV or Excel (XLSX), at most %(limit)s, with the columns Nama Penyedia, "
            "NPWP, NIB, Nomor SK, Pelanggaran, Tanggal Mulai and Tanggal Berakhir (or Masa Berlaku). It replaces "
            "the whole register; a file with any wrong row is refused and changes nothing."
        ) % {"limit": human_size(MAX_BYTES)}
        bootstrap(self)


class BlacklistSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, NPWP, NIB or SK number"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *EntryState.CHOICES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""
