"""The vendor account's lifecycle (issue 4 §3): suspension, deactivation and reactivation, following the LKPP
procedure for deactivating a vendor account — complaint or finding with evidence → examination by the Kepala LPSE →
proposal → decision (with LKPP's reference when LKPP acts) → vendor informed → archived.

Each service runs in one transaction, locks the action and the company, checks permission itself and moves the
stage through `accounts.workflows.ACCOUNT_ACTION_FLOW` (which audits it). A granted decision changes the account's
status, keeps the change in the field history (`FieldChange` "status") and blocks or unblocks the company's users:
a suspended or deactivated vendor cannot log in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.files import attach_on_commit
from sopan.core.uploads import check_upload
from sopan.core.workflow import TransitionNotAllowed
from sopan.vendors import personal_data, policies, tasks
from sopan.vendors.accounts.workflows import ACCOUNT_ACTION_FLOW, COMPANY_FLOW, COMPANY_TRANSITION, status_problem
from sopan.vendors.models import AccountAction, Company, FieldChange
from sopan.vendors.selectors import settings_for

A = AccountAction.Stage
K = AccountAction.Kind
MB = 1024 * 1024


def _lock(action: AccountAction) -> AccountAction:
    """The action and its company, both locked (always in this order: action, then company)."""
    action = AccountAction.objects.select_for_update().get(pk=action.pk)
    action.company = Company.objects.select_for_update().select_related("organization").get(pk=action.company_id)
    return action


def _text(value: str | None) -> str:
    return (value or "").strip()


def _apply(action: AccountAction, transition: str, *, by: User, field: str) -> AccountAction:
    """Move the stage; a refused guard is put on the form field it concerns (a wrong stage stays a plain error)."""
    try:
        return ACCOUNT_ACTION_FLOW.apply(action, transition, by=by)
    except TransitionNotAllowed:
        raise
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def company_users(company: Company) -> list[User]:
    """The people who log in for the company. Only its administrator has an account today; vendor users added later
    belong here too."""
    return list(User.objects.filter(pk=company.admin_user_id)) if company.admin_user_id else []


def _duplicate_message(transition: str) -> str:
    """Only an activation or a reactivation can meet the constraint: another account took the NPWP or NIB."""
    if transition == "activate":
        return _("A company with this NPWP or NIB already has an account here: reject this application as a duplicate.")
    return _(
        "Another registered company now uses this NPWP or NIB, so this account cannot be reactivated; "
        "resolve the duplicate first."
    )


def company_move(*, company: Company, transition: str, reason: str = "", by: User | None) -> Company:
    """Move the account's status through `COMPANY_FLOW` (the company is locked by the caller): audited by the
    transition's literal code, kept in the field history (`FieldChange` "status"); after an account action the
    company's users are blocked (suspended, deactivated) or let in again (reactivated)."""
    before = company.status
    now = timezone.now()
    company.status_reason = reason
    if COMPANY_FLOW.get(transition).target == Company.Status.ACTIVE and company.activated_at is None:
        company.activated_at = now
    try:
        with transaction.atomic():
            COMPANY_FLOW.apply(company, transition, by=by, changes={"reason": reason})
    except IntegrityError as exc:
        raise ValidationError(_duplicate_message(transition), code="duplicate") from exc
    FieldChange.objects.create(
        company=company, field="status", old_value=before, new_value=company.status, changed_at=now, changed_by=by
    )
    if transition in COMPANY_TRANSITION.values():  # an applicant's login is the registration's business
        _users_follow(company, by=by)
    return company


def _users_follow(company: Company, *, by: User | None) -> None:
    """Only an active account's users may log in."""
    may_log_in = company.status == Company.Status.ACTIVE
    for user in company_users(company):
        if user.is_active != may_log_in:
            User.objects.filter(pk=user.pk).update(is_active=may_log_in)
            audit.record(
                action="accounts.user.updated",
                by=by,
                target=user,
                changes={"is_active": [user.is_active, may_log_in], "company_status": company.status},
            )


# --- 1. complaint or finding -----------------------------------------------------------------------------------
@transaction.atomic
def account_action_report(*, company: Company, kind: str, basis: str, evidence, by: User) -> AccountAction:
    """Record a complaint or finding against a vendor account, with its evidence (first step of the LKPP
    procedure); LPSE staff."""
    company = Company.objects.select_for_update().select_related("organization").get(pk=company.pk)
    require(policies.can_report_account(by, company))
    basis = _text(basis)
    checked = _check_report(company, kind=kind, basis=basis, evidence=evidence)
    action = AccountAction(
        organization=company.organization,
        company=company,
        kind=kind,
        stage=A.REPORTED,
        basis=basis,
        evidence_sha256=checked.sha256,
        reported_at=timezone.now(),
        reported_by=by,
    )
    attach_on_commit(action, "evidence", checked.name, checked.content)
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError as exc:
        raise _already_open(company) from exc
    audit.record(
        action="vendors.account_action.reported",
        by=by,
        target=action,
        changes={
            "stage": [None, A.REPORTED],
            "kind": kind,
            "company": company.pk,
            "evidence": {"name": checked.name, "sha256": checked.sha256, "size": checked.size},
        },
    )
    return action


