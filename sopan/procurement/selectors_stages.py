"""What the package's page reads of its stages (issue 17 §2, §6): the Pokja candidates with their workload, the
timeline of the stage records (the SOP cases on their flowcharts come from `sop.api.progress_of`)."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language
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


# The people on the records: what the page shows of them (their name), nothing more is read or kept in the cache.
PERSON = ("id", "username", "full_name")


def _people(queryset, *relations):
    fields = [f.attname for f in queryset.model._meta.concrete_fields]
    return queryset.select_related(*relations).only(*fields, *(f"{r}__{p}" for r in relations for p in PERSON))


# The stage records of a package, read once for its page: the timeline, the print links, the guards of the
# transitions offered and the stage forms all use them (one query per kind of record, whatever their number).
RECORDS = (
    Prefetch("preparation_documents", queryset=_people(PreparationDocument.objects.all(), "updated_by")),
    Prefetch("selection_request", queryset=_people(SelectionRequest.objects.all(), "submitted_by")),
    Prefetch(
        "pokja_assignments",
        queryset=_people(PokjaAssignment.objects.all(), "assigned_by").prefetch_related(
            Prefetch("members", queryset=_people(PokjaAssignmentMember.objects.all(), "user"))
        ),
    ),
    Prefetch("reviews", queryset=_people(Review.objects.all(), "reviewed_by").order_by("round")),
    Prefetch("selection_plan", queryset=_people(SelectionPlan.objects.all(), "decided_by", "scheduled_by")),
    Prefetch("milestone_records", queryset=_people(Milestone.objects.all(), "recorded_by")),
)
MANY = ("preparation_documents", "pokja_assignments", "reviews", "milestone_records")
ONE = ("selection_request", "selection_plan")

# The records are kept in the cache under the package's id and version: every service that writes a stage record
# raises the package's version in the same transaction (stages.py, through PACKAGE_FLOW.apply or by hand), so a page
# of a newer version never reads an older entry. The time limit bounds what a renamed person's old name can show.
RECORDS_SECONDS = 600


def records_key(package: Package) -> str:
    return f"procurement:records:{package.pk}:{package.version}"


def timeline_key(package: Package) -> str:
    """The timeline's rows as the page shows them (views_stages.timeline_rows): per version, language and zone."""
    return f"{records_key(package)}:timeline:{get_language()}:{timezone.get_current_timezone_name()}"


def _detached(record, parent: str):
    """A copy of `record` to keep: without its prefetched relations and without the object it belongs to (`parent`,
    the package or the decree, put back by `_attached`), so the cache holds the records and their people only."""
    record = copy.copy(record)
    record._state.fields_cache.pop(parent, None)
    record.__dict__.pop("_prefetched_objects_cache", None)
    return record


def _attached(record, parent: str, obj):
    record._state.fields_cache[parent] = obj
    return record


def _frozen(package: Package) -> dict:
    """The records read by `RECORDS` as plain lists (the members of each Pokja decree beside it)."""
    frozen = {name: [_detached(r, "package") for r in getattr(package, name).all()] for name in MANY}
    frozen["members"] = [[_detached(m, "assignment") for m in a.members.all()] for a in package.pokja_assignments.all()]
    for name in ONE:
        record = getattr(package, name, None)
        frozen[name] = None if record is None else _detached(record, "package")
    return frozen


def _set_many(obj, name: str, items: list) -> None:
    """What `prefetch_related` leaves on `obj` for the relation `name`: `.all()` answers `items` without a query."""
    queryset = getattr(obj, name).all()
    queryset._result_cache, queryset._prefetch_done = items, True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _thaw(package: Package, frozen: dict) -> None:
    for name in MANY:
        _set_many(package, name, [_attached(r, "package", package) for r in frozen[name]])
    for assignment, members in zip(package.pokja_assignments.all(), frozen["members"], strict=True):
        _set_many(assignment, "members", [_attached(m, "assignment", assignment) for m in members])
    for name in ONE:  # as a prefetch leaves a reverse one-to-one: the record, or None for "has none"
        record = frozen[name]
        package._state.fields_cache[name] = None if record is None else _attached(record, "package", package)


def with_records(package: Package) -> Package:
    """The package with its stage records read (`RECORDS`), from the cache when this version's are there; nothing is
    read twice."""
    if "pokja_assignments" in getattr(package, "_prefetched_objects_cache", {}):
        return package
    found = cache.get_many([records_key(package), timeline_key(package)])  # one round trip for both
    frozen = found.get(records_key(package))
    package._timeline_rows = (timeline_key(package), found.get(timeline_key(package)))
    if frozen is None:
        prefetch_related_objects([package], *RECORDS)
        cache.set(records_key(package), _frozen(package), RECORDS_SECONDS)
    else:
        _thaw(package, frozen)
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
