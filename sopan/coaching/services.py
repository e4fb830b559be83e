"""The writes of a coaching programme (SOP Pembinaan Pelaku Usaha; workflows.py for the step numbers): its plan and
strategy, the moves of its status, its schedule and its materials. Each runs in one transaction, asks the permission
first, locks the programme, moves the status only through `PROGRAMME_FLOW.apply` (audit event, version, SOP steps on
the programme's case of `vendor_coaching`).

Where no SOP in force serves `vendor_coaching` (an organisation that has not bound one), a move that records steps is
refused with `sop.api.ProcedureNotReady`, whose message says to bind one, and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.coaching import criteria, policies
from sopan.coaching.models import Material, Programme, Session
from sopan.coaching.workflows import PROCEDURE, PROGRAMME_FLOW
from sopan.core import audit, files, uploads, workflow
from sopan.sop import api as sop_api

P = Programme
S = Programme.Status
EDITABLE = ("title", "kind", "audience", "strategy", "target_notes")
SCHEDULABLE = (S.DRAFT, S.PROPOSED, S.APPROVED, S.INVITED)
MATERIAL_TYPES = (uploads.PDF, uploads.DOCX, uploads.PPTX, uploads.XLSX, uploads.JPEG, uploads.PNG)


def _clean(fields: dict) -> dict:
    values = {name: str(fields.get(name) or "").strip() for name in EDITABLE}
    errors = {}
    if not values["title"]:
        errors["title"] = [_("Give the programme a title.")]
    if values["kind"] not in P.Kind.values:
        errors["kind"] = [_("Choose a kind from the list.")]
    if values["audience"] not in P.Audience.values:
        errors["audience"] = [_("Choose an audience from the list.")]
    if errors:
        raise ValidationError(errors)
    values["title"] = values["title"][:200]
    return values


@transaction.atomic
def programme_create(*, organization, by, **fields) -> Programme:
    """The coaching team drafts a programme: its plan and its strategy (SOP steps 2–3, recorded when proposed)."""
    require(policies.can_manage_programme(by, organization))
    values = _clean(fields)
    programme = P.objects.create(organization=organization, created_by=by, **values)
    changes = {"title": values["title"], "kind": values["kind"], "audience": values["audience"]}
    audit.record(action="coaching.programme.created", by=by, target=programme, changes=changes)
    return programme


def _locked(programme, *, by, seen_version=None) -> Programme:
    return workflow.locked(P, programme.pk, seen_version=seen_version, organization=programme.organization_id)


@transaction.atomic
def programme_update(*, programme, by, seen_version=None, **fields) -> Programme:
    """Change the draft's plan and strategy (a proposed programme comes back to draft to be changed)."""
    require(policies.can_manage_programme(by, programme))
    values = _clean(fields)
    row = _locked(programme, by=by, seen_version=seen_version)
    if row.status != S.DRAFT:
        raise ValidationError(_("Only a draft programme can be changed."))
    if row.invitations.exists() and values["audience"] != row.audience:
        raise ValidationError({"audience": [_("The programme has invitations: its audience cannot change.")]})
    changes = {name: [getattr(row, name), value] for name, value in values.items() if getattr(row, name) != value}
    if not changes:
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.version += 1
    row.save()
    audit.record(action="coaching.programme.updated", by=by, target=row, changes=changes)
    return row


def _begin(programme, name: str, *, by, seen_version, check: bool = True) -> Programme:
    """The programme locked for the transition `name`; `check=False` leaves the checks to `apply` (a transition whose
    guard reads what the service sets first)."""
    require(PROGRAMME_FLOW.get(name).allowed(by, programme))
    row = _locked(programme, by=by, seen_version=seen_version)
    if check:
        PROGRAMME_FLOW.check(row, name, by=by)
    return row


@transaction.atomic
def programme_propose(*, programme, by, seen_version=None) -> Programme:
    """Report the plan and its strategy to the Kepala UKPBJ and propose the coaching (SOP steps 1–4)."""
    row = _begin(programme, "propose", by=by, seen_version=seen_version)
    return PROGRAMME_FLOW.apply(row, "propose", by=by)


@transaction.atomic
def programme_approve(*, programme, direction: str, by, seen_version=None) -> Programme:
    """The Kepala UKPBJ directs the coaching team to run the programme as planned (SOP step 5)."""
    direction = str(direction or "").strip()
    if not direction:
        raise ValidationError({"direction": [_("Write your direction for the coaching team.")]})
    row = _begin(programme, "approve", by=by, seen_version=seen_version)
    row.direction, row.approved_by, row.approved_at = direction, by, timezone.now()
    return PROGRAMME_FLOW.apply(row, "approve", by=by)


