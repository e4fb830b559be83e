"""The public side of the helpdesk (issue 5 §1 web form, §5 public tracking; Perwali Salatiga 41/2024 Pasal 9):
an organisation's help page, the web report form, tracking by number plus e-mail, and the reporter's own page behind
the secret link of their mails (conversation without internal notes, attachments, reply, confirm the solution).

No login is needed anywhere here; a logged-in person gets their details filled in. The report form is guarded like the
vendor sign-up: a proof of work (`altcha`) and a limit per client address; tracking and replies are limited too.
Tracking answers a wrong number and a wrong e-mail with the same message, so tickets cannot be enumerated. A ticket is
found only under its own organisation's slug (another organisation's token: 404). Pages show times in the
organisation's zone, whoever looks.

Views stay thin: parse the form, call one service, put its ValidationError on the form.
"""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts.models import Organization
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.privacy import personal_data
from sopan.core.ratelimits import public_rate_limit
from sopan.core.uploads import MB
from sopan.helpdesk.defaults import settings_for
from sopan.helpdesk.models import Attachment, Channel, Message, Ticket, UserType
from sopan.helpdesk.tickets import selectors, services
from sopan.helpdesk.tickets.forms_public import ReplyForm, ReportForm, TrackForm

# Per client address. Sending counts, looking does not. An office behind one address (a vendor's company, an agency)
# still gets a few reports an hour through; a script does not.
REPORT_RATE = "10/h"
TRACK_RATE = "20/h"
REPLY_RATE = "20/h"

# SPSE user type a logged-in person most likely is, from their roles (the first match wins).
_USER_TYPE_OF_ROLE = {
    "vendor_admin": UserType.VENDOR,
    "vendor_user": UserType.VENDOR,
    "commitment_officer": UserType.PPK,
    "selection_group_member": UserType.POKJA,
    "procurement_officer": UserType.PROCUREMENT_OFFICER,
    "auditor": UserType.AUDITOR,
    "budget_holder": UserType.BUDGET_USER,
}