def _check_report(company: Company, *, kind: str, basis: str, evidence):
    """The report's kind, basis and evidence checked (every problem at once); the checked upload."""
    errors = {}
    if kind not in K.values:
        errors["kind"] = _("Choose suspension, deactivation or reactivation.")
    elif problem := status_problem(kind, company.status):
        errors["kind"] = problem
    if not basis:
        errors["basis"] = _("Describe the complaint or finding: what happened, when, and who reported it.")
    checked = None
    if evidence is None:
        errors["evidence"] = _("Attach the evidence (the complaint letter, a report or the finding).")
    else:
        try:
            checked = check_upload(evidence, max_bytes=settings_for(company.organization).max_upload_mb * MB)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return checked


def _already_open(company: Company) -> ValidationError:
    """The refusal of a second open action on the account (the open-action constraint), naming the open one."""
    found = AccountAction.objects.filter(company=company, stage__in=(A.REPORTED, A.EXAMINED, A.PROPOSED)).first()
    if found is None:  # pragma: no cover - the only constraint on the row is the open-action one
        raise
    return ValidationError(
        _(
            "An action on this account is already in progress (%(kind)s, %(stage)s, reported on %(date)s): "
            "finish or drop it first."
        )
        % {
            "kind": found.get_kind_display().lower(),
            "stage": found.get_stage_display().lower(),
            "date": date_format(timezone.localtime(found.reported_at), "DATE_FORMAT"),
        },
        code="open_action",
    )


# --- 2–4. examination, proposal, decision (Kepala LPSE) ---------------------------------------------------------
@transaction.atomic
def account_action_examine(*, action: AccountAction, examination: str, by: User) -> AccountAction:
    """The Kepala LPSE examines the complaint or finding and its evidence."""
    action = _lock(action)
    require(policies.can_decide_account(by, action.company))
    action.examination = _text(examination)
    return _apply(action, "examined", by=by, field="examination")


@transaction.atomic
def account_action_propose(*, action: AccountAction, proposal: str, by: User) -> AccountAction:
    """The proposal that follows the examination (for a deactivation: the proposal to LKPP)."""
    action = _lock(action)
    require(policies.can_decide_account(by, action.company))
    action.proposal = _text(proposal)
    return _apply(action, "proposed", by=by, field="proposal")


@transaction.atomic
def account_action_decide(
    *, action: AccountAction, outcome: str, note: str, external_reference: str = "", by: User
) -> AccountAction:
    """Record the decision. Granted, the account's status changes at once (and its users are blocked or let in
    again); a deactivation is granted only with LKPP's reference."""
    action = _lock(action)
    require(policies.can_decide_account(by, action.company))
    action.outcome = outcome if outcome in AccountAction.Outcome.values else ""
    action.decision_note = _text(note)
    action.external_reference = _text(external_reference)[:200]
    action.decided_at, action.decided_by = timezone.now(), by
    _apply(action, "decided", by=by, field=_decision_field(action))
    if action.outcome == AccountAction.Outcome.GRANTED:
        company_move(
            company=action.company, transition=COMPANY_TRANSITION[action.kind], reason=action.decision_note, by=by
        )
    return action


def _decision_field(action: AccountAction) -> str:
    """The form field a refused decision points at."""
    if action.outcome not in AccountAction.Outcome.values:
        return "outcome"
    if not action.decision_note:
        return "note"
    granted_deactivation = action.outcome == AccountAction.Outcome.GRANTED and action.kind == K.DEACTIVATE
    if granted_deactivation and not action.external_reference:
        return "external_reference"
    return "outcome"


# --- 5–6. informing the vendor, archiving -----------------------------------------------------------------------
@transaction.atomic
def account_action_inform(*, action: AccountAction, by: User) -> AccountAction:
    """Tell the vendor the decision by mail (to the company and its administrator)."""
    action = _lock(action)
    require(policies.can_report_account(by, action.company))
    action.informed_at = timezone.now()
    ACCOUNT_ACTION_FLOW.apply(action, "informed", by=by)
    template = f"account_{action.kind}_{action.outcome}"
    transaction.on_commit(
        lambda: tasks.send_company_mail.enqueue(company_id=action.company_id, template=template, action_id=action.pk)
    )
    return action


@transaction.atomic
def account_action_archive(*, action: AccountAction, by: User) -> AccountAction:
    """Close the file: the action, its evidence and decision stay as they are."""
    action = _lock(action)
    require(policies.can_report_account(by, action.company))
    action.archived_at = timezone.now()
    return ACCOUNT_ACTION_FLOW.apply(action, "archived", by=by)


@transaction.atomic
def account_action_drop(*, action: AccountAction, reason: str, by: User) -> AccountAction:
    """Stop an action before its decision (the complaint was withdrawn or unfounded); the reason is kept."""
    action = _lock(action)
    require(policies.can_decide_account(by, action.company))
    action.decision_note = _text(reason)
    action.decided_at, action.decided_by = timezone.now(), by
    return _apply(action, "dropped", by=by, field="reason")


# --- personal data ------------------------------------------------------------------------------------------------
def can_view_identity(user, company: Company) -> bool:
    """The administrator's NIK unmasked: the verifier and Kepala LPSE roles of the company's organisation."""
    return (
        user.is_authenticated
        and user.organization_id is not None
        and user.organization_id == company.organization_id
        and user.has_role(*policies.IDENTITY_ROLES)
    )


@transaction.atomic
def company_identity_viewed(
    *, company: Company, by: User, purpose: str, note: str = "", what: str = "admin_nik"
) -> None:
    """Log a view of the administrator's NIK (UU 27/2022): who, when, which company and why (`personal_data`)."""
    if not can_view_identity(by, company):
        raise PermissionDenied
    reason = personal_data.reveal_reason(purpose=purpose, note=note)
    audit.record(action="vendors.identity.viewed", by=by, target=company, changes={"what": what, **reason})
