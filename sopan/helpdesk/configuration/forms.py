"""Forms of the helpdesk settings page: the closing rules, each priority of the Tabel Prioritas, the urgency × impact
matrix and the IMAP mailbox. The forms check input shapes; the rules (Perwali Pasal 9 ayat 2, limits) are in
`configuration/services.py`, whose errors the views put back on these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.helpdesk.configuration.services import SETTING_LIMITS
from sopan.helpdesk.models import HelpdeskSettings, Level, Mailbox, PriorityLevel, TargetUnit


class HelpdeskSettingsForm(forms.Form):
    auto_close_days = forms.IntegerField(label=_("Close resolved tickets after (working days)"))
    reopen_days = forms.IntegerField(label=_("Days after closing in which a reply reopens the ticket"))
    at_risk_percent = forms.IntegerField(label=_("At risk when this share of the time is used (%)"))
    max_upload_mb = forms.IntegerField(label=_("Largest attachment (MB)"))
    helpdesk_email = forms.EmailField(label=_("Helpdesk e-mail address"), required=False)

    def __init__(self, data=None, *, settings: HelpdeskSettings | None = None):
        initial = {name: getattr(settings, name) for name in self.base_fields} if settings is not None else None
        super().__init__(data, initial=initial, prefix="settings")
        for name, (low, high) in SETTING_LIMITS.items():
            self.fields[name].min_value = low
            self.fields[name].max_value = high
            self.fields[name].widget.attrs.update(min=low, max=high)
        self.fields["reopen_days"].help_text = _("Later, a reply opens a new ticket linked to the closed one.")
        self.fields["helpdesk_email"].help_text = _("Shown to reporters as the address to write to.")
        bootstrap(self)


class PriorityLevelForm(forms.Form):
    label = forms.CharField(label=_("Priority"), max_length=60)
    response_amount = forms.IntegerField(label=_("Response target"), min_value=1, max_value=999)
    response_unit = forms.ChoiceField(label=_("Unit of the response target"), choices=TargetUnit.choices)
    resolution_amount = forms.IntegerField(label=_("Resolution target"), min_value=1, max_value=999)
    resolution_unit = forms.ChoiceField(label=_("Unit of the resolution target"), choices=TargetUnit.choices)

    def __init__(self, data=None, *, level: PriorityLevel):
        initial = {name: getattr(level, name) for name in self.base_fields}
        super().__init__(data, initial=initial, prefix=f"level-{level.pk}")
        self.level = level
        bootstrap(self)
        # The table's row shows the fields; they belong to the row's <form> element (HTML `form` attribute).
        for field in self.fields.values():
            field.widget.attrs["form"] = self.html_id

    @property
    def html_id(self) -> str:
        return f"priority-level-{self.level.pk}"


LEVEL_ORDER = (Level.HIGH, Level.MEDIUM, Level.LOW)


class PriorityMatrixForm(forms.Form):
    """One select per urgency × impact cell, named `<urgency>__<impact>`."""

    def __init__(self, data=None, *, levels, rules):
        super().__init__(data, prefix="matrix")
        current = {(rule.urgency, rule.impact): rule.priority_id for rule in rules}
        for urgency in LEVEL_ORDER:
            for impact in LEVEL_ORDER:
                name = f"{urgency}__{impact}"
                self.fields[name] = forms.ModelChoiceField(
                    queryset=levels,
                    empty_label=None,
                    label=_("Urgency %(urgency)s, impact %(impact)s")
                    % {"urgency": Level(urgency).label, "impact": Level(impact).label},
                )
                self.initial[name] = current.get((urgency, impact))
        bootstrap(self)

    def rows(self):
        """For the table: (urgency label, [the bound fields of its cells, by impact])."""
        return [
            (Level(urgency).label, [self[f"{urgency}__{impact}"] for impact in LEVEL_ORDER]) for urgency in LEVEL_ORDER
        ]

    @staticmethod
    def impacts():
        return [Level(impact).label for impact in LEVEL_ORDER]

    def cells(self) -> dict[tuple[str, str], PriorityLevel]:
        return {
            (urgency, impact): self.cleaned_data[f"{urgency}__{impact}"]
            for urgency in LEVEL_ORDER
            for impact in LEVEL_ORDER
        }


class MailboxForm(forms.Form):
    address = forms.EmailField(label=_("Helpdesk address"))
    host = forms.CharField(label=_("IMAP server"), max_length=200)
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=993)
    use_ssl = forms.BooleanField(label=_("TLS (IMAPS)"), required=False, initial=True)
    username = forms.CharField(label=_("User name"), max_length=200)
    # Write-only: never rendered back into the page.
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    folder = forms.CharField(label=_("Folder"), max_length=100, initial="INBOX")
    is_active = forms.BooleanField(label=_("Poll this mailbox"), required=False, initial=True)

    def __init__(self, data=None, *, mailbox: Mailbox | None = None):
        initial = None
        if mailbox is not None:
            initial = {name: getattr(mailbox, name) for name in self.base_fields if name != "password"}
        super().__init__(data, initial=initial, prefix="mailbox")
        self.fields["password"].help_text = (
            _("A password is stored. Leave blank to keep it.")
            if mailbox is not None and mailbox.password
            else _("The password of the mailbox account.")
        )
        bootstrap(self)