def _organization(slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def _zone(organization: Organization):
    return timezone.override(zoneinfo.ZoneInfo(organization.timezone))


def _max_bytes(organization: Organization, helpdesk=None) -> int:
    """The upload limit of the organisation's helpdesk settings (`helpdesk`: those settings, when already read)."""
    return (helpdesk or settings_for(organization)).max_upload_mb * MB


def _optional_url(name: str, organization: Organization) -> str:
    """A link to a page another part of the helpdesk provides, or "" while it does not exist."""
    try:
        return reverse(name, kwargs={"org": organization.slug})
    except NoReverseMatch:
        return ""


def _active_announcements(organization: Organization) -> list:
    """Ongoing outages and maintenance, so a reporter sees first whether the problem is known."""
    try:
        from sopan.helpdesk.announcements.selectors import public_active_announcements
    except ImportError:  # pragma: no cover - the announcements part is optional for this page
        return []
    return public_active_announcements(organization)


def _user_type_of(user) -> str:
    for code in sorted(user.role_codes):
        if code in _USER_TYPE_OF_ROLE:
            return _USER_TYPE_OF_ROLE[code]
    if any(role.lpse_personnel for role in user.roles):  # the organisation's own roles flagged so count too
        return UserType.LPSE
    return UserType.PUBLIC


def _initial_for(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email, "phone": user.phone, "user_type": _user_type_of(user)}


def _ticket(org: str, token: str) -> Ticket:
    """The ticket behind a reporter's link, only under its own organisation's slug (else 404)."""
    return selectors.public_ticket_by_token(org, token)


# --- the help page -------------------------------------------------------------------------------------------------
def public_home(request, org: str):
    organization = _organization(org)
    context = {
        "organization": organization,
        "faq_url": _optional_url("helpdesk:public-faq", organization),
        "announcements_url": _optional_url("helpdesk:public-announcement-list", organization),
        "announcements": _active_announcements(organization),
    }
    with _zone(organization):
        return render(request, "helpdesk/public/home.html", context)


# --- the web report ------------------------------------------------------------------------------------------------
@public_rate_limit("helpdesk.public-report", REPORT_RATE)
@personal_data
def public_report(request, org: str):
    """Report a problem (issue 5 §1): anyone, with up to three screenshots; the ticket number is shown and mailed."""
    organization = _organization(org)
    helpdesk = settings_for(organization)
    max_bytes = _max_bytes(organization, helpdesk)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, max_bytes=max_bytes)
    else:
        form = ReportForm(initial=_initial_for(request.user), max_bytes=max_bytes)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(
                organization=organization,
                channel=Channel.WEB,
                reporter=form.reporter(),
                problem=form.problem(),
                by=request.user if request.user.is_authenticated else None,
                attachments=form.cleaned_data["attachments"],
                rules=helpdesk,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("helpdesk:public-report-done", org=organization.slug, token=ticket.public_token)
    context = {"organization": organization, "form": form}
    with _zone(organization):
        return render(request, "helpdesk/public/report.html", context, status=400 if form.errors else 200)


@personal_data
def public_report_done(request, org: str, token: str):
    """Thank you: the ticket number and the reporter's link (both are mailed too)."""
    ticket = _ticket(org, token)
    with _zone(ticket.organization):
        return render(
            request, "helpdesk/public/report_done.html", {"organization": ticket.organization, "ticket": ticket}
        )


# --- tracking ------------------------------------------------------------------------------------------------------
@public_rate_limit("helpdesk.public-track", TRACK_RATE)
@personal_data
def public_track(request, org: str):
    """Number plus e-mail → the reporter's page. A wrong number and a wrong e-mail get the same answer."""
    organization = _organization(org)
    form = TrackForm(request.POST if request.method == "POST" else None)
    not_found = False
    if request.method == "POST" and form.is_valid():
        ticket = selectors.public_ticket_get(
            organization, number=form.cleaned_data["number"], email=form.cleaned_data["email"]
        )
        if ticket is not None:
            return redirect("helpdesk:public-ticket", org=organization.slug, token=ticket.public_token)
        not_found = True
    context = {"organization": organization, "form": form, "not_found": not_found}
    with _zone(organization):
        return render(request, "helpdesk/public/track.html", context)


# --- the reporter's page -------------------------------------------------------------------------------------------
def _ticket_page(request, ticket: Ticket, reply_form: ReplyForm | None = None, status: int = 200):
    organization = ticket.organization
    helpdesk = settings_for(organization)
    context = {
        "organization": organization,
        "ticket": ticket,
        "conversation": selectors.public_messages(ticket),
        "form": reply_form or ReplyForm(max_bytes=_max_bytes(organization, helpdesk)),
        "can_confirm": ticket.status == Ticket.Status.RESOLVED,
        "reopen_days": helpdesk.reopen_days,
        "helpdesk_settings": helpdesk,
    }
    with _zone(organization):
        return render(request, "helpdesk/public/ticket.html", context, status=status)


@personal_data
def public_ticket(request, org: str, token: str):
    """The reporter's link (from every mail): status, expected times, the conversation, reply and confirm."""
    return _ticket_page(request, _ticket(org, token))


@personal_data
def public_attachment(request, org: str, token: str, pk: int):
    """A file of the conversation the reporter sees (never one of an internal note), as a download."""
    ticket = _ticket(org, token)
    attachment = Attachment.objects.filter(pk=pk, ticket=ticket).exclude(message__kind=Message.Kind.NOTE).first()
    if attachment is None or not attachment.file:
        raise Http404
    return file_response(attachment.file, filename=attachment.name, personal=True)


@require_POST
@public_rate_limit("helpdesk.public-reply", REPLY_RATE)
@personal_data
def public_reply(request, org: str, token: str):
    """The reporter answers: added to an open ticket (one waiting for them resumes), reopens a resolved one or one
    closed lately, or starts a follow-up ticket when it was closed longer ago."""
    ticket = _ticket(org, token)
    form = ReplyForm(request.POST, request.FILES, max_bytes=_max_bytes(ticket.organization))
    if form.is_valid():
        try:
            result, outcome = services.reporter_message_add(
                ticket=ticket,
                body=form.cleaned_data["body"],
                channel=Channel.WEB,
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if outcome == "follow_up":
                messages.success(
                    request,
                    _(
                        "Ticket %(old)s was closed too long ago to be reopened, so your message starts a new ticket "
                        "%(number)s that refers to it. Keep this number."
                    )
                    % {"old": ticket.number, "number": result.number},
                )
                return redirect("helpdesk:public-ticket", org=result.organization.slug, token=result.public_token)
            if outcome == "reopened":
                messages.success(request, _("Your message is sent and the ticket is open again."))
            else:
                messages.success(request, _("Your message is sent to the helpdesk."))
            return redirect("helpdesk:public-ticket", org=ticket.organization.slug, token=ticket.public_token)
    return _ticket_page(request, ticket, form, status=400)


@require_POST
def public_confirm(request, org: str, token: str):
    """The reporter confirms the solution: the ticket is closed."""
    ticket = _ticket(org, token)
    try:
        services.ticket_confirm(ticket=ticket, by=request.user if request.user.is_authenticated else None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you for confirming. The ticket is closed."))
    return redirect("helpdesk:public-ticket", org=ticket.organization.slug, token=ticket.public_token)
