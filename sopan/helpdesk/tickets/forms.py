"""Forms of the ticket page: one per action. They only parse input; the rules (a reply needs text, Teknis LKPP after
Eproc, a reason to close …) live in `services.tickets` and `services.escalations`, so they live once.

Every form that changes the ticket carries the hidden `version` the person saw: the service refuses a stale one.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import RoleAssignment, User
from sopan.core.forms import bootstrap
from sopan.helpdesk import policies
from sopan.helpdesk.models import Application, Area, Category, Escalation, Level, TicketType
from sopan.sop.forms import MultipleFileField

DATETIME_WIDGET = {"attrs": {"type": "datetime-local"}, "format": "%Y-%m-%dT%H:%M"}


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class VersionedForm(BootstrapForm):
    """An action on what the person saw: the version they saw goes back to the service."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _text(label, rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=20000, **kwargs)


def role_choices(organization_id: int | None = None) -> list[tuple[str, str]]:
    """The roles a ticket may go to: the catalogue's assignable roles, then the organisation's own that handle
    tickets (by name)."""
    return [(role.code, str(role.label)) for role in policies.assignable_role_list(organization_id)]


class ReplyForm(VersionedForm):
    body = _text(_("Reply to the reporter"), rows=6)
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, help_text=_("PDF, JPG or PNG, checked by their content.")
    )
    wait = forms.BooleanField(
        label=_("Wait for the reporter's answer (the resolution clock stops until they answer)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["data-canned-target"] = "reply"


class NoteForm(BootstrapForm):
    """An internal note does not change the ticket: the service takes no version."""

    body = _text(_("Internal note (never shown to the reporter)"), rows=3)


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        organization_id = organization.pk if organization is not None else None
        choices = role_choices(organization_id)
        people = RoleAssignment.objects.active().filter(
            organization=organization, role__in=[code for code, _label in choices], user__is_active=True
        )
        self.fields["assignee"].queryset = User.objects.filter(
            pk__in=people.values("user_id"), organization=organization
        ).order_by("full_name", "username")
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name()
        self.fields["role"].choices = [("", "—"), *choices]


class ClassifyForm(VersionedForm):
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Level.choices)
    impact = forms.ChoiceField(label=_("Impact"), choices=Level.choices)
    application = forms.ChoiceField(label=_("Application"), choices=Application.choices)
    affects_tender = forms.BooleanField(label=_("Affects an ongoing tender"), required=False)
    tender_code = forms.CharField(label=_("Tender or package code"), max_length=60, required=False)

    FIELDS = ("type", "category", "area", "urgency", "impact", "application", "affects_tender", "tender_code")

    @classmethod
    def initial_of(cls, ticket) -> dict:
        return {name: getattr(ticket, name) for name in cls.FIELDS} | {"version": ticket.version}


class ResolveForm(VersionedForm):
    resolution = _text(_("Solution given to the reporter"), rows=5)


class CloseForm(VersionedForm):
    reason = forms.CharField(label=_("Why is the ticket closed?"), max_length=500)


class ReopenForm(VersionedForm):
    reason = forms.CharField(label=_("Why is the ticket reopened?"), max_length=500)


class EscalateForm(VersionedForm):
    to_role = forms.ChoiceField(label=_("Escalate to"), required=False)
    reason = _text(_("Reason"), rows=3)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        organization_id = organization.pk if organization is not None else None
        self.fields["to_role"].choices = [("", _("The next role up")), *role_choices(organization_id)]


class EscalateLkppForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("LKPP desk"),
        choices=[(k.value, k.label) for k in (Escalation.Kind.LKPP_EPROC, Escalation.Kind.LKPP_TECHNICAL)],
    )
    reference = forms.CharField(label=_("LKPP ticket reference"), max_length=100, required=False)
    reason = _text(_("What was reported to LKPP"), rows=3)
    sent_at = forms.DateTimeField(
        label=_("Sent"), required=False, widget=forms.DateTimeInput(**DATETIME_WIDGET), help_text=_("Empty: now.")
    )


class EscalationAnswerForm(BootstrapForm):
    answer = _text(_("LKPP's answer"), rows=3)
    reference = forms.CharField(label=_("LKPP ticket reference"), max_length=100, required=False)
    answered_at = forms.DateTimeField(
        label=_("Answered"), required=False, widget=forms.DateTimeInput(**DATETIME_WIDGET), help_text=_("Empty: now.")
    )
