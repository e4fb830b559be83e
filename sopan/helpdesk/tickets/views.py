"""The ticket page of the LPSE's desk and every action on it (issue 5 §2–3; SOP Penanganan Permasalahan Pengguna SPSE
melalui Telepon, steps 5–8; Perwali Salatiga 41/2024 Pasal 9).

The page shows the ticket as the person may use it now: only the actions its status machine
(`workflows.flow_for(ticket).available`) and the policies allow. Each action is a POST of one form carrying the
`version` the person saw, handled by one service; a refusal (a stale version, a status that moved on, bad input) shows
the page again with the service's message on the form and the typed text kept. The status moves go through the
generic action view (`core.workflow_views.transition_view`): those that need no input (take, wait, resume) are the
workflow's buttons (`core/_transitions.html`), and a refusal comes back to the fresh page with its message; resolve,
close and reopen carry the page's forms, refused as above (400, or 409 when the ticket moved on).

Staff of the organisation only (`policies.can_view_tickets`): other people get 403, tickets and attachments of
another organisation 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sopan.accounts.policies import require
from sopan.core import workflow_views
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.privacy import personal_data
from sopan.core.selectors import calendar_for
from sopan.core.templatetags.sopan import local_datetime
from sopan.core.uploads import MB, PDF, check_upload
from sopan.helpdesk import policies, workflows
from sopan.helpdesk.defaults import settings_for
from sopan.helpdesk.knowledge.selectors import canned_answers_for
from sopan.helpdesk.models import Attachment, Escalation, Message, Ticket
from sopan.helpdesk.tickets import escalations as escalation_services
from sopan.helpdesk.tickets import printing, selectors, services
from sopan.helpdesk.tickets.forms import (
    AssignForm,
    ClassifyForm,
    CloseForm,
    EscalateForm,
    EscalateLkppForm,
    EscalationAnswerForm,
    NoteForm,
    ReopenForm,
    ReplyForm,
    ResolveForm,
    VersionedForm,
)
from sopan.helpdesk.tickets.services import role_label

S = Ticket.Status
TEMPLATE = "helpdesk/tickets/detail.html"


def _ticket(request, pk: int) -> Ticket:
    """The ticket of the user's organisation: 403 for people who see no tickets, 404 for another organisation's."""
    require(policies.can_view_tickets(request.user))
    return selectors.ticket_get_for(request.user, pk)


def duration_label(value: datetime.timedelta) -> str:
    """Working time as people read it: "2 h 15 min", "40 min"."""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


# --- the page ----------------------------------------------------------------------------------------------------
def _actions(ticket: Ticket, user) -> dict[str, bool]:
    available = {t.name for t in workflows.flow_for(ticket).available(ticket, user)}
    handle = policies.can_handle_ticket(user, ticket)
    escalate = policies.can_escalate_ticket(user, ticket) and ticket.is_open
    return {
        "reply": handle and ticket.is_open,
        "note": handle,
        "take": "take" in available,
        "wait": "wait" in available,
        "resume": "resume" in available,
        "assign": policies.can_assign_ticket(user, ticket) and ticket.is_open,
        "classify": handle and ticket.is_open,
        "resolve": "resolve" in available,
        "inform": handle and ticket.status in (S.RESOLVED, S.CLOSED) and ticket.reporter_informed_at is None,
        "close": "close" in available,
        "reopen": "reopen" in available,
        "escalate": escalate,
        "escalate_lkpp": escalate,
    }


def form_auto_id(action: str) -> str:
    """The ids of one action's form (`id_close_reason`, `id_reopen_reason`): the page holds a form per action, and an
    id is unique on a page (labels, `aria-describedby` and the scripts find fields by it). Names stay as they are."""
    return f"id_{action.replace('-', '_')}_%s"


# The forms the page shows open (the reply, the internal note, the "reporter informed" button). The others sit folded
# under their summary and are loaded when opened (`ticket_action_form`): building and rendering every allowed action's
# form (the assignee's list of staff, the roles to escalate to …) was most of the page's time (issue 21).
OPEN_FORMS = ("reply", "note", "inform")
FOLDED_FORMS = ("resolve", "assign", "classify", "close", "reopen", "escalate", "escalate_lkpp")


def _form_makers(ticket: Ticket) -> dict[str, Callable]:
    version = {"version": ticket.version}
    return {
        "reply": lambda ids: ReplyForm(initial=version, auto_id=ids),
        "note": lambda ids: NoteForm(auto_id=ids),
        "inform": lambda ids: VersionedForm(initial=version, auto_id=ids),
        "assign": lambda ids: AssignForm(
            initial={**version, "assignee": ticket.assignee_id, "role": ticket.assigned_role},
            organization=ticket.organization,
            auto_id=ids,
        ),
        "classify": lambda ids: ClassifyForm(initial=ClassifyForm.initial_of(ticket), auto_id=ids),
        "resolve": lambda ids: ResolveForm(initial={**version, "resolution": ticket.resolution}, auto_id=ids),
        "close": lambda ids: CloseForm(initial=version, auto_id=ids),
        "reopen": lambda ids: ReopenForm(initial=version, auto_id=ids),
        "escalate": lambda ids: EscalateForm(initial=version, organization=ticket.organization, auto_id=ids),
        "escalate_lkpp": lambda ids: EscalateLkppForm(initial=version, auto_id=ids),
    }


def _forms(ticket: Ticket, failed: dict, actions: dict[str, bool]) -> dict:
    """The forms the page shows open, of the actions the person may take now (the page shows no other), and the one
    that just failed (shown unfolded with what the person typed)."""
    forms = {}
    for name, make in _form_makers(ticket).items():
        if not actions.get(name):
            continue
        failed_form = failed.get(name.replace("_", "-"))
        if failed_form is not None:
            forms[name] = failed_form
        elif name in OPEN_FORMS:
            forms[name] = make(form_auto_id(name))
    return forms


def _context(request, ticket: Ticket, failed: dict | None = None) -> dict:
    failed = failed or {}
    user = request.user
    actions = _actions(ticket, user)
    conversation = selectors.conversation_for(user, ticket)
    archived = [
        attachment
        for message in conversation
        if message.kind == Message.Kind.SYSTEM
        for attachment in message.attachments.all()
        if attachment.content_type == PDF
    ]
    may_escalate = policies.can_escalate_ticket(user, ticket)
    escalations = selectors.escalations_for(ticket)
    for escalation in escalations:
        escalation.to_role_label = role_label(escalation.to_role, ticket.organization_id)
        escalation.answer_form = None
        if may_escalate and escalation.kind != Escalation.Kind.INTERNAL and escalation.answered_at is None:
            prefix = f"esc{escalation.pk}"
            escalation.answer_form = failed.get(prefix) or EscalationAnswerForm(prefix=prefix)
    waiting_now = None
    if ticket.paused_at is not None:
        waiting_now = calendar_for(ticket.organization).working_time_between(ticket.paused_at, timezone.now())
    others = selectors.other_tickets_of_reporter(ticket, size=5)
    return {
        "ticket": ticket,
        "clock": ticket.clock,
        "actions": actions,
        # the status moves that need no input (take, wait, resume): buttons of the ticket's workflow
        "transitions": workflow_views.buttons(ticket, workflows.flow_for(ticket), user, url=_transition_url(ticket)),
        "forms": _forms(ticket, failed, actions),
        "conversation": conversation,
        "archived_forms": archived,
        "escalations": escalations,
        "follow_ups": list(ticket.follow_ups.order_by("received_at", "id")),
        "other_tickets": others,
        "assigned_role_label": role_label(ticket.assigned_role, ticket.organization_id),
        "paused_total_label": duration_label(ticket.paused_total) if ticket.paused_total else "",
        "waiting_now_label": duration_label(waiting_now) if waiting_now is not None else "",
        # "at risk since" for a time passed, "at risk at" for one to come (the clock stands still while paused)
        "at_risk_reached": ticket.at_risk_at <= (ticket.paused_at or timezone.now()),
        "canned_answers": canned_answers_for(user) if actions["reply"] else [],
        "faq_from_reply": policies.can_manage_knowledge(user, ticket),
    }


@login_required
@personal_data
def ticket_detail(request, pk: int):
    ticket = _ticket(request, pk)
    return render(request, TEMPLATE, _context(request, ticket))


@login_required
@personal_data
def ticket_action_form(request, pk: int, action: str):
    """One folded action's form, loaded when the person opens it (htmx: the form alone), or as a page of its own (a
    browser without JavaScript follows the link in its place). As the page: 403 for people who see no tickets, 404
    for another organisation's ticket and for an action the person may not take on it now."""
    name = action.replace("-", "_")
    if name not in FOLDED_FORMS:
        raise Http404
    ticket = _ticket(request, pk)
    if not _actions(ticket, request.user).get(name):
        raise Http404
    form_template = f"{TEMPLATE}#form-{action}"
    context = {"ticket": ticket, "forms": {name: _form_makers(ticket)[name](form_auto_id(name))}}
    if request.htmx:
        return render(request, form_template, context)
    return render(request, "helpdesk/tickets/action_form.html", {**context, "form_template": form_template})


