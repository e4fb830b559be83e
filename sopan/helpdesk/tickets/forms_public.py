"""Forms of the public side of the helpdesk (issue 5 §1 web form, §5 tracking): the report, the tracking look-up and
the reporter's reply.

Attachments are checked by their content here (`sopan.core.uploads.check_upload`), before any service runs: a
disguised file (a program renamed .png, a text file named .pdf) is refused with a message naming it, and nothing is
created. The services check the rest again (they are also called by the desk, the mailbox and the API) and own every
rule about the data; their errors land on the field of the same name.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sopan.core.antibot import ProofOfWorkField
from sopan.core.forms import bootstrap
from sopan.core.uploads import JPEG, MB, PDF, PNG, CheckedFile, check_upload, human_size
from sopan.helpdesk.models import Application, UserType
from sopan.helpdesk.tickets.numbers import TICKET_KIND, number_normalised

MAX_ATTACHMENTS = 3
ALLOWED = (PDF, JPEG, PNG)
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to `MAX_ATTACHMENTS` screenshots or PDFs, each checked by its content; cleans to a list of CheckedFile."""

    widget = MultipleFileInput

    def __init__(self, *, max_bytes: int = 5 * MB, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ACCEPTED_FILES

    def clean(self, data, initial=None) -> list[CheckedFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                gettext("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, code="too_many"
            )
        checked, errors = [], []
        for uploaded in uploads:
            try:
                checked.append(
                    check_upload(super().clean(uploaded, initial), allowed=ALLOWED, max_bytes=self.max_bytes)
                )
            except ValidationError as error:
                # Name the file: with three attached, the person must know which one to replace.
                errors.append(
                    ValidationError(
                        gettext("%(name)s: %(problem)s")
                        % {"name": getattr(uploaded, "name", "") or "?", "problem": " ".join(error.messages)},
                        code=getattr(error, "code", None) or "invalid",
                    )
                )
        if errors:
            raise ValidationError(errors)
        return checked


def _help_for_attachments(max_bytes: int) -> str:
    return gettext("Up to %(count)s screenshots (JPG, PNG) or PDF documents, each at most %(size)s.") % {
        "count": MAX_ATTACHMENTS,
        "size": human_size(max_bytes),
    }


class ReportForm(forms.Form):
    """The web report (issue 5 §1): who reports, the problem as the consultation form asks it, screenshots."""

    REPORTER = ("name", "email", "phone", "institution", "user_type")
    PROBLEM = ("application", "tender_code", "affects_tender", "error_code", "subject", "description")

    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The helpdesk answers you here; you also track your ticket with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    institution = forms.CharField(label=_("Company or agency"), max_length=200, required=False)
    user_type = forms.ChoiceField(label=_("I am a"), choices=UserType.choices, initial=UserType.PUBLIC)
    application = forms.ChoiceField(label=_("Application"), choices=Application.choices, initial=Application.SPSE)
    tender_code = forms.CharField(label=_("Tender or package code"), max_length=60, required=False)
    affects_tender = forms.BooleanField(label=_("The problem affects an ongoing tender"), required=False)
    error_code = forms.CharField(
        label=_("Error code or message"),
        max_length=200,
        required=False,
        help_text=_("As shown on the screen, if any."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, help_text=_("The problem in a few words."))
    description = forms.CharField(
        label=_("Problem"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_("What you did, what happened, and what you expected."),
    )
    attachments = AttachmentsField()
    altcha = ProofOfWorkField()

    def __init__(self, *args, max_bytes: int = 5 * MB, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].max_bytes = max_bytes
        self.fields["attachments"].help_text = _help_for_attachments(max_bytes)
        bootstrap(self)

    def reporter(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.REPORTER}

    def problem(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.PROBLEM}


class TrackForm(forms.Form):
    """Public tracking (issue 5 §5): the ticket number and the reporter's e-mail, both needed."""

    number = forms.CharField(
        label=_("Ticket number"),
        max_length=20,
        help_text=_("For example HD-2026-000123."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address you gave when you reported the problem."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_number(self) -> str:
        """The number as typed (`hd-2026-7`, `HD 2026 000007`, `HD/2026/7`) in its stored form (`HD-2026-000007`)."""
        number = number_normalised(self.cleaned_data["number"], kinds=(TICKET_KIND,))
        if number is None:
            raise ValidationError(
                _("Enter the ticket number as it is in the mail we sent you, for example HD-2026-000123."),
                code="format",
            )
        return number


class ReplyForm(forms.Form):
    """The reporter's answer on their ticket's page."""

    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    attachments = AttachmentsField()

    def __init__(self, *args, max_bytes: int = 5 * MB, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].max_bytes = max_bytes
        self.fields["attachments"].help_text = _help_for_attachments(max_bytes)
        bootstrap(self)
