"""Forms of the helpdesk desk: the Formulir Konsultasi filled while talking (telephone, walk-in) and the ticket list's
filters.

The intake form only shapes the input; the rules about a report (a name, a telephone number or e-mail for a call, a
tender code when a tender is affected, valid choices) live in `services.tickets.ticket_create`, whose errors are put on
these fields by name (the field names are the service's keys).
"""

from __future__ import annotations

import datetime

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.helpdesk.models import (
    Application,
    Area,
    Category,
    Channel,
    Level,
    PriorityLevel,
    Ticket,
    TicketType,
    UserType,
)
from sopan.helpdesk.tickets.services import CLASSIFICATION_FIELDS, PROBLEM_FIELDS, REPORTER_FIELDS

# The moment the form was opened (the call picked up) travels signed, so the ticket's "received" time is the start of
# the call, not the end of the typing; an old or forged value is ignored.
_CALL_SALT = "helpdesk.call-started"
_CALL_MAX_AGE = datetime.timedelta(hours=4)


def call_started_token() -> str:
    return signing.TimestampSigner(salt=_CALL_SALT).sign(timezone.now().isoformat())


def call_started_at(token: str) -> datetime.datetime | None:
    try:
        value = signing.TimestampSigner(salt=_CALL_SALT).unsign(token or "", max_age=_CALL_MAX_AGE)
    except signing.BadSignature:
        return None
    return datetime.datetime.fromisoformat(value)


class Outcome:
    """Seed step 5: could the desk answer during the call?"""

    ANSWERED = "answered"
    TICKET = "ticket"


