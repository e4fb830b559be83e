"""The writes of vendor performance (issue 18 §1–§2; workflows.py for the SOP step numbers).

Each runs in one transaction, asks the permission first, locks the row it changes (`workflow.locked`: a form made on
an outdated page is refused with code "stale"), refuses bad input with an Indonesian message and nothing changed,
writes its audit event and records the SOP steps on the contract's case of procedure "vendor_performance".

A contract is recorded two ways:
- `contract_from_handover`, the `contract_ended` hook the procurement module calls when a package's BAST is recorded
  (by the PPK or the SPSE import). The handover is procurement's act: where no SOP in force serves
  "vendor_performance" yet, the contract is recorded all the same, without its case (the overdue list still shows it
  by its due date), rather than refusing the handover;
- `contract_record`, the PPK's entry of a contract that ended otherwise (force majeure, termination) or that Sopan
  does not follow as a package. This module's own act: refused with `ProcedureNotReady` when no SOP serves it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.core.files import attach_on_commit
from sopan.core.selectors import calendar_for
from sopan.core.uploads import check_upload
from sopan.performance import policies, rules
from sopan.performance.models import Assessment, Contract, Setting
from sopan.performance.workflows import CONTRACT_FLOW, PROCEDURE, assessment_steps
from sopan.procurement.models import Kind, Method, Package
from sopan.sop import api as sop_api
from sopan.sop.services import cases
from sopan.vendors.models import Company


def _due_on(organization, ended_on):
    days = rules.settings_of(organization).assessment_working_days
    return rules.working_days_after(calendar_for(organization), ended_on, days)


def _open_case(contract: Contract, *, strict: bool):
    """Open the contract's SOP case with step 1 open for its PPK (bound to the PPK's lane when named)."""
    try:
        version = sop_api.version_for(organization=contract.organization, procedure=PROCEDURE)
    except sop_api.ProcedureNotReady:
        if strict:
            raise
        return None
    people = {"ppk": contract.commitment_officer} if contract.commitment_officer_id else {}
    return cases.case_start(version=version, title=f"Penilaian kinerja penyedia — {contract.name}"[:300], by=None,
                            subject=contract, procedure=PROCEDURE, participants=people)  # fmt: skip


def contract_from_handover(*, package, on, by, reference: str = "", **_ignored) -> Contract | None:
    """The `contract_ended` hook: the package's work was handed over (BAST, SOP Proses Utama PBJ steps 7–8), so its
    contract is due for assessment (SOP Pencatatan Kinerja Penyedia step 1, "pada saat BAST"). Idempotent per
    package. Runs inside the handover's transaction. A self-managed package (swakelola) has no provider to assess:
    nothing is recorded for it."""
    if package.method == Method.SELF_MANAGED:
        return None
    found = Contract.objects.filter(package=package).first()
    if found is not None:
        return found
    contract = Contract.objects.create(
        organization_id=package.organization_id, package=package, name=package.name[:500],
        number=_contract_reference(package), value=package.contract_value, agency_id=package.agency_id,
        commitment_officer_id=package.commitment_officer_id, kind=package.kind, method=package.method, ended_on=on,
        ending=Contract.Ending.HANDOVER, assessment_due_on=_due_on(package.organization, on), created_by=by,
    )  # fmt: skip
    audit.record(action="performance.contract.recorded", by=by, target=contract,
                 changes={"package": package.pk, "ending": contract.ending, "ended_on": on.isoformat(),
                          "bast": reference.strip()})  # fmt: skip
    _open_case(contract, strict=False)
    return contract


def _contract_reference(package) -> str:
    found = package.milestone_records.filter(kind="contract").values_list("reference", flat=True).first()
    return (found or "")[:100]


def _value(raw):
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": [_("Give the contract value in rupiah.")]}) from None
    if value < 0:
        raise ValidationError({"value": [_("The value cannot be negative.")]})
    return value


@transaction.atomic
def contract_record(
    *,
    organization,
    by,
    name: str,
    number: str,
    company,
    ended_on,
    ending: str,
    kind: str,
    method: str,
    agency=None,
    value=None,
    package=None,
) -> Contract:
    """The PPK records a contract that ended (SOP Pencatatan Kinerja Penyedia step 1: after a handover, a stop for
    force majeure or a termination for the vendor's fault) and Sopan does not follow as a package, or a package's
    contract stopped or terminated before its handover (`package`: its name, agency, type, method and value are the
    package's); its case opens with step 1 the PPK's task."""
    require(policies.can_record_contract(by, organization))
    agencies = policies.assessing_agency_ids(by)
    errors = {}
    if package is not None:
        problem = _package_problem(package, organization, by, ending)
        if problem:
            raise ValidationError({"package": [problem]})
        name, kind, method, agency = package.name, package.kind, package.method, package.agency
        value = value if value not in (None, "") else package.contract_value
        number = number or _contract_reference(package)
    if not str(name or "").strip():
        errors["name"] = [_("Give the contract's name.")]
    if company is None or company.organization_id != organization.pk:
        errors["company"] = [_("Choose the provider from the list.")]
    if ended_on is None:
        errors["ended_on"] = [_("Give the date the contract ended.")]
    elif ended_on > timezone.localdate():
        errors["ended_on"] = [_("The date cannot be in the future.")]
    if ending not in Contract.Ending.values:
        errors["ending"] = [_("Choose how the contract ended from the list.")]
    if kind not in Kind.values or method not in Method.values:
        errors["kind"] = [_("Choose the procurement type and method from the lists.")]
    agency_id = agency.pk if agency is not None else next(iter(sorted(agencies)), None)
    if agency_id not in agencies:
        errors["agency"] = [_("Choose an agency where you are a commitment officer (PPK).")]
    if errors:
        raise ValidationError(errors)
    contract = Contract.objects.create(
        organization=organization, name=name.strip()[:500], number=str(number or "").strip()[:100], company=company,
        value=_value(value), agency_id=agency_id, commitment_officer=by, kind=kind, method=method, ended_on=ended_on,
        ending=ending, assessment_due_on=_due_on(organization, ended_on), created_by=by, package=package,
    )  # fmt: skip
    facts = {"ending": ending, "ended_on": ended_on.isoformat(), "company": company.pk}
    if package is not None:
        facts["package"] = package.pk
    audit.record(action="performance.contract.recorded", by=by, target=contract, changes=facts)
    _open_case(contract, strict=True)
    return contract


def _package_problem(package, organization, by, ending) -> str:
    """Why the package's contract cannot be recorded by hand: only a contract signed and not handed over, of the
    organisation, whose PPK is the person, stopped or terminated (a handover is recorded as the package's BAST)."""
    if package.organization_id != organization.pk or package.status != Package.Status.CONTRACT:
        return _("Choose a package under contract from the list.")
    if package.commitment_officer_id not in (None, by.pk) or (
        package.commitment_officer_id is None and package.agency_id not in policies.assessing_agency_ids(by)
    ):
        return _("Only the package's commitment officer (PPK) may record its contract's end.")
    if ending == Contract.Ending.HANDOVER:
        return _("A package's handover is recorded on the package (BAST), which opens its assessment.")
    if Contract.objects.filter(package=package).exists():
        return _("This package's contract is already recorded.")
    return ""


def packages_under_contract(user):
    """The packages under contract (signed, not handed over) whose PPK is the user, without a recorded contract: the
    ones whose stop or termination the user may record."""
    return (
        Package.objects.filter(organization_id=user.organization_id, status=Package.Status.CONTRACT)
        .filter(Q(commitment_officer=user) | Q(commitment_officer__isnull=True,
                                               agency_id__in=policies.assessing_agency_ids(user)))
        .exclude(performance_contract__isnull=False)
        .select_related("agency")
        .order_by("-id")
    )  # fmt: skip


def _scores(contract: Contract, scheme: rules.Scheme, scores, stars):
    """The scores checked against the scheme: every aspect on the scale (step 3a), or the stars (step 3b)."""
    if contract.is_e_purchasing:
        if stars in (None, ""):
            raise ValidationError({"stars": [_("Give the e-purchasing rating, from 1 to 5 stars.")]})
        try:
            stars = int(stars)
        except (TypeError, ValueError):
            stars = 0
        if not rules.STAR_RANGE[0] <= stars <= rules.STAR_RANGE[1]:
            raise ValidationError({"stars": [_("The rating must be from 1 to 5 stars.")]})
        return {}, stars
    checked, errors = {}, []
    scores = scores or {}
    for aspect in scheme.aspects:
        raw = scores.get(aspect.key)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value is None or str(raw).strip() != str(value) or value not in scheme.scale:
            errors.append(
                _("The score for %(aspect)s must be one of %(scale)s.")
                % {"aspect": aspect.label, "scale": scheme.scale_text()}
            )
        checked[aspect.key] = value
    if errors:
        raise ValidationError({"scores": errors})
    return checked, None


def _company(contract: Contract, company):
    company = contract.company or company
    if company is None or company.organization_id != contract.organization_id:
        raise ValidationError({"company": [_("Choose the provider of this contract from the list.")]})
    return company


@transaction.atomic
def assessment_record(
    *,
    contract,
    by,
    seen_version=None,
    company=None,
    scores=None,
    stars=None,
    evidence=None,
    sikap_reference: str = "",
    notes: str = "",
) -> Assessment:
    """The contract's PPK assesses its provider (SOP Pencatatan Kinerja Penyedia steps 3, 3a/3b, 4, 5): once per
    contract, with the scheme in force on the contract's end date. A termination for the vendor's fault is poor
    whatever the scores."""
    if not policies.can_assess(by, contract):
        if policies.can_record_contract(by, contract):
            raise PermissionDenied(_("Only the contract's commitment officer (PPK) may assess its provider."))
        raise PermissionDenied
    row = workflow.locked(Contract, contract.pk, seen_version=seen_version, organization=contract.organization_id)
    if row.status == Contract.Status.ASSESSED or Assessment.objects.filter(contract=row).exists():
        raise ValidationError(_("This contract's provider is already assessed: a contract is assessed once."),
                              code="assessed")  # fmt: skip
    scheme = rules.scheme_on(row.ended_on)
    checked, stars = _scores(row, scheme, scores, stars)
    company = _company(row, company)
    checked_file = check_upload(evidence) if evidence else None
    if checked:
        total = scheme.total_of(checked)
        band = scheme.band_of(total)
    else:
        total, band = None, scheme.stars[stars]
    if row.ending == Contract.Ending.TERMINATION:
        band = rules.Band.POOR  # UNVERIFIED (rules.py): a termination for the vendor's fault is poor
    now = timezone.now()
    organization = row.organization
    today = timezone.localdate()
    assessment = Assessment(
        organization=organization, contract=row, company=company, scheme_effective=scheme.effective, scores=checked,
        stars=stars, total=total, band=band, sikap_reference=str(sikap_reference or "").strip()[:100],
        notes=str(notes or "").strip(), assessed_by=by, assessed_at=now, assessed_on=today,
        response_due_on=rules.working_days_after(
            calendar_for(organization), today, rules.settings_of(organization).response_working_days),
    )  # fmt: skip
    if checked_file is not None:
        attach_on_commit(assessment, "evidence", checked_file.name, checked_file.content)
        assessment.evidence_type = checked_file.content_type
    assessment.save()
    row.company = company
    facts = {"company": company.pk, "band": band, "total": None if total is None else str(total), "stars": stars,
             "scores": checked, "sikap_reference": assessment.sikap_reference}  # fmt: skip
    CONTRACT_FLOW.apply(row, "assess", by=by, changes=facts)
    steps = assessment_steps(e_purchasing=row.is_e_purchasing, sikap=bool(assessment.sikap_reference), band=band)
    sop_api.record_steps(subject=row, organization=organization, procedure=PROCEDURE, steps=steps, by=by,
                         title=row.name)  # fmt: skip
    return assessment


@transaction.atomic
def assessment_respond(*, assessment, by, text: str, seen_version=None) -> Assessment:
    """The assessed vendor responds to its assessment, once, until the response deadline (issue 18 §1)."""
    from sopan.vendors.selectors import company_of

    company = company_of(by)
    if company is None or company.pk != assessment.company_id:
        raise PermissionDenied
    text = str(text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your response.")]})
    row = workflow.locked(Assessment, assessment.pk, seen_version=seen_version,
                          organization=assessment.organization_id)  # fmt: skip
    if row.responded_at is not None:
        raise ValidationError(_("You have already responded to this assessment."), code="responded")
    if timezone.localdate() > row.response_due_on:
        raise ValidationError(
            _("The time to respond ended on %(date)s.") % {"date": date_format(row.response_due_on)},
            code="late",
        )
    row.response, row.responded_at, row.responded_by = text, timezone.now(), by
    row.version += 1
    row.save(update_fields=["response", "responded_at", "responded_by", "version"])
    audit.record(action="performance.assessment.responded", by=by, target=row, changes={"contract": row.contract_id})
    return row


@transaction.atomic
def setting_update(*, organization, by, assessment_working_days, response_working_days):
    """The organisation's own deadlines (rules.py: no regulation text at hand gives them), in working days, 1–60.
    Applies to contracts recorded and assessments made from now on."""
    require(policies.can_manage_settings(by, organization))
    errors = {}
    for name, value in (("assessment_working_days", assessment_working_days),
                        ("response_working_days", response_working_days)):  # fmt: skip
        if not isinstance(value, int) or not 1 <= value <= 60:
            errors[name] = [_("Give a number of working days from 1 to 60.")]
    if errors:
        raise ValidationError(errors)
    before = rules.settings_of(organization)
    old = [before.assessment_working_days, before.response_working_days]
    row, _created = Setting.objects.select_for_update().update_or_create(
        organization=organization,
        defaults={"assessment_working_days": assessment_working_days, "response_working_days": response_working_days},
    )
    audit.record(action="performance.setting.updated", by=by, target=row,
                 changes={"assessment_working_days": [old[0], assessment_working_days],
                          "response_working_days": [old[1], response_working_days]})  # fmt: skip
    return row


def company_choices(organization):
    return Company.objects.filter(organization=organization).order_by("name", "id")
