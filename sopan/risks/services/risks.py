"""A risk's identification, analysis and the moves of its status (SOP steps in workflows.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.risks import policies
from sopan.risks.models import Criteria, Escalation, Risk
from sopan.risks.workflows import flow_for

E = Escalation
TEXTS = ("title", "context_text", "cause", "consequence", "controls")


def _int_or_none(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # refused by the criteria's range check with its message


def check_owner(organization, owner, *, field: str = "owner", what=None):
    """The owner must be an active user of the organisation (a person, never left empty)."""
    if owner is None or owner == "":
        raise ValidationError({field: [what or _("Choose the risk owner.")]})
    if owner.organization_id != organization.pk or not owner.is_active:
        raise ValidationError({field: [_("The owner must be an active user of this organisation.")]})
    return owner


def _package(organization, code, errors: dict):
    """The package of this organisation with the RUP code `code` (one query on its unique key); another
    organisation's package is "not found" as well."""
    from sopan.procurement.models import Package

    code = str(code or "").strip()
    if not code:
        errors["package_code"] = [_("Give the RUP code of the procurement package.")]
        return None
    package = Package.objects.filter(organization=organization, kd_rup=code[:30]).first()
    if package is None:
        errors["package_code"] = [_("No procurement package of this organisation has the RUP code “%(code)s”.")
                                  % {"code": code[:30]}]  # fmt: skip
    return package


def clean_risk(organization, data: dict) -> dict:
    """The identification's fields checked (ValidationError per field): texts, owner, criteria, context, ratings."""
    values = {name: str(data.get(name) or "").strip() for name in TEXTS}
    errors = {}
    for name, message in (("title", _("Name the risk.")), ("cause", _("Describe the cause.")),
                          ("consequence", _("Describe the consequence.")), ):  # fmt: skip
        if not values[name]:
            errors[name] = [message]
    criteria = data.get("criteria")
    if not isinstance(criteria, Criteria) or criteria.organization_id != organization.pk:
        errors["criteria"] = [_("Choose the criteria of this organisation.")]
    context = data.get("context") or ""
    if context not in Risk.Context.values:
        errors["context"] = [_("Choose the context from the list.")]
    package = None
    if context == Risk.Context.PACKAGE:
        package = _package(organization, data.get("package_code"), errors)
    elif not values["context_text"] and context:
        errors["context_text"] = [_("Name the target, task or service the risk belongs to.")]
    procedure = data.get("procedure") or Risk.Procedure.OPERATIONAL
    if procedure not in Risk.Procedure.values:
        errors["procedure"] = [_("Choose the procedure from the list.")]
    try:
        check_owner(organization, data.get("owner"))
    except ValidationError as error:
        errors.update(error.message_dict)
    likelihood, impact = _int_or_none(data.get("inherent_likelihood")), _int_or_none(data.get("inherent_impact"))
    if "criteria" not in errors and (likelihood is not None or impact is not None):
        try:
            criteria.check_rating(likelihood, impact, field="inherent_likelihood")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    values["title"] = values["title"][:300]
    values["context_text"] = values["context_text"][:300]
    return values | {
        "criteria": criteria, "context": context, "package": package,
        "procedure": procedure, "owner": data["owner"], "inherent_likelihood": likelihood,
        "inherent_impact": impact, "event_on": data.get("event_on") or None, "template": data.get("template"),
    }  # fmt: skip


def insert_risk(organization, values: dict, *, by, action: str = "risks.risk.created") -> Risk:
    """Create the risk and take it through `identify` (SOP steps 1–2). The caller holds the transaction."""
    risk = Risk.objects.create(organization=organization, created_by=by, **values)
    changes = {"title": risk.title, "owner": risk.owner.get_full_name() or risk.owner.username,
               "criteria": risk.criteria.name}  # fmt: skip
    audit.record(action=action, by=by, target=risk, changes=changes)
    return flow_for(risk).apply(risk, "identify", by=by, title=risk.title[:200])


@transaction.atomic
def risk_create(*, organization, by, **data) -> Risk:
    """A risk owner (or the coordinator) identifies a risk of an assignment (SOP steps 1–2): its context, cause and
    consequence, and optionally a first rating."""
    require(policies.can_identify(by, organization))
    values = clean_risk(organization, data)
    if not policies.can_coordinate(by, organization) and values["owner"] != by:
        raise ValidationError({"owner": [_("A risk owner records their own risks; the coordinator assigns others.")]})
    return insert_risk(organization, values, by=by)


def _locked(risk, *, by, seen_version=None, check=None) -> Risk:
    row = workflow.locked(Risk, risk.pk, seen_version=seen_version, organization=risk.organization_id,
                          related=("criteria",))  # fmt: skip
    if check is not None and not check(by, row):
        raise PermissionDenied
    return row


