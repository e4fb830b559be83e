"""The writes of the availability analysis (issue 17 §4; Pagar Alam's SOP Analisa Ketersediaan Pelaku Usaha, steps
quoted per service). Each runs in one transaction, asks the permission first, locks the row it changes and moves the
status only through `AVAILABILITY_FLOW.apply` (audit event and SOP steps, workflows_availability.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.procurement import availability, policies
from sopan.procurement.models import AvailabilityAnalysis, AvailabilityShortlistEntry, Method, Package
from sopan.procurement.workflows_availability import AVAILABILITY_FLOW
from sopan.vendors import identifiers
from sopan.vendors.regions import PROVINCE_CODES

MAX_SHORTLIST = 100  # vendors on one shortlist: the page and the report list them whole
MAX_KBLI = 20
A = AvailabilityAnalysis


def clean_criteria(*, kbli, qualification: str, province: str, regency: str, minimum_vendors) -> dict:
    """The criteria checked and normalised, or a ValidationError per field (Indonesian through gettext)."""
    errors: dict[str, list] = {}
    codes: list[str] = []
    try:
        codes = (
            identifiers.parse_kbli_list(kbli) if isinstance(kbli, str) else identifiers.parse_kbli_list(" ".join(kbli))
        )
    except ValidationError as error:
        errors["kbli"] = error.messages
    if not codes and "kbli" not in errors:
        errors["kbli"] = [_("Enter at least one KBLI code (5 digits).")]
    elif len(codes) > MAX_KBLI:
        errors["kbli"] = [_("At most %(count)s KBLI codes.") % {"count": MAX_KBLI}]
    if qualification not in A.Qualification.values:
        errors["qualification"] = [_("Choose a qualification from the list.")]
    province = str(province or "").strip()
    if province not in PROVINCE_CODES:
        errors["province"] = [_("Choose a province from the list.")]
    try:
        minimum = int(minimum_vendors)
    except (TypeError, ValueError):
        minimum = 0
    if not 1 <= minimum <= 50:
        errors["minimum_vendors"] = [_("The number of vendors needed is between 1 and 50.")]
    if errors:
        raise ValidationError(errors)
    regency = " ".join(str(regency or "").split())[:100]
    return {"kbli": codes, "qualification": qualification, "province": province, "regency": regency,
            "minimum_vendors": minimum}  # fmt: skip


def _open(analysis: AvailabilityAnalysis) -> None:
    if analysis.status != A.Status.DRAFT:
        raise ValidationError(_("The analysis is concluded: its criteria and shortlist can no longer change."))


@transaction.atomic
def availability_save_criteria(
    *,
    package,
    by,
    kbli,
    qualification: str,
    province: str,
    regency: str = "",
    minimum_vendors=3,
    notes: str = "",
    seen_version=None,
) -> AvailabilityAnalysis:
    """SOP Analisa Ketersediaan steps 1–2: the Jabfung PPBJ records what the RUP asks for (KBLI, qualification,
    region) and so which registered vendors are gathered. The first save starts the analysis; a later one (while it
    is open) changes the criteria of the current round and drops the shortlisted vendors that no longer fit."""
    require(policies.can_analyse_availability(by, package))
    criteria = clean_criteria(kbli=kbli, qualification=qualification, province=province, regency=regency,
                              minimum_vendors=minimum_vendors)  # fmt: skip
    row = workflow.locked(Package, package.pk, organization=package.organization_id)
    if row.status == Package.Status.CANCELLED:
        raise ValidationError(_("The package is cancelled."))
    analysis = AvailabilityAnalysis.objects.select_for_update().filter(package=row).order_by("-round").first()
    if analysis is None:
        analysis = AvailabilityAnalysis.objects.create(
            organization_id=row.organization_id, package=row, analysed_by=by, notes=notes.strip(), **criteria
        )
        audit.record(action="procurement.availability.started", by=by, target=analysis, changes=criteria)
        return analysis
    workflow.check_version(analysis, seen_version)
    _open(analysis)
    before = {name: getattr(analysis, name) for name in criteria}
    for name, value in criteria.items():
        setattr(analysis, name, value)
    analysis.notes = notes.strip()
    analysis.version += 1
    analysis.save()
    kept = availability.eligible(analysis).values("pk")
    dropped, _count = analysis.shortlist.exclude(company_id__in=kept).delete()
    changes = {name: [before[name], value] for name, value in criteria.items() if before[name] != value}
    audit.record(action="procurement.availability.criteria_changed", by=by, target=analysis,
                 changes={**changes, "dropped": dropped})  # fmt: skip
    return analysis


@transaction.atomic
def availability_update_shortlist(
    *, analysis, by, add: Sequence[int] = (), remove: Sequence[int] = (), note: str = "", seen_version=None
) -> AvailabilityAnalysis:
    """SOP Analisa Ketersediaan step 3: the Jabfung PPBJ picks the vendors that fit the qualification (only the
    candidates of the criteria that are not blacklisted) or takes some off the list."""
    require(policies.can_analyse_availability(by, analysis.package))
    row = workflow.locked(AvailabilityAnalysis, analysis.pk, seen_version=seen_version,
                          organization=analysis.organization_id)  # fmt: skip
    _open(row)
    add, remove = {int(pk) for pk in add}, {int(pk) for pk in remove} - {int(pk) for pk in add}
    fitting = set(availability.eligible(row).filter(pk__in=add).values_list("pk", flat=True)) if add else set()
    if add - fitting:
        raise ValidationError(
            _("%(count)s of the chosen vendors do not fit the criteria or are blacklisted; reload the page.")
            % {"count": len(add - fitting)}
        )
    removed, _count = row.shortlist.filter(company_id__in=remove).delete() if remove else (0, None)
    present = set(row.shortlist.filter(company_id__in=fitting).values_list("company_id", flat=True))
    new = sorted(fitting - present)
    if row.shortlist.count() + len(new) > MAX_SHORTLIST:
        raise ValidationError(_("A shortlist holds at most %(count)s vendors.") % {"count": MAX_SHORTLIST})
    AvailabilityShortlistEntry.objects.bulk_create(
        AvailabilityShortlistEntry(analysis=row, company_id=pk, note=note.strip()[:300], added_by=by) for pk in new
    )
    row.version += 1
    row.save(update_fields=["version", "updated_at"])
    audit.record(action="procurement.availability.shortlist_changed", by=by, target=row,
                 changes={"added": new, "removed": removed})  # fmt: skip
    return row


def _begin(analysis, name: str, *, by, seen_version, values: dict | None = None) -> AvailabilityAnalysis:
    """Permission first, then the locked row with the new `values` set, then what `apply` would refuse (status,
    guard: e.g. an empty proposal)."""
    require(AVAILABILITY_FLOW.get(name).allowed(by, analysis))
    row = workflow.locked(
        AvailabilityAnalysis,
        analysis.pk,
        seen_version=seen_version,
        organization=analysis.organization_id,
        related=("package",),
    )
    for field, value in (values or {}).items():
        setattr(row, field, value)
    AVAILABILITY_FLOW.check(row, name, by=by)
    return row


@transaction.atomic
def availability_conclude(*, analysis, by, enough: bool, conclusion: str = "", seen_version=None):
    """SOP Analisa Ketersediaan step 4 (with steps 1–3 done): (a) `enough` vendors fit, the shortlist is fixed and
    documented (step 8); (b) too few, the result goes to the PPK to propose a correction of the RUP."""
    name = "conclude_qualified" if enough else "conclude_short"
    row = _begin(analysis, name, by=by, seen_version=seen_version)
    row.conclusion = conclusion.strip()
    row.concluded_at = timezone.now()
    row.eligible_found = availability.eligible_count(row)  # as found that day: the round's report keeps it
    return AVAILABILITY_FLOW.apply(row, name, by=by, title=str(row.package),
                                   changes={"shortlisted": row.shortlist.count()})  # fmt: skip


@transaction.atomic
def availability_propose_correction(
    *, analysis, by, changes: Sequence[str], text: str, method: str = "", seen_version=None
) -> AvailabilityAnalysis:
    """SOP Analisa Ketersediaan step 5: the package's PPK sends the PA/KPA the proposal to correct the RUP and/or
    the other planning documents (what to change, and a suggested method); branch (b) ends."""
    require(policies.can_propose_rup_correction(by, analysis.package))
    chosen = [c for c in A.Change.values if c in set(changes)]
    if not chosen or len(chosen) != len(set(changes)):
        raise ValidationError({"proposal_changes": [_("Choose what the correction changes.")]})
    if method and method not in Method.values:
        raise ValidationError({"proposed_method": [_("Choose a method from the list.")]})
    values = {"proposal_changes": chosen, "proposal_text": text.strip(), "proposed_method": method}
    row = _begin(analysis, "propose_correction", by=by, seen_version=seen_version, values=values)
    row.proposed_by, row.proposed_at = by, timezone.now()
    return AVAILABILITY_FLOW.apply(row, "propose_correction", by=by, title=str(row.package),
                                   changes={"changes": chosen, "method": method})  # fmt: skip


@transaction.atomic
def availability_record_discussion(*, analysis, by, action_plan: str, seen_version=None) -> AvailabilityAnalysis:
    """SOP Analisa Ketersediaan step 9: the discussion with the PPK and the action plan for similar procurements;
    branch (a) ends."""
    values = {"action_plan": action_plan.strip()}
    row = _begin(analysis, "record_discussion", by=by, seen_version=seen_version, values=values)
    return AVAILABILITY_FLOW.apply(row, "record_discussion", by=by, title=str(row.package))


CRITERIA = ("kbli", "qualification", "province", "regency", "minimum_vendors")


@transaction.atomic
def availability_reanalyse(*, analysis, by, note: str = "", seen_version=None) -> AvailabilityAnalysis:
    """After SOP Analisa Ketersediaan step 5: the PA/KPA corrected the RUP on the PPK's proposal, so the Jabfung
    PPBJ (or the Kepala UKPBJ) runs the SOP again for the package. Round n (the current one, `proposed`) stays as it
    was, read-only, with its report; round n+1 starts as a draft with round n's criteria for the analyst to edit
    (the shortlist is picked again). `note`: what the correction changed, kept as the new round's notes. The new
    round is the subject of a new SOP case (started when its steps are recorded): round n's completed case is not
    reopened."""
    require(AVAILABILITY_FLOW.get("reanalyse").allowed(by, analysis))
    row = workflow.locked(AvailabilityAnalysis, analysis.pk, seen_version=seen_version,
                          organization=analysis.organization_id, related=("package",))  # fmt: skip
    if row.status != A.Status.PROPOSED:
        raise ValidationError(
            _("Only an analysis whose RUP correction was proposed to the PA/KPA can be analysed again (this one is: "
              "%(status)s).") % {"status": row.get_status_display()}
        )  # fmt: skip
    AVAILABILITY_FLOW.apply(row, "reanalyse", by=by, changes={"round": row.round + 1})  # guard: n is current
    following = AvailabilityAnalysis.objects.create(
        organization_id=row.organization_id,
        package_id=row.package_id,
        round=row.round + 1,
        analysed_by=by,
        notes=note.strip(),
        **{name: getattr(row, name) for name in CRITERIA},
    )
    audit.record(action="procurement.availability.started", by=by, target=following,
                 changes={name: getattr(following, name) for name in CRITERIA})  # fmt: skip
    return following