# --- actions -----------------------------------------------------------------------------------------------------
def _checked_attachments(request, files) -> list:
    limit = settings_for(request.user.organization).max_upload_mb * MB
    checked, problems = [], []
    for uploaded in files:
        try:
            checked.append(check_upload(uploaded, max_bytes=limit))
        except ValidationError as error:
            problems.append(f"{uploaded.name}: {' '.join(error.messages)}")
    if problems:
        raise ValidationError({"attachments": problems})
    return checked


def _reply(request, ticket, data) -> str:
    attachments = _checked_attachments(request, data["attachments"])
    services.ticket_reply(
        ticket=ticket,
        version=data["version"],
        by=request.user,
        body=data["body"],
        attachments=attachments,
        wait=data["wait"],
    )
    if data["wait"]:
        return _("The reply is sent. The ticket waits for the reporter's answer; its resolution clock is stopped.")
    return _("The reply is sent to the reporter.")


def _note(request, ticket, data) -> str:
    services.ticket_note(ticket=ticket, by=request.user, body=data["body"])
    return _("The internal note is added.")


def _assign(request, ticket, data) -> str:
    services.ticket_assign(
        ticket=ticket, version=data["version"], by=request.user, assignee=data["assignee"], role=data["role"]
    )
    return _("%(number)s is assigned.") % {"number": ticket.number}