@transaction.atomic
def risk_analyse(*, risk, inherent_likelihood, inherent_impact, controls: str = "", event_on=None, by,
                 seen_version=None) -> Risk:  # fmt: skip
    """The owner rates the inherent risk on the organisation's criteria, with the controls in place (SOP step 3)."""
    require(policies.can_manage_risk(by, risk))
    row = _locked(risk, by=by, seen_version=seen_version, check=policies.can_manage_risk)
    likelihood, impact = _int_or_none(inherent_likelihood), _int_or_none(inherent_impact)
    row.criteria.check_rating(likelihood, impact, field="inherent_likelihood")
    before = [row.inherent_likelihood, row.inherent_impact]
    row.inherent_likelihood, row.inherent_impact = likelihood, impact
    row.controls = str(controls or "").strip()
    if event_on is not None:
        row.event_on = event_on
    level = row.inherent_level
    changes = {"inherent": [before, [likelihood, impact]], "level": level.label if level else ""}
    return flow_for(row).apply(row, "analyse", by=by, changes=changes)


@transaction.atomic
def risk_rate_residual(*, risk, residual_likelihood, residual_impact, by, seen_version=None) -> Risk:
    """The owner re-analyses the risk after its treatment (SOP step 8): the residual rating."""
    require(policies.can_manage_risk(by, risk))
    row = _locked(risk, by=by, seen_version=seen_version, check=policies.can_manage_risk)
    if row.status not in (Risk.Status.TREATED, Risk.Status.ANALYSED):
        raise ValidationError(_("The residual rating is given while the risk is being treated."))
    likelihood, impact = _int_or_none(residual_likelihood), _int_or_none(residual_impact)
    row.criteria.check_rating(likelihood, impact, field="residual_likelihood")
    changes = {"residual": [[row.residual_likelihood, row.residual_impact], [likelihood, impact]]}
    row.residual_likelihood, row.residual_impact = likelihood, impact
    row.version += 1
    row.save()
    audit.record(action="risks.risk.residual_rated", by=by, target=row, changes=changes)
    return row


def _open_escalation(row, to: str):
    return row.escalations.filter(to=to, decided_at__isnull=True).order_by("-id").first()


def _dispose(row, to: str, disposition: str, note: str, by) -> None:
    escalation = _open_escalation(row, to)
    if escalation is not None:
        escalation.disposition, escalation.disposition_note = disposition, note
        escalation.decided_by, escalation.decided_at = by, timezone.now()
        escalation.save()


NEEDS_NOTE = {
    "report": _("Write the report to the coordinator."),
    "escalate": _("Say why the risk goes to the committee."),
    "decide": _("Write the committee's decision."),
}
DISPOSITIONS = {"continue": E.Disposition.CONTINUE, "escalate": E.Disposition.ESCALATE,
                "close": E.Disposition.TOLERABLE}  # fmt: skip


@transaction.atomic
def risk_move(*, risk, name: str, by, note: str = "", disposition: str = "", seen_version=None) -> Risk:
    """Take the transition `name` (workflows.py) with what it records: the owner's report opens an escalation to the
    coordinator (step 9), whose disposition the coordinator's move records (step 11); an escalation to the committee
    (11 b) opens one to the committee, decided by it (step 12, `disposition` "continue" or "tolerable")."""
    flow = flow_for(risk)
    transition = flow.get(name)
    if transition.label == "" or name in ("identify", "analyse"):
        raise ValidationError(_("This step is taken from its own form."))
    require(transition.allowed(by, risk))
    note = str(note or "").strip()
    if name in NEEDS_NOTE and not note:
        raise ValidationError({"note": [NEEDS_NOTE[name]]})
    if name == "decide" and disposition not in (E.Disposition.CONTINUE, E.Disposition.TOLERABLE):
        raise ValidationError({"disposition": [_("Choose the committee's decision.")]})
    row = _locked(risk, by=by, seen_version=seen_version)
    flow.check(row, name, by=by)
    changes = {"note": note} if note else {}
    if name in DISPOSITIONS:
        _dispose(row, E.To.COORDINATOR, DISPOSITIONS[name], note, by)
    if name == "decide":
        _dispose(row, E.To.COMMITTEE, disposition, note, by)
        changes["disposition"] = disposition
    if name in ("close", "settle"):
        row.closed_at = timezone.now()
    row = flow.apply(row, name, by=by, changes=changes)
    if name == "report" or (name == "accept"):
        Escalation.objects.create(risk=row, to=E.To.COORDINATOR, reason=note or _("Within tolerance."), raised_by=by)
    elif name == "escalate":
        Escalation.objects.create(risk=row, to=E.To.COMMITTEE, reason=note, raised_by=by)
    return row
