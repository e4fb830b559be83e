"""Escalation of tickets: inside the LPSE (to the next role up, automatically once when a ticket is at risk) and to
LKPP — Helpdesk Eproc LKPP first, then Helpdesk Teknis LKPP (Perwali Salatiga 41/2024 Pasal 9 ayat 3, annex 2.6.3 c:
problems of the SPSE application the LPSE cannot solve, or not covered by the LPSE's application)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts import supervisors
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.helpdesk import policies
from sopan.helpdesk.models import Escalation, Message, Ticket
from sopan.helpdesk.tickets.services.common import _locked, _save, _system_message
from sopan.helpdesk.tickets.services.handling import role_label


def _assignable_above(chain: dict[str, str], code: str, assignable: tuple[str, ...]) -> list[str]:
    """The roles above `code` in the organisation's supervisor chain that a ticket may be assigned to, nearest first."""
    return [role for role in supervisors.upward(chain, code)[1:] if role in assignable]


def next_role_up(ticket: Ticket) -> str:
    """The next role up from whoever holds the ticket now, in the organisation's supervisor chain (the same chain the
    SOP engine tells of overdue steps; by default agent → Kepala LPSE → Koordinator LPSE, Perwali Salatiga 41/2024
    annex 2.4 b), skipping roles a ticket cannot be assigned to. The top stays the top."""
    chain = supervisors.chain_for(ticket.organization_id)
    assignable = policies.assignable_roles(ticket.organization_id)
    start = policies.ESCALATION_START
    held = ticket.assigned_role
    if not held and ticket.assignee_id is not None:
        desk = [start, *_assignable_above(chain, start, assignable)]
        held = next((role for role in reversed(desk) if ticket.assignee.has_role(role)), "")
    above = _assignable_above(chain, held or start, assignable)
    if above:
        return above[0]
    return held if held in assignable else start


