"""What the package's page reads of its stages (issue 17 §2, §6): the Pokja candidates with their workload, the
timeline of the stage records (the SOP cases on their flowcharts come from `sop.api.progress_of`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import RoleAssignment
from sopan.core.templatetags.sopan import rupiah
from sopan.procurement.models import (
    Milestone,
    Package,
    PokjaAssignment,
    PokjaAssignmentMember,
    PreparationDocument,
    Review,
    SelectionPlan,
    SelectionRequest,
)

POKJA_ROLE = "selection_group_member"
FINISHED = (Package.Status.HANDED_OVER, Package.Status.CANCELLED)


def pokja_candidates(package) -> list[tuple[object, int]]:
    """The organisation's active users holding `selection_group_member` today, each with their workload: the number
    of their active Pokja assignments on packages not yet handed over or cancelled. Two queries."""
    ids = (
        RoleAssignment.objects.active()
        .filter(organization_id=package.organization_id, role=POKJA_ROLE)
        .values_list("user_id", flat=True)
    )
    active = Q(pokja_memberships__assignment__is_active=True) & ~Q(
        pokja_memberships__assignment__package__status__in=FINISHED
    )
    users = (
        get_user_model()
        .objects.filter(pk__in=list(ids), is_active=True)
        .annotate(workload=Count("pokja_memberships", filter=active, distinct=True))
        .order_by("last_name", "first_name", "username")
    )
    return [(user, user.workload) for user in users]


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    title: str
    detail: str = ""
    by: object = None
    html_id: str = ""


def _members(assignment) -> str:
    return ", ".join(m.user.get_full_name() for m in assignment.members.all())


# The stage records of a package, read once for its page: the timeline, the print links and the stage forms all
# use them (one query per kind of record, whatever their number).
RECORDS = (
    Prefetch("preparation_documents", queryset=PreparationDocument.objects.select_related("updated_by")),
    Prefetch("selection_request", queryset=SelectionRequest.objects.select_related("submitted_by")),
    Prefetch(
        "pokja_assignments",
        queryset=PokjaAssignment.objects.select_related("assigned_by").prefetch_related(
            Prefetch("members", queryset=PokjaAssignmentMember.objects.select_related("user"))
        ),
    ),
    Prefetch("reviews", queryset=Review.objects.select_related("reviewed_by").order_by("round")),
    Prefetch("selection_plan", queryset=SelectionPlan.objects.select_related("decided_by", "scheduled_by")),
    Prefetch("milestone_records", queryset=Milestone.objects.select_related("recorded_by")),
)


def with_records(package: Package) -> Package:
    """The package with its stage records read (`RECORDS`); nothing is read twice."""
    prefetch_related_objects([package], *RECORDS)
    return package


def selection_request_of(package: Package) -> SelectionRequest | None:
    return getattr(with_records(package), "selection_request", None)


def timeline(package) -> list[Entry]:
    """The package's stage records in time order: preparation documents, the request, the Pokja decrees, the review
    rounds with their findings, the methods and schedule, the milestones."""
    with_records(package)
    entries = [
        Entry(d.updated_at, _("Preparation document: %(kind)s") % {"kind": d.get_kind_display()},
              " · ".join(x for x in (d.get_status_display(), d.reference) if x), d.updated_by, f"timeline-doc-{d.pk}")
        for d in package.preparation_documents.all()
    ]  # fmt: skip
    request = selection_request_of(package)
    if request:
        items = ", ".join(str(SelectionRequest.Item(i).label) for i in request.items if i in SelectionRequest.Item)
        entries.append(Entry(request.submitted_at, _("Selection requested"), items, request.submitted_by,
                             "timeline-request"))  # fmt: skip
    for a in package.pokja_assignments.all():
        detail = _("Decree %(number)s of %(date)s: %(members)s") % {
            "number": a.decree_number, "date": a.decree_date.isoformat(), "members": _members(a)}  # fmt: skip
        entries.append(Entry(a.created_at, _("Selection working group appointed"), detail, a.assigned_by,
                             f"timeline-pokja-{a.pk}"))  # fmt: skip
    for r in package.reviews.all():
        title = _("Review round %(round)s: %(outcome)s") % {"round": r.round, "outcome": r.get_outcome_display()}
        entries.append(Entry(r.at, title, r.findings, r.reviewed_by, f"timeline-review-{r.round}"))
        if r.resubmitted_at:
            entries.append(Entry(r.resubmitted_at, _("Documents resubmitted after round %(round)s") % {
                "round": r.round}, html_id=f"timeline-resubmitted-{r.round}"))  # fmt: skip
    entries += _plan_entries(package)
    for m in package.milestone_records.all():
        value = rupiah(m.value) if m.value is not None else ""
        detail = " · ".join(x for x in (m.on.isoformat(), m.reference, value) if x)
        entries.append(Entry(m.recorded_at, m.get_kind_display(), detail, m.recorded_by, f"timeline-{m.kind}"))
    return sorted(entries, key=lambda e: e.at or timezone.now())


def _plan_entries(package) -> list[Entry]:
    plan = getattr(package, "selection_plan", None)
    if plan is None:
        return []
    methods = " · ".join((plan.get_selection_method_display(), plan.get_qualification_method_display(),
                          plan.get_evaluation_method_display(), plan.get_submission_method_display()))  # fmt: skip
    entries = [Entry(plan.decided_at, _("Methods decided"), methods, plan.decided_by, "timeline-methods")]
    if plan.has_schedule:
        dates = " → ".join(d.isoformat() for d in (plan.announcement_on, plan.bid_deadline_on, plan.result_on,
                                                     plan.contract_on))  # fmt: skip
        entries.append(Entry(plan.decided_at, _("Schedule set"), dates, plan.scheduled_by, "timeline-schedule"))
    return entries