def _classify(request, ticket, data) -> str:
    values = {name: data[name] for name in ClassifyForm.FIELDS}
    ticket = services.ticket_classify(ticket=ticket, version=data["version"], by=request.user, values=values)
    return _("The classification is saved: priority %(priority)s, resolution due %(due)s.") % {
        "priority": ticket.priority.label,
        "due": local_datetime(ticket.resolution_due_at),
    }


def _inform(request, ticket, data) -> str:
    services.ticket_mark_informed(ticket=ticket, version=data["version"], by=request.user)
    return _("Recorded: the reporter was informed of the solution.")


def _escalate(request, ticket, data) -> str:
    escalation = escalation_services.ticket_escalate_internal(
        ticket=ticket, version=data["version"], by=request.user, reason=data["reason"], to_role=data["to_role"]
    )
    return _("%(number)s is escalated to %(role)s.") % {
        "number": ticket.number,
        "role": role_label(escalation.to_role, ticket.organization_id),
    }


def _escalate_lkpp(request, ticket, data) -> str:
    escalation = escalation_services.ticket_escalate_lkpp(
        ticket=ticket,
        version=data["version"],
        by=request.user,
        kind=data["kind"],
        reason=data["reason"],
        reference=data["reference"],
        sent_at=data["sent_at"],
    )
    return _("The report to %(desk)s is recorded.") % {"desk": escalation.get_kind_display()}


@dataclass(frozen=True)
class Action:
    form: type
    run: Callable[..., str]
    label: str = ""


ACTIONS: dict[str, Action] = {
    "reply": Action(ReplyForm, _reply, gettext_lazy("Reply")),
    "note": Action(NoteForm, _note, gettext_lazy("Internal note")),
    "assign": Action(AssignForm, _assign, gettext_lazy("Assign")),
    "classify": Action(ClassifyForm, _classify, gettext_lazy("Classify")),
    "inform": Action(VersionedForm, _inform, gettext_lazy("Reporter informed")),
    "escalate": Action(EscalateForm, _escalate, gettext_lazy("Escalate")),
    "escalate-lkpp": Action(EscalateLkppForm, _escalate_lkpp, gettext_lazy("Report to LKPP")),
}


# The status moves, through the generic action view (which ones the page offers: the workflow's available()). Take,
# wait and resume need no input (the workflow's buttons); resolve, close and reopen carry the page's own forms.
TRANSITIONS = {
    "take": lambda ticket, *, by, seen_version, data: services.ticket_take(ticket=ticket, version=seen_version, by=by),
    "wait": lambda ticket, *, by, seen_version, data: services.ticket_wait(ticket=ticket, version=seen_version, by=by),
    "resume": lambda ticket, *, by, seen_version, data: services.ticket_resume(
        ticket=ticket, version=seen_version, by=by
    ),
    "resolve": lambda ticket, *, by, seen_version, data: services.ticket_resolve(
        ticket=ticket, version=seen_version, by=by, resolution=data["resolution"]
    ),
    "close": lambda ticket, *, by, seen_version, data: services.ticket_close(
        ticket=ticket, version=seen_version, by=by, reason=data["reason"]
    ),
    "reopen": lambda ticket, *, by, seen_version, data: services.ticket_reopen(
        ticket=ticket, version=seen_version, by=by, reason=data["reason"]
    ),
}
TRANSITION_FORMS = {"resolve": ResolveForm, "close": CloseForm, "reopen": ReopenForm}


def _transition_form(action: str):
    form_class = TRANSITION_FORMS[action]
    return lambda data, files: form_class(data, files, auto_id=form_auto_id(action))


def _transition_url(ticket: Ticket) -> Callable[[str], str]:
    return lambda name: reverse(f"helpdesk:ticket-{name}", kwargs={"pk": ticket.pk})


