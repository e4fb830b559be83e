"""The forms of the backups and archives pages: only the shape of the input is checked here; what annex 2.6.5 asks
is the services' to refuse, and their messages come back on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.archives.models import Backup, RestoreTest
from sopan.core.forms import BootstrapForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BackupForm(BootstrapForm, forms.Form):
    taken_at = forms.DateTimeField(label=_("Date and time of the backup"), widget=DATETIME)
    scope = forms.ChoiceField(label=_("What"), choices=Backup.Scope.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    location = forms.CharField(label=_("Where it is kept"), max_length=300,
                               help_text=_("e.g. the backup server, an external disk, a cloud bucket"))  # fmt: skip
    size_bytes = forms.IntegerField(label=_("Size (bytes)"), required=False, min_value=0)
    performed_by = forms.CharField(label=_("Made by"), max_length=200)
    checksum = forms.CharField(label=_("SHA-256 checksum (optional)"), max_length=64, required=False)


class RestoreTestForm(BootstrapForm, forms.Form):
    tested_at = forms.DateTimeField(label=_("Date and time of the test"), widget=DATETIME)
    backup = forms.TypedChoiceField(label=_("Backup restored"), required=False, coerce=int, empty_value=None)
    result = forms.ChoiceField(label=_("Result"), choices=RestoreTest.Result.choices)
    duration_seconds = forms.IntegerField(label=_("Duration (seconds)"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence (PDF, PNG or JPG)"), required=False)

    def __init__(self, *args, backups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["backup"].choices = [("", _("(not logged here)")), *((b.pk, str(b)) for b in backups)]


class SettingsForm(BootstrapForm, forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    interval_hours = forms.IntegerField(label=_("A backup at least every (hours)"))
    source = forms.CharField(label=_("Source of the interval"), max_length=300, required=False,
                             help_text=_("The SPSE standard or decision that sets it."))  # fmt: skip


class DispositionForm(BootstrapForm, forms.Form):
    recipient = forms.CharField(label=_("Received by (for a transfer)"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