@transaction.atomic
def ticket_escalate_internal(*, ticket: Ticket, version: int | None, by, reason: str, to_role: str = "") -> Escalation:
    ticket = _locked(ticket, version)
    require(policies.can_escalate_ticket(by, ticket))
    if not ticket.is_open:
        raise ValidationError(_("Only an open ticket can be escalated."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ticket is escalated.")})
    to_role = to_role or next_role_up(ticket)
    if to_role not in policies.assignable_roles(ticket.organization_id):
        raise ValidationError({"to_role": _("Choose one of the LPSE roles.")})
    escalation = Escalation.objects.create(
        ticket=ticket,
        kind=Escalation.Kind.INTERNAL,
        to_role=to_role,
        reason=reason.strip(),
        sent_at=timezone.now(),
        by=by,
    )
    _save(ticket, assigned_role=to_role)
    _system_message(
        ticket,
        _("Escalated to %(role)s: %(reason)s")
        % {"role": role_label(to_role, ticket.organization_id), "reason": reason},
    )
    audit.record(action="helpdesk.ticket.escalated", by=by, target=ticket, changes={"to": to_role, "reason": reason})
    return escalation


def tickets_escalate_at_risk(*, now: datetime.datetime | None = None) -> int:
    """The automatic internal escalation: an open ticket whose clock runs and has reached its at-risk time goes to the
    next role up, once in its life (a unique constraint keeps it to one even when two sweeps overlap)."""
    now = now or timezone.now()
    due = Ticket.objects.filter(
        status__in=Ticket.OPEN_STATUSES, paused_at__isnull=True, at_risk_at__lte=now, at_risk_escalated_at__isnull=True
    ).values_list("pk", flat=True)
    done = 0
    for pk in due:
        try:
            with transaction.atomic():
                ticket = Ticket.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=pk)
                if ticket.at_risk_escalated_at is not None or ticket.paused_at is not None or not ticket.is_open:
                    continue
                to_role = next_role_up(ticket)
                Escalation.objects.create(
                    ticket=ticket,
                    kind=Escalation.Kind.INTERNAL,
                    to_role=to_role,
                    reason=_("At risk of missing its resolution time (due %(due)s).")
                    % {"due": timezone.localtime(ticket.resolution_due_at).strftime("%d-%m-%Y %H:%M")},
                    automatic=True,
                    sent_at=now,
                )
                _save(ticket, assigned_role=to_role, at_risk_escalated_at=now)
                _system_message(
                    ticket,
                    _("Escalated automatically to %(role)s: the ticket is at risk.")
                    % {"role": role_label(to_role, ticket.organization_id)},
                )
                audit.record(action="helpdesk.ticket.auto_escalated", by=None, target=ticket, changes={"to": to_role})
                done += 1
        except IntegrityError:  # another sweep escalated it a moment ago
            continue
    return done


@transaction.atomic
def ticket_escalate_lkpp(
    *, ticket: Ticket, version: int | None, by, kind: str, reason: str, reference: str = "", sent_at=None
) -> Escalation:
    """Report the problem to LKPP: Helpdesk Eproc LKPP first; Helpdesk Teknis LKPP only after Eproc."""
    ticket = _locked(ticket, version)
    require(policies.can_escalate_ticket(by, ticket))
    if kind not in (Escalation.Kind.LKPP_EPROC, Escalation.Kind.LKPP_TECHNICAL):
        raise ValidationError({"kind": _("Choose Helpdesk Eproc LKPP or Helpdesk Teknis LKPP.")})
    if not ticket.is_open:
        raise ValidationError(_("Only an open ticket can be escalated."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what was reported to LKPP.")})
    escalations = list(ticket.escalations.all())
    if kind == Escalation.Kind.LKPP_TECHNICAL and not any(e.kind == Escalation.Kind.LKPP_EPROC for e in escalations):
        raise ValidationError({"kind": _("Report to Helpdesk Eproc LKPP first; Helpdesk Teknis LKPP comes after it.")})
    if any(e.kind == kind and e.answered_at is None for e in escalations):
        raise ValidationError(
            {
                "kind": _("This ticket is already waiting for an answer from %(desk)s.")
                % {"desk": Escalation.Kind(kind).label}
            }
        )
    now = timezone.now()
    sent_at = sent_at or now
    if sent_at > now:
        raise ValidationError({"sent_at": _("The date of sending cannot be in the future.")})
    escalation = Escalation.objects.create(
        ticket=ticket, kind=kind, reason=reason.strip(), external_reference=reference.strip(), sent_at=sent_at, by=by
    )
    _save(ticket)
    _system_message(
        ticket,
        _("Reported to %(desk)s (reference %(reference)s).")
        % {"desk": Escalation.Kind(kind).label, "reference": reference.strip() or "—"},
    )
    audit.record(
        action="helpdesk.ticket.escalated_lkpp", by=by, target=ticket, changes={"kind": kind, "reference": reference}
    )
    return escalation


@transaction.atomic
def escalation_record_answer(*, escalation: Escalation, by, answer: str, reference: str = "", answered_at=None):
    """LKPP's answer (and its ticket reference, if it came only now) is recorded on the escalation and the ticket."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    ticket = Ticket.objects.select_for_update().get(pk=escalation.ticket_id)
    require(policies.can_escalate_ticket(by, ticket))
    if escalation.kind == Escalation.Kind.INTERNAL:
        raise ValidationError(_("Only an escalation to LKPP has an answer to record."))
    if escalation.answered_at is not None:
        raise ValidationError(_("The answer of this escalation is already recorded."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write LKPP's answer.")})
    now = timezone.now()
    answered_at = answered_at or now
    if answered_at > now or answered_at < escalation.sent_at:
        raise ValidationError({"answered_at": _("The answer's date must be between the report and now.")})
    escalation.answer, escalation.answered_at = answer.strip(), answered_at
    if reference.strip():
        escalation.external_reference = reference.strip()
    escalation.save()
    Message.objects.create(
        ticket=ticket,
        organization_id=ticket.organization_id,
        kind=Message.Kind.NOTE,
        body=_("Answer of %(desk)s: %(answer)s") % {"desk": escalation.get_kind_display(), "answer": answer.strip()},
        author=by,
        author_name=by.get_full_name(),
    )
    _save(ticket)
    audit.record(action="helpdesk.escalation.answered", by=by, target=ticket, changes={"escalation": escalation.pk})
    return escalation
