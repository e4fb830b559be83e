"""Reads for registrations, documents and vendor accounts, already scoped to the user (404 for other organisations)."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.core.pagination import Page, keyset_page
from sopan.sop.models import Case, StepRecord
from sopan.vendors import policies
from sopan.vendors.models import (
    AppointmentSlot,
    ChangeRequest,
    Company,
    Document,
    EmailConfirmation,
    FieldChange,
    IdentityView,
    Registration,
    RequiredDocument,
    VendorSettings,
)

S = Registration.Status


def settings_for(organization) -> VendorSettings:
    """The organisation's registration rules; the defaults when it has set none (not saved)."""
    found = VendorSettings.objects.filter(organization=organization).first()
    return found or VendorSettings(organization=organization)


def requirements_for(registration) -> list[RequiredDocument]:
    """The documents this applicant must (or may) bring, by applicant kind and legal form."""
    candidates = RequiredDocument.objects.filter(
        organization_id=registration.organization_id, applicant_kind=registration.applicant_kind, is_active=True
    )
    return [r for r in candidates if r.applies_to(registration.legal_form)]


def current_documents(registration, *, shown_to=None) -> dict[int, Document]:
    """The current upload per requirement id; with `shown_to`, each says whether it (an identity document) has been
    shown to that person (`shown`, an IdentityView of the upload), in the same query."""
    documents = Document.objects.filter(registration=registration, is_current=True).select_related("requirement")
    if shown_to is not None:
        documents = documents.annotate(
            shown=Exists(IdentityView.objects.filter(document=OuterRef("pk"), viewed_by=shown_to))
        )
    return {d.requirement_id: d for d in documents}


def missing_requirements(registration) -> list[RequiredDocument]:
    uploaded = current_documents(registration)
    return [r for r in requirements_for(registration) if r.is_required and r.pk not in uploaded]


def checklist_for(registration, *, shown_to=None) -> list[tuple[RequiredDocument, Document | None]]:
    uploaded = current_documents(registration, shown_to=shown_to)
    return [(r, uploaded.get(r.pk)) for r in requirements_for(registration)]


