"""Reads of SOPs and cases, scoped to the asking user: another organisation's rows are not found (404), except the
SOPs in force of other organisations, which are published for everyone to read and copy."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from sopan.accounts.policies import PermissionDenied
from sopan.core.pagination import Page, keyset_page
from sopan.sop import policies, procedures
from sopan.sop.models import Case, ProcedureBinding, Sop, SopVersion, StepOutput, StepRecord

S = SopVersion.Status


def _require_member(user) -> None:
    if not policies.can_view_sops(user):
        raise PermissionDenied


def sop_list_for(user) -> list[Sop]:
    """The organisation's SOPs, each with `effective` (the version in force or None) and `open_version` (a revision
    in preparation or None). Two queries."""
    _require_member(user)
    sops = list(
        Sop.objects.filter(organization_id=user.organization_id)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SopVersion.objects.filter(status__in=[S.EFFECTIVE, *SopVersion.OPEN_STATUSES]),
                to_attr="current_versions",
            )
        )
        .order_by("title")
    )
    for sop in sops:
        sop.effective = next((v for v in sop.current_versions if v.status == S.EFFECTIVE), None)
        sop.open_version = next(
            (v for v in sop.current_versions if v.status != S.EFFECTIVE and policies.can_view_version(user, v)), None
        )
    return sops


def sop_get_for(user, pk: int) -> Sop:
    _require_member(user)
    return get_object_or_404(Sop.objects.filter(organization_id=user.organization_id), pk=pk)


def version_get_for(user, pk: int) -> SopVersion:
    """A version of the user's organisation (any status), or one in force elsewhere (published)."""
    _require_member(user)
    visible = Q(organization_id=user.organization_id) | Q(status=S.EFFECTIVE)
    version = get_object_or_404(
        SopVersion.objects.filter(visible).select_related("sop", "organization", "approved_by", "sop__origin"), pk=pk
    )
    if not policies.can_view_version(user, version):
        raise Http404  # a revision in preparation, not theirs to read: not confirmed to exist
    return version


def versions_of(sop: Sop, user) -> list[SopVersion]:
    """The SOP's revisions the user may read, newest first (at most one is in preparation: no query per row)."""
    versions = sop.versions.select_related("approved_by", "created_by").order_by("-revision")
    return [v for v in versions if policies.can_view_version(user, v)]


def published_versions_for(user) -> QuerySet[SopVersion]:
    """SOPs in force of the other organisations, for the shared catalogue."""
    _require_member(user)
    return (
        SopVersion.objects.filter(status=S.EFFECTIVE)
        .exclude(organization_id=user.organization_id)
        .select_related("organization", "sop")
        .order_by("organization__name", "title")
    )


def effective_versions_for(user) -> QuerySet[SopVersion]:
    _require_member(user)
    return (
        SopVersion.objects.filter(organization_id=user.organization_id, status=S.EFFECTIVE)
        .select_related("sop")
        .order_by("title")
    )


def procedure_rows_for(user) -> list[dict]:
    """Every procedure with the SOP bound to it here (or None), and whether that SOP still has the needed steps."""
    _require_member(user)
    bindings = {
        b.procedure: b
        for b in ProcedureBinding.objects.filter(organization_id=user.organization_id).select_related("sop")
    }
    effective = {v.sop_id: v for v in effective_versions_for(user)}
    rows = []
    for procedure in procedures.CATALOGUE:
        binding = bindings.get(procedure.code)
        version = effective.get(binding.sop_id) if binding else None
        rows.append(
            {
                "procedure": procedure,
                "binding": binding,
                "version": version,
                "missing": procedures.missing_steps(procedure.code, version.parsed.step_keys) if version else [],
            }
        )
    return rows


# --- cases ---------------------------------------------------------------------------------------------------------
def _cases_visible_to(user) -> QuerySet[Case]:
    _require_member(user)
    cases = Case.objects.filter(organization_id=user.organization_id)
    visible = policies.visible_cases(user)
    return cases if visible is None else cases.filter(visible)


def case_list_for(user, *, status: str = "", sop: int | None = None, cursor: str | None = None, size: int = 50) -> Page:
    cases = _cases_visible_to(user).select_related("sop", "version")
    if status:
        cases = cases.filter(status=status)
    if sop:
        cases = cases.filter(sop_id=sop)
    return keyset_page(cases, order=("-started_at", "-id"), cursor=cursor, size=size)


def case_get_for(user, pk: int) -> Case:
    return get_object_or_404(
        _cases_visible_to(user).select_related("sop", "version", "organization", "started_by"), pk=pk
    )


def case_steps(case: Case) -> list[StepRecord]:
    return list(
        case.steps.select_related("completed_by", "assignee").prefetch_related("outputs").order_by("opened_at", "id")
    )


def step_get_for(user, pk: int) -> StepRecord:
    record = get_object_or_404(
        StepRecord.objects.filter(organization_id=user.organization_id).select_related("case", "case__version"), pk=pk
    )
    if not policies.can_view_case(user, record.case):
        raise Http404
    return record


def output_get_for(user, pk: int) -> StepOutput:
    output = get_object_or_404(
        StepOutput.objects.filter(step_record__organization_id=user.organization_id).select_related(
            "step_record__case"
        ),
        pk=pk,
    )
    if not policies.can_view_case(user, output.step_record.case):
        raise Http404
    return output


def my_tasks_for(user, *, limit: int = 50) -> list[StepRecord]:
    """ "Tugas saya": the open steps the user may complete, soonest due first (steps without a due time last)."""
    if not (user.is_authenticated and user.organization_id):
        return []
    role_match = Q()
    for code in user.role_codes:
        role_match |= Q(roles__contains=f"|{code}|")
    mine = Q(assignee=user)
    if user.role_codes:
        by_role = Q(assignee__isnull=True) & role_match
        if not policies.is_staff_member(user):
            # outside parties (vendors) see only the steps of their own cases, never another company's
            own_cases = Q(case__started_by=user) | Q(case__participants__user=user)
            by_role &= own_cases
        mine |= by_role
    return list(
        StepRecord.objects.filter(organization_id=user.organization_id, status=StepRecord.Status.OPEN)
        .filter(mine)
        .select_related("case")
        .order_by(F("due_at").asc(nulls_last=True), "opened_at", "id")[:limit]
    )
