"""Forms of the announcements of outages and maintenance. They only parse input; the rules (start before end, an
outage not in the future, an end not after now …) live in `services.announcements`, so they live once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.helpdesk.models import Announcement

DATETIME_WIDGET = {"attrs": {"type": "datetime-local"}, "format": "%Y-%m-%dT%H:%M"}


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class AnnouncementFilterForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Announcement.Status.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Announcement.Kind.choices])

    def value(self, name: str) -> str:
        """The filter's value when valid, else empty (a wrong value shows everything rather than an error)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or ""
        return ""


class AnnouncementForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Announcement.Kind.choices, initial=Announcement.Kind.OUTAGE)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("What users should know"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public page and in the feed: what does not work, what users should do meanwhile."),
    )
    services = forms.CharField(
        label=_("Affected services"), max_length=300, help_text=_("For example: SPSE, SiRUP, e-Katalog.")
    )
    affected_tenders = forms.CharField(
        label=_("Affected tenders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One tender or package code per line."),
    )
    started_at = forms.DateTimeField(label=_("Start"), widget=forms.DateTimeInput(**DATETIME_WIDGET))
    expected_end_at = forms.DateTimeField(
        label=_("Expected end"), required=False, widget=forms.DateTimeInput(**DATETIME_WIDGET)
    )

    @classmethod
    def for_announcement(cls, announcement: Announcement, data=None) -> AnnouncementForm:
        initial = {name: getattr(announcement, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class AnnouncementCloseForm(BootstrapForm):
    ended_at = forms.DateTimeField(
        label=_("Actual end"),
        required=False,
        widget=forms.DateTimeInput(**DATETIME_WIDGET),
        help_text=_("Empty: now."),
    )
    cause = forms.CharField(
        label=_("Cause and action taken"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Printed in the Berita Acara Gangguan."),
    )