def _with_due(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate the due time of the open step of the registration's case (its mutu baku in working time)."""
    content_type = ContentType.objects.get_for_model(Registration)
    open_step = StepRecord.objects.filter(
        case__subject_type=content_type,
        case__subject_id=Cast(OuterRef("pk"), CharField()),
        case__procedure="vendor_registration",
        status=StepRecord.Status.OPEN,
    ).order_by("due_at")
    return queryset.annotate(
        due_at=Subquery(open_step.values("due_at")[:1]), open_step=Subquery(open_step.values("label")[:1])
    )


def confirmation_of_link(token: str) -> EmailConfirmation | None:
    """The sign-up confirmation behind a link, whatever its state: a used or expired link offers a new one for the
    same organisation and kind of applicant."""
    from sopan.vendors.registration.services.common import link_token_hash

    return (
        EmailConfirmation.objects.select_related("organization").filter(token_hash=link_token_hash(token or "")).first()
    )


def registration_get_for(user, pk: int, *, for_update: bool = False) -> Registration:
    """The registration if the user may see it (the applicant, or the LPSE staff of its organisation); else 404."""
    queryset = Registration.objects.select_related("company", "user", "slot", "organization", "verifier")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    registration = queryset.filter(pk=pk).first()
    if registration is None or not policies.can_view_registration(user, registration):
        raise Http404
    return registration


def registration_of(user) -> Registration | None:
    """The applicant's own registration (a vendor or non-vendor user has exactly one)."""
    if not user.is_authenticated:
        return None
    return Registration.objects.select_related("company", "slot", "organization").filter(user=user).first()


def verifier_queue_for(
    user, *, status: str = "", query: str = "", mine: bool = False, cursor: str | None = None, size: int = 50
) -> Page:
    """The verifier's queue: files received and being verified, oldest first (keyset over the queue index)."""
    if not policies.can_verify(user):
        return Page(items=[], next_cursor=None)
    statuses = (S.RECEIVED, S.IN_VERIFICATION, S.COMPLETION_REQUESTED)
    queryset = Registration.objects.filter(organization_id=user.organization_id, status__in=statuses)
    if status in statuses:
        queryset = queryset.filter(status=status)
    if mine:
        queryset = queryset.filter(verifier=user)
    if query:
        queryset = queryset.filter(_search(query))
    # The columns a row shows, as named tuples: no model instances with their related objects for fifty rows.
    queryset = _with_due(queryset).values_list(*QUEUE_COLUMNS, "due_at", "open_step", named=True)
    return keyset_page(queryset, order=("received_at", "id"), cursor=cursor, size=size)


# What a row of the queue shows, and nothing more (the company's and the file's other columns stay in the database).
QUEUE_COLUMNS = (
    "id",
    "number",
    "applicant_kind",
    "person_name",
    "status",
    "received_at",
    "company_id",
    "company__name",
    "company__legal_form",
    "verifier_id",
    "verifier__full_name",
    "verifier__username",
)


def _search(query: str) -> Q:
    query = query.strip()
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(number__iexact=query) | Q(company__name__icontains=query) | Q(person_name__icontains=query)
    condition |= Q(user__email__iexact=query) | Q(user__username__iexact=query)
    if len(digits) >= 13:
        condition |= Q(company__npwp=digits) | Q(company__nib=digits)
    return condition


def desk_lookup_for(user, *, query: str, cursor: str | None = None, size: int = 20) -> Page:
    """Front office: find an applicant by registration number, company, NPWP/NIB, e-mail or user ID (step 8)."""
    if not policies.can_work_desk(user) or not query.strip():
        return Page(items=[], next_cursor=None)
    queryset = Registration.objects.filter(organization_id=user.organization_id).filter(_search(query))
    queryset = queryset.select_related("company", "slot")
    return keyset_page(queryset, order=("-submitted_at", "-id"), cursor=cursor, size=size)


DESK_DAYS_AHEAD = 5  # working days after today the front office sees coming (a working week)
DESK_EXPECTED_LIMIT = 200  # appointments drawn at most; a desk serves far fewer in a week


def desk_expected_for(user, *, now=None, days_ahead: int = DESK_DAYS_AHEAD, limit: int = DESK_EXPECTED_LIMIT) -> dict:
    """Front office (steps 7–11): the applicants who booked a slot today and on the coming working days (the
    organisation's calendar) and whose file is not received yet, grouped by day, today first. One bounded query:
    `more` says when the limit cut the list."""
    from sopan.core.selectors import calendar_for

    if not policies.can_work_desk(user):
        return {"days": [], "more": False}
    calendar = calendar_for(user.organization)
    now = now or timezone.now()
    today = now.astimezone(calendar.zone).date()
    start = datetime.datetime.combine(today, datetime.time.min, calendar.zone)
    last, counted = today, 0
    while counted < days_ahead:
        last += datetime.timedelta(days=1)
        if calendar.is_working_day(last):
            counted += 1
        elif (last - today).days > 31:  # a calendar with no working day in a month: stop there
            break
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, calendar.zone)
    rows = list(
        Registration.objects.filter(
            organization_id=user.organization_id,
            status__in=(S.SUBMITTED, S.READY),
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .select_related("company", "slot")
        .order_by("slot__starts_at", "id")[: limit + 1]
    )
    more = len(rows) > limit
    days = {today: []}
    for registration in rows[:limit]:
        days.setdefault(registration.slot.starts_at.astimezone(calendar.zone).date(), []).append(registration)
    return {
        "days": [{"day": day, "today": day == today, "registrations": items} for day, items in days.items()],
        "more": more,
        "until": last,
    }


def open_slots_for(registration, *, now=None) -> list[AppointmentSlot]:
    """Future slots of the organisation with a free place (the registration's own slot included)."""
    from django.db.models import Count

    now = now or timezone.now()
    slots = (
        AppointmentSlot.objects.filter(organization_id=registration.organization_id, starts_at__gt=now)
        .annotate(booked=Count("registrations", filter=Q(registrations__status__in=Registration.OPEN)))
        .order_by("starts_at", "id")[:60]
    )
    return [s for s in slots if s.booked < s.capacity or s.pk == registration.slot_id]


def company_get_for(user, pk: int) -> Company:
    company = Company.objects.select_related("admin_user").filter(pk=pk).first()
    if company is None or not (
        company.admin_user_id == user.pk
        or policies.can_work_desk(user, company)
        or policies.can_report_account(user, company)
    ):
        raise Http404
    return company


def company_list_for(user, *, status: str = "", query: str = "", cursor: str | None = None, size: int = 50) -> Page:
    if not policies.can_view_vendors(user):
        return Page(items=[], next_cursor=None)
    queryset = Company.objects.filter(organization_id=user.organization_id).exclude(status=Company.Status.REGISTERING)
    if status:
        queryset = queryset.filter(status=status)
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        condition = Q(name__icontains=query) | Q(email__iexact=query)
        if len(digits) >= 13:
            condition |= Q(npwp=digits) | Q(nib=digits)
        queryset = queryset.filter(condition)
    return keyset_page(queryset, order=("name", "id"), cursor=cursor, size=size)


def field_history_for(company) -> list[FieldChange]:
    return list(FieldChange.objects.filter(company=company).select_related("changed_by", "change_request"))


def change_requests_for(user, *, cursor: str | None = None, size: int = 50) -> Page:
    if not policies.can_verify(user):
        return Page(items=[], next_cursor=None)
    queryset = ChangeRequest.objects.filter(
        organization_id=user.organization_id, status=ChangeRequest.Status.SUBMITTED
    ).select_related("company", "submitted_by")
    return keyset_page(queryset, order=("submitted_at", "id"), cursor=cursor, size=size)


def case_of(registration) -> Case | None:
    from sopan.sop.api import case_for

    return case_for(registration, procedure="vendor_registration")


class CaseLink(NamedTuple):
    """What the workspace shows of the registration's case: its link and reference."""

    pk: int
    reference: str


# What the workspace shows of each SOP step record (named columns, no model instances)
STEP_COLUMNS = (
    "id",
    "case_id",
    "case__started_at",
    "step_key",
    "label",
    "exit_label",
    "status",
    "completed_at",
    "completed_by_id",
    "completed_by__full_name",
    "completed_by__username",
    "on_time",
    "due_at",
)


def case_steps_of(registration) -> tuple[CaseLink | Case | None, list]:
    """The registration's case and its step records in order, in one query through the case's subject (one case per
    subject and procedure, a unique constraint); a case with no record yet is read by itself."""
    content_type = ContentType.objects.get_for_model(Registration)
    records = list(
        StepRecord.objects.filter(
            case__subject_type=content_type,
            case__subject_id=str(registration.pk),
            case__procedure="vendor_registration",
        )
        .order_by("opened_at", "id")
        .values_list(*STEP_COLUMNS, named=True)
    )
    if not records:
        return case_of(registration), []
    first = records[0]
    return CaseLink(first.case_id, Case.reference_of(first.case__started_at, first.case_id)), records


# --- The LPSE's screens: documents served to staff, the registration settings, declared ties --------------------
def document_get_for(user, pk: int) -> Document:
    """A document of a registration the user may see (404 otherwise); its registration is loaded with it."""
    document = Document.objects.select_related("requirement").filter(pk=pk).first()
    if document is None:
        raise Http404
    document.registration = registration_get_for(user, document.registration_id)
    return document


def archived_file_get_for(user, pk: int):
    """An archived file (step 15) of a registration the user may see (404 otherwise)."""
    from sopan.vendors.models import ArchivedFile

    archived = ArchivedFile.objects.filter(pk=pk).first()
    if archived is None:
        raise Http404
    archived.registration = registration_get_for(user, archived.registration_id)
    return archived


def required_documents_for(user) -> list[RequiredDocument]:
    """The organisation's whole document list, both kinds of applicant, those out of use included."""
    return list(RequiredDocument.objects.filter(organization_id=user.organization_id))


def required_document_get_for(user, pk: int) -> RequiredDocument:
    found = RequiredDocument.objects.select_related("organization").filter(pk=pk).first()
    if found is None or found.organization_id != user.organization_id:
        raise Http404
    return found


def slots_for(user, *, now=None, size: int = 200) -> list[AppointmentSlot]:
    """The organisation's coming appointments with the number of applications booked on each."""
    from django.db.models import Count

    now = now or timezone.now()
    return list(
        AppointmentSlot.objects.filter(organization_id=user.organization_id, ends_at__gt=now)
        .annotate(booked=Count("registrations"))
        .order_by("starts_at", "id")[:size]
    )


def slot_get_for(user, pk: int) -> AppointmentSlot:
    found = AppointmentSlot.objects.select_related("organization").filter(pk=pk).first()
    if found is None or found.organization_id != user.organization_id:
        raise Http404
    return found


def staff_relations_for(user, *, everyone: bool = False):
    """The ties to companies declared by the user (or by every staff member of the organisation)."""
    from sopan.vendors.models import StaffRelation

    queryset = StaffRelation.objects.filter(organization_id=user.organization_id)
    if not everyone:
        queryset = queryset.filter(user=user)
    return list(queryset.select_related("user", "company", "declared_by").order_by("user__full_name", "company__name"))


def company_lookup_for(user, query: str) -> list[Company]:
    """Companies of the user's organisation by NPWP, NIB, registration number or name (for declaring a tie)."""
    query = (query or "").strip()
    if not query or user.organization_id is None:
        return []
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(name__icontains=query) | Q(registrations__number__iexact=query)
    if len(digits) >= 13:
        condition |= Q(npwp=digits) | Q(nib=digits)
    found = Company.objects.filter(condition, organization_id=user.organization_id).distinct()
    return list(found.order_by("name")[:20])


# --- Vendor accounts: the vendor's own company, account actions, data change requests -----------------------------
def company_of(user) -> Company | None:
    """The company the user administers (a vendor administrator has one), whatever its status."""
    if not user.is_authenticated:
        return None
    return Company.objects.select_related("organization").filter(admin_user=user).order_by("-id").first()


def account_action_get_for(user, pk: int):
    """An account action if the user is LPSE staff who may follow it (the reporters and the Kepala LPSE); else 404."""
    from sopan.vendors.models import AccountAction

    action = AccountAction.objects.select_related("company", "reported_by", "decided_by").filter(pk=pk).first()
    if action is None or not policies.can_report_account(user, action.company):
        raise Http404
    return action


def change_request_get_for(user, pk: int) -> ChangeRequest:
    """A change request if the user is the company's administrator or a verifier of its organisation; else 404."""
    found = ChangeRequest.objects.select_related("company", "submitted_by", "decided_by").filter(pk=pk).first()
    if found is None or not (
        (user.is_authenticated and found.company.admin_user_id == user.pk) or policies.can_verify(user, found)
    ):
        raise Http404
    return found


# --- The applicant's own status ----------------------------------------------------------------------------------
TONES = {
    S.APPROVED: "success",
    S.REJECTED: "danger",
    S.EXPIRED: "danger",
    S.COMPLETION_REQUESTED: "warning",
}


def applicant_progress(registration: Registration, missing: list[RequiredDocument]) -> dict:
    """The applicant's badge and what still keeps them from sending the file (steps 2–6). While the form is only
    submitted, the badge follows what they did since (documents uploaded, appointment booked), so it never says
    "upload the documents" once they are all there; `blockers` are the workflow guard's conditions, said in advance
    (the service still refuses on its own)."""
    blockers = []
    if missing:
        blockers.append(
            _("Upload the required documents: %(documents)s.") % {"documents": ", ".join(str(r.label) for r in missing)}
        )
    if registration.slot_id is None:
        blockers.append(_("Choose a verification appointment."))
    if registration.status != S.SUBMITTED:
        label, state = S(registration.status).label, registration.status
    elif missing:
        label, state = S.SUBMITTED.label, "documents"
    elif registration.slot_id is None:
        label, state = _("Documents uploaded: choose an appointment"), "appointment"
    else:
        label, state = _("Appointment booked: send the file for verification"), "sendable"
    return {
        "label": label,
        "state": state,
        "tone": TONES.get(registration.status, "primary"),
        "blockers": blockers if registration.status == S.SUBMITTED else [],
    }