class IntakeForm(forms.Form):
    """The Formulir Konsultasi (seed step 3), one form for the telephone and the walk-in desk.

    The order of the fields is the order of the conversation (and the tab order): who is calling and how to reach them
    (a returning caller is found from the telephone number or e-mail), what the problem concerns, the problem itself,
    its classification (defaults fit most calls), and the decision of step 5."""

    call_started = forms.CharField(widget=forms.HiddenInput, required=False)
    # --- the caller
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Give the reporter's name.")})
    institution = forms.CharField(label=_("Company or agency"), max_length=200, required=False)
    user_type = forms.ChoiceField(label=_("User type"), choices=UserType.choices, initial=UserType.VENDOR)
    # --- what it concerns
    application = forms.ChoiceField(label=_("Application"), choices=Application.choices, initial=Application.SPSE)
    tender_code = forms.CharField(label=_("Tender or package code"), max_length=60, required=False)
    affects_tender = forms.BooleanField(label=_("Affects an ongoing tender"), required=False)
    error_code = forms.CharField(label=_("Error code or message"), max_length=200, required=False)
    # --- the problem
    subject = forms.CharField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Say in a few words what the problem is.")}
    )
    description = forms.CharField(
        label=_("The problem"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the problem.")},
    )
    # --- classification (Tabel Prioritas)
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices, initial=TicketType.PROBLEM)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.TECHNICAL)
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices, initial=Area.SOFTWARE)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Level.choices, initial=Level.MEDIUM)
    impact = forms.ChoiceField(label=_("Impact"), choices=Level.choices, initial=Level.MEDIUM)
    # --- seed step 5
    outcome = forms.ChoiceField(
        label=_("Could you answer it now?"),
        widget=forms.RadioSelect,
        initial=Outcome.TICKET,
        choices=[
            (Outcome.TICKET, _("No: give the consultation form number and the ticket number (step 8)")),
            (Outcome.ANSWERED, _("Yes: the solution was given now (steps 6 and 7)")),
        ],
    )
    solution = forms.CharField(
        label=_("Solution given"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What you told the reporter; it is written in the consultation form and the ticket is resolved."),
    )

    # Access keys (Alt+Shift+key in most browsers; the page lists them), the first letters of the Indonesian labels the
    # desk works with: Telepon, E-mail, Nama, Perihal, perMasalahan, Solusi.
    ACCESS_KEYS = {"phone": "t", "email": "e", "name": "n", "subject": "p", "description": "m", "solution": "s"}

    def __init__(self, *args, channel: str = Channel.PHONE, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["call_started"].initial = call_started_token()
        if channel == Channel.WALK_IN:
            self.fields["outcome"].label = _("Could you solve it at the desk?")
            self.fields["outcome"].choices = [
                (Outcome.TICKET, _("No: give the consultation form number and the ticket number")),
                (Outcome.ANSWERED, _("Yes: the solution was given at the desk")),
            ]
        bootstrap(self)
        for name, key in self.ACCESS_KEYS.items():
            self.fields[name].widget.attrs["accesskey"] = key
        phone = self.fields["phone"].widget.attrs
        phone.update({"autocomplete": "off", "inputmode": "tel", "type": "tel"})
        if channel == Channel.PHONE:
            phone["autofocus"] = True
        else:
            self.fields["name"].widget.attrs["autofocus"] = True
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["tender_code"].help_text = _("Required when an ongoing tender is affected.")

    def clean(self):
        data = super().clean()
        solution = (data.get("solution") or "").strip()
        if data.get("outcome") == Outcome.ANSWERED and not solution:
            self.add_error("solution", _("Write the solution given to the reporter."))
        elif data.get("outcome") == Outcome.TICKET and solution:
            self.add_error(
                "solution",
                _("You wrote a solution: choose “Yes” above, or clear the solution to give the numbers instead."),
            )
        return data

    def service_arguments(self) -> dict:
        """The keyword arguments of `ticket_create` this form supplies (the caller adds organization and by)."""
        data = self.cleaned_data
        return {
            "channel": self.channel,
            "reporter": {key: data.get(key, "") for key in REPORTER_FIELDS},
            "problem": {key: data.get(key, "") for key in PROBLEM_FIELDS},
            "classification": {key: data.get(key, "") for key in CLASSIFICATION_FIELDS},
            "solution": data.get("solution", "") if data.get("outcome") == Outcome.ANSWERED else "",
            "received_at": call_started_at(data.get("call_started", "")),
        }

    @property
    def reporter_legend(self) -> str:
        """Who the form is about, named for its channel: a caller on the telephone, a visitor at the walk-in desk."""
        return _("Visitor") if self.channel == Channel.WALK_IN else _("Caller")

    def sections(self) -> list[tuple[str, list]]:
        """The fieldsets of the page, in the order of the conversation."""
        groups = (
            (self.reporter_legend, ("phone", "email", "name", "institution", "user_type")),
            (_("What it concerns"), ("application", "tender_code", "affects_tender", "error_code")),
            (_("Problem"), ("subject", "description")),
            (_("Classification"), ("type", "category", "area", "urgency", "impact")),
        )
        return [(legend, [self[name] for name in names]) for legend, names in groups]


class CallerLookupForm(forms.Form):
    phone = forms.CharField(required=False, max_length=30)
    email = forms.CharField(required=False, max_length=254)

    def values(self) -> dict:
        return (
            {"phone": self.cleaned_data["phone"], "email": self.cleaned_data["email"]}
            if self.is_valid()
            else {"phone": "", "email": ""}
        )


class TicketFilterForm(forms.Form):
    """The inbox's filters; every value optional, unknown values ignored (the list then shows everything)."""

    SCOPES = (("", _("All")), ("mine", _("Mine")), ("unassigned", _("Unassigned")))

    scope = forms.ChoiceField(label=_("Show"), required=False, choices=SCOPES)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("", _("All statuses")), *Ticket.Status.choices],
        initial="open",
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, data, *, organization, **kwargs):
        # The status filter starts on "open"; a list opened without parameters shows the open tickets.
        if not data:
            data = None
        super().__init__(data, **kwargs)
        levels = PriorityLevel.objects.filter(organization=organization).order_by("rank").values_list("code", "label")
        self.fields["priority"].choices = [("", _("All priorities")), *levels]
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("HD-… / FK-… number, company, name, e-mail, tender code, subject"), "type": "search"}
        )
        bootstrap(self)

    def value(self, name: str) -> str:
        if not self.is_bound or name not in self.data:
            return self.fields[name].initial or ""
        self.is_valid()  # a wrong value in one filter leaves the others working
        return self.cleaned_data.get(name) or ""