def _transition_done(ticket: Ticket) -> dict[str, str]:
    number = {"number": ticket.number}
    return {
        "take": _("You are handling %(number)s now.") % number,
        "wait": _("%(number)s waits for the reporter; its resolution clock is stopped.") % number,
        "resume": _("The resolution clock of %(number)s runs again.") % number,
        "resolve": _("%(number)s is resolved; the consultation form with the solution is archived.") % number,
        "close": _("%(number)s is closed.") % number,
        "reopen": _("%(number)s is reopened; its resolution clock runs again.") % number,
    }


def _failed_page(request, pk: int, action: str, form, status: int) -> HttpResponse:
    """The page again, as the ticket is now, with the form that failed and what the person typed in it."""
    fresh = _ticket(request, pk)
    if "version" in form.fields:
        # The page now shows the ticket as it is: the kept text can be sent again on what the person sees.
        form.data = form.data.copy()
        form.data["version"] = fresh.version
    context = _context(request, fresh, failed={action: form})
    return render(request, TEMPLATE, {**context, "failed_form": form, "failed_action": action}, status=status)


def _transition(request, ticket: Ticket, action: str):
    def render_page(request, *, forms_with_errors, status):
        return _failed_page(request, ticket.pk, action, forms_with_errors[action], status)

    return workflow_views.transition_view(
        request,
        ticket,
        workflows.flow_for(ticket),
        name=action,
        service_for=TRANSITIONS,
        done=_transition_done(ticket),
        redirect_to=reverse("helpdesk:ticket-detail", kwargs={"pk": ticket.pk}),
        forms={name: _transition_form(name) for name in TRANSITION_FORMS},
        render_page=render_page,
        require_version=True,  # every change of a ticket carries the version the person saw (a form without it: 400)
    )


@login_required
@require_POST
@personal_data
def ticket_action(request, pk: int, action: str):
    """One action of the page: parse its form, call its service, come back to the page. A refusal shows the page
    again (fresh) with the message on the form and what the person typed."""
    if action not in ACTIONS and action not in TRANSITIONS:
        raise Http404
    ticket = _ticket(request, pk)
    if action in TRANSITIONS:
        return _transition(request, ticket, action)
    spec = ACTIONS[action]
    kwargs = {"organization": ticket.organization} if spec.form in (AssignForm, EscalateForm) else {}
    form = spec.form(request.POST, request.FILES, auto_id=form_auto_id(action), **kwargs)
    status = 400
    if form.is_valid():
        try:
            done = spec.run(request, ticket, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            if workflow_views.is_stale(error):
                status = 409
        else:
            messages.success(request, done)
            return redirect("helpdesk:ticket-detail", pk=ticket.pk)
    return _failed_page(request, pk, action, form, status)


@login_required
@require_POST
@personal_data
def escalation_answer(request, pk: int, escalation_pk: int):
    """LKPP's answer to an escalation (and its reference, when it came only with the answer)."""
    ticket = _ticket(request, pk)
    escalation = get_object_or_404(Escalation.objects.filter(ticket=ticket), pk=escalation_pk)
    prefix = f"esc{escalation.pk}"
    form = EscalationAnswerForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            escalation_services.escalation_record_answer(
                escalation=escalation,
                by=request.user,
                answer=form.cleaned_data["answer"],
                reference=form.cleaned_data["reference"],
                answered_at=form.cleaned_data["answered_at"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # already answered, not an LKPP escalation: said on the page
                messages.error(request, " ".join(error.messages))
                return redirect("helpdesk:ticket-detail", pk=ticket.pk)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The answer of %(desk)s is recorded.") % {"desk": escalation.get_kind_display()}
            )
            return redirect("helpdesk:ticket-detail", pk=ticket.pk)
    context = _context(request, _ticket(request, pk), failed={prefix: form})
    return render(request, TEMPLATE, {**context, "failed_form": form}, status=400)


# --- files -------------------------------------------------------------------------------------------------------
@login_required
@personal_data
def attachment_download(request, pk: int, attachment_pk: int):
    """A file of the conversation, always as a download with the type found when it was checked."""
    ticket = _ticket(request, pk)
    attachment = get_object_or_404(Attachment.objects.filter(ticket=ticket), pk=attachment_pk)
    return file_response(attachment.file, filename=attachment.name, personal=True)


@login_required
@personal_data
def ticket_form_pdf(request, pk: int):
    """The Formulir Konsultasi as it stands now (seed steps 3 and 6), printed on demand."""
    ticket = _ticket(request, pk)
    return file_response(
        printing.consultation_form_pdf(ticket),
        filename=printing.consultation_form_name(ticket),
        inline=True,
        personal=True,
    )
