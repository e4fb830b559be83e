"""Screens of the helpdesk desk: the ticket inbox, and the intake of a call or a walk-in (the Formulir Konsultasi of
SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon, seed 004 steps 2–8).

- `ticket_list`: the LPSE staff's inbox — mine / unassigned, status, channel, priority, search — keyset-paginated.
- `call_new` / `walkin_new`: one form for both desks, filled while talking; a returning caller is found by telephone or
  e-mail (`caller_lookup`, an htmx fragment). Solved on the spot (step 5 "Ya", 6, 7) the ticket is resolved at once;
  otherwise (step 8) `intake_done` shows the consultation form number and the ticket number to read out.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from sopan.accounts.policies import require
from sopan.core.forms import add_service_errors
from sopan.core.listing import pk_url, shorten
from sopan.core.privacy import personal_data
from sopan.core.templatetags.sopan import local_datetime
from sopan.helpdesk import policies
from sopan.helpdesk.defaults import settings_for
from sopan.helpdesk.models import Channel, Contact, Ticket
from sopan.helpdesk.templatetags.helpdesk import sla_badge
from sopan.helpdesk.tickets import selectors, selectors_desk, services
from sopan.helpdesk.tickets.forms_desk import CallerLookupForm, IntakeForm, TicketFilterForm


def list_row(ticket: Ticket, url_of) -> dict:
    """One row of the inbox with its texts made here: the list draws fifty, and a dict's keys are what the template
    engine looks up fastest (an attribute of a model costs it a caught exception per lookup). `url_of`: the ticket
    page's URL by pk, resolved once for the page (core.listing.pk_url)."""
    assignee = ticket.assignee.get_full_name() if ticket.assignee_id else ""
    role = services.role_label(ticket.assigned_role)
    return {
        "number": ticket.number,
        "url": url_of(ticket.pk),
        "form_number": ticket.form_number,
        "subject": shorten(ticket.subject, 80),
        "tender": ticket.tender_code if ticket.affects_tender else "",
        "reporter": ticket.reporter_name,
        "institution": ticket.reporter_institution,
        # the enums' labels, not get_FOO_display(): that one translates every choice of the field on each call
        "channel": Channel(ticket.channel).label,
        "priority": ticket.priority.label,
        "status": Ticket.Status(ticket.status).label,
        "sla": sla_badge(ticket),
        "due": local_datetime(ticket.resolution_due_at) if ticket.is_open else "",
        "assigned": ", ".join(part for part in (assignee, role) if part),
    }


def desk_sections(user) -> dict[str, bool]:
    """The parts of the helpdesk the person may open, for the desk's tabs: the desk is where the main navigation
    leads, so the knowledge base, announcements, reports and settings are reached from here."""
    organization = user.organization
    return {
        "calls": policies.can_take_calls(user, organization),
        "knowledge": policies.can_view_staff_articles(user, organization),
        "announcements": policies.can_manage_announcements(user, organization),
        "reports": policies.can_view_reports(user, organization),
        "settings": policies.can_manage_helpdesk_settings(user, organization),
    }


@login_required
@personal_data
def ticket_list(request):
    user = request.user
    require(policies.can_view_tickets(user, user.organization))
    form = TicketFilterForm(request.GET, organization=user.organization)
    page = selectors.ticket_list_for(
        user,
        scope=form.value("scope"),
        status=form.value("status"),
        channel=form.value("channel"),
        priority=form.value("priority"),
        query=form.value("q"),
        cursor=request.GET.get("cursor"),
    )
    url_of = pk_url("helpdesk:ticket-detail")
    rows = [list_row(ticket, url_of) for ticket in page.items]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "scope": form.value("scope"),
        "scopes": TicketFilterForm.SCOPES,
        "can_take_calls": policies.can_take_calls(user, user.organization),
        "sections": desk_sections(user),
        "filtered": any(form.value(name) for name in ("channel", "priority", "q")),
    }
    return render(request, "helpdesk/desk/list.html", context)


def _intake(request, channel: str):
    """The Formulir Konsultasi for `channel` (telephone or walk-in): one view serves both desks."""
    user = request.user
    organization = user.organization
    require(policies.can_take_calls(user, organization))
    form = IntakeForm(request.POST if request.method == "POST" else None, channel=channel)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(organization=organization, by=user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("helpdesk:intake-done", pk=ticket.pk)
    context = {
        "form": form,
        "channel": channel,
        "is_phone": channel == Channel.PHONE,
        "sections": desk_sections(user),
    }
    return render(request, "helpdesk/desk/intake.html", context, status=400 if form.errors else 200)


@login_required
@personal_data
def call_new(request):
    return _intake(request, Channel.PHONE)


@login_required
@personal_data
def walkin_new(request):
    return _intake(request, Channel.WALK_IN)


@login_required
@require_GET
@personal_data
def caller_lookup(request):
    """A returning caller while the call goes on: contacts of this organisation with this telephone number or e-mail,
    and their latest tickets (one read for all of them)."""
    require(policies.can_take_calls(request.user, request.user.organization))
    values = CallerLookupForm(request.GET).values()
    contacts: list[Contact] = selectors.contact_lookup_for(request.user, **values)
    recent = selectors_desk.recent_tickets_by_contact(contacts)
    matches = [(contact, recent[contact.pk]) for contact in contacts]
    context = {"matches": matches, "searched": any(values.values())}
    return render(request, "helpdesk/desk/intake.html#caller-matches", context)


@login_required
@personal_data
def intake_done(request, pk: int):
    """Seed step 8: the numbers to read out to the caller (or, solved on the spot, the record of it)."""
    require(policies.can_take_calls(request.user, request.user.organization))
    ticket = selectors.ticket_get_for(request.user, pk)
    context = {
        "ticket": ticket,
        "solved": ticket.solved_on_first_contact,
        "helpdesk_email": settings_for(ticket.organization).helpdesk_email,
        "again": "helpdesk:walkin-new" if ticket.channel == Channel.WALK_IN else "helpdesk:call-new",
    }
    return render(request, "helpdesk/desk/done.html", context)