@transaction.atomic
def programme_return(*, programme, note: str, by, seen_version=None) -> Programme:
    """The Kepala UKPBJ sends the proposal back to be revised (the SOP draws no such step: none is recorded)."""
    note = str(note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what should be revised.")]})
    row = _begin(programme, "return", by=by, seen_version=seen_version)
    return PROGRAMME_FLOW.apply(row, "return", by=by, changes={"note": note})


@transaction.atomic
def programme_send_invitations(*, programme, by, seen_version=None) -> Programme:
    """The schedule and the invitations are ready: send them (SOP step 6). Invitations added later go out at once."""
    from sopan.coaching import services_invitations

    row = _begin(programme, "invite", by=by, seen_version=seen_version)
    row = PROGRAMME_FLOW.apply(row, "invite", by=by)
    services_invitations.send_pending(row)
    return row


@transaction.atomic
def programme_hold(*, programme, by, seen_version=None) -> Programme:
    """The socialisation is held (SOP step 7) and with it the coaching of the groups invited: sanctioned or poorly
    performing vendors (7a), new vendors (7b), passive vendors (7c)."""
    row = _begin(programme, "hold", by=by, seen_version=seen_version)
    row = PROGRAMME_FLOW.apply(row, "hold", by=by)
    used = set(row.invitations.values_list("criterion", flat=True).distinct())
    keys = sorted({criteria.SOP_STEPS[key] for key in used if key in criteria.SOP_STEPS})
    if keys:
        sop_api.record_steps(subject=row, organization=row.organization, procedure=PROCEDURE,
                             steps=[sop_api.StepDone(key) for key in keys], by=by, title=str(row))  # fmt: skip
    return row


@transaction.atomic
def programme_report(*, programme, report: str, by, seen_version=None) -> Programme:
    """The coaching team reports the results to the Kepala UKPBJ through the Kasubag LPSE (SOP step 8, the end)."""
    report = str(report or "").strip()
    if not report:
        raise ValidationError({"report": [_("Write the report of the results.")]})
    row = _begin(programme, "report", by=by, seen_version=seen_version, check=False)
    row.report, row.reported_by, row.reported_at = report, by, timezone.now()
    return PROGRAMME_FLOW.apply(row, "report", by=by)


@transaction.atomic
def programme_cancel(*, programme, note: str = "", by, seen_version=None) -> Programme:
    """Cancel a programme not yet held; its SOP case, if started, ends with its open steps skipped."""
    row = _begin(programme, "cancel", by=by, seen_version=seen_version)
    note = str(note or "").strip()
    row = PROGRAMME_FLOW.apply(row, "cancel", by=by, changes={"note": note} if note else None)
    sop_api.close_case(subject=row, procedure=PROCEDURE, by=by, reason=note or _("The programme is cancelled."))
    return row


# --- the schedule and the materials ------------------------------------------------------------------------------
@transaction.atomic
def session_add(*, programme, starts_at, ends_at, place: str = "", online_link: str = "", by) -> Session:
    """A meeting of the schedule (SOP step 6, "Jadwal pembinaan")."""
    require(policies.can_manage_programme(by, programme))
    place, online_link = str(place or "").strip()[:300], str(online_link or "").strip()
    errors = {}
    if starts_at is None:
        errors["starts_at"] = [_("Give the start.")]
    if ends_at is None or (starts_at is not None and ends_at <= starts_at):
        errors["ends_at"] = [_("The session must end after it starts.")]
    if not place and not online_link:
        errors["place"] = [_("Give the place or the online link.")]
    if errors:
        raise ValidationError(errors)
    row = workflow.locked(P, programme.pk, organization=programme.organization_id)
    if row.status not in SCHEDULABLE:
        raise ValidationError(_("The schedule of a programme held or closed cannot change."))
    session = Session.objects.create(programme=row, starts_at=starts_at, ends_at=ends_at, place=place,
                                     online_link=online_link, added_by=by)  # fmt: skip
    audit.record(action="coaching.session.added", by=by, target=row,
                 changes={"starts_at": starts_at.isoformat(), "place": place or online_link})  # fmt: skip
    return session


@transaction.atomic
def session_remove(*, session, by) -> None:
    programme = session.programme
    require(policies.can_manage_programme(by, programme))
    row = workflow.locked(P, programme.pk, organization=programme.organization_id)
    if row.status not in (S.DRAFT, S.PROPOSED, S.APPROVED):
        raise ValidationError(_("The invitations are sent: a session can no longer be removed."))
    starts_at = session.starts_at
    Session.objects.filter(pk=session.pk, programme=row).delete()
    audit.record(action="coaching.session.removed", by=by, target=row, changes={"starts_at": starts_at.isoformat()})


@transaction.atomic
def material_add(*, programme, title: str, upload, by) -> Material:
    """A handout of the programme, checked by its content and stored when the transaction commits."""
    require(policies.can_manage_programme(by, programme))
    title = str(title or "").strip()[:200]
    if not title:
        raise ValidationError({"title": [_("Give the material a title.")]})
    if upload is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    try:
        checked = uploads.check_upload(upload, allowed=MATERIAL_TYPES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    row = workflow.locked(P, programme.pk, organization=programme.organization_id)
    if row.status == S.CANCELLED:
        raise ValidationError(_("The programme is cancelled."))
    material = Material(programme=row, title=title, content_type=checked.content_type, size=checked.size,
                        sha256=checked.sha256, uploaded_by=by)  # fmt: skip
    files.attach_on_commit(material, "file", checked.name, checked.content)
    material.save()
    audit.record(action="coaching.material.added", by=by, target=row,
                 changes={"title": title, "file": checked.name, "sha256": checked.sha256})  # fmt: skip
    return material
