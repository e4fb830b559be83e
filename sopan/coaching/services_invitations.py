"""The invitations of a coaching programme (SOP step 6, "undangan bagi pelaku usaha") and the attendance (step 7):

- invitees are chosen by a criterion (criteria.py); adding is idempotent: a criterion run again adds only those not
  invited yet, at most MAX_PER_RUN at a time (run it again for the rest);
- each invitation gets a check-in code: 8 characters drawn with `secrets` from an alphabet of 31 characters without
  the look-alikes (no 0, O, 1, I, 8), unique in the programme: 31^8 ≈ 8.5 × 10^11 codes, which no one guesses at the
  door;
- the invitations go out by e-mail (tasks.send_invitations, on commit) when the programme's invitations are sent, or at
  once for those added after;
- the coaching team types the code from the invitation: a wrong code, a code of another programme and a second
  check-in are each refused with their own message and change nothing.
"""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.coaching import criteria, policies
from sopan.coaching.models import Invitation, Programme
from sopan.core import audit, workflow
from sopan.core.templatetags.sopan import local_datetime

S = Programme.Status
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ2345679"
CODE_LENGTH = 8
MAX_PER_RUN = 500
INVITING = (S.APPROVED, S.INVITED)  # after the Kepala UKPBJ's direction (step 5), until the programme is held
CHECKING_IN = (S.INVITED, S.HELD)
assert len(ALPHABET) == len(set(ALPHABET)) == 31


def new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def normalise_code(raw: str) -> str:
    """What was typed, as stored: letters and digits only, upper case ("abcd-efgh " → "ABCDEFGH")."""
    return re.sub(r"[^0-9A-Za-z]", "", str(raw or "")).upper()


def _invited_ids(programme: Programme, field: str):
    return Invitation.objects.filter(programme=programme, **{f"{field}__isnull": False}).values(field)


def candidates(programme: Programme, criterion_key: str, params: criteria.Params):
    """Who the criterion chooses and the programme has not invited yet (a queryset of companies or users, by name)."""
    criterion = criteria.check(criterion_key, programme, params)
    found = criterion.find(programme.organization, params)
    if programme.for_vendors:
        return found.exclude(pk__in=_invited_ids(programme, "company")).order_by("name", "id")
    return found.exclude(pk__in=_invited_ids(programme, "user")).order_by("full_name", "id")


@transaction.atomic
def invitations_add(*, programme, criterion: str, params: criteria.Params, by) -> list[Invitation]:
    """Invite those the criterion chooses and not invited yet (SOP step 6): idempotent, at most MAX_PER_RUN a run.
    After the invitations were sent, the new ones go out at once."""
    require(policies.can_manage_programme(by, programme))
    row = workflow.locked(Programme, programme.pk, organization=programme.organization_id)
    if row.status not in INVITING:
        raise ValidationError(
            _("Invitees are chosen after the Kepala UKPBJ's direction and before the programme is held.")
        )
    chosen = list(candidates(row, criterion, params).values_list("pk", flat=True)[:MAX_PER_RUN])
    taken = set(Invitation.objects.filter(programme=row).values_list("code", flat=True))
    field = "company_id" if row.for_vendors else "user_id"
    made = Invitation.objects.bulk_create(
        [Invitation(programme=row, criterion=criterion, code=new_code(taken), added_by=by, **{field: pk})
         for pk in chosen]
    )  # fmt: skip
    if made:
        audit.record(action="coaching.invitations.added", by=by, target=row,
                     changes={"criterion": criterion, "count": len(made)})  # fmt: skip
    if made and row.status == S.INVITED:
        send_pending(row)
    return made


def send_pending(programme: Programme) -> int:
    """Mark the programme's unsent invitations sent and mail them when the transaction commits (tasks.py)."""
    from sopan.coaching import tasks

    pending = Invitation.objects.filter(programme=programme, sent_at__isnull=True)
    ids = list(pending.values_list("pk", flat=True))
    if ids:
        Invitation.objects.filter(pk__in=ids).update(sent_at=timezone.now())
        transaction.on_commit(lambda: tasks.send_invitations.enqueue(invitation_ids=ids))
    return len(ids)


@transaction.atomic
def invitation_check_in(*, programme, code: str, by) -> Invitation:
    """The coaching team records an invitee's attendance by the code on their invitation (SOP step 7)."""
    require(policies.can_manage_programme(by, programme))
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": [_("Type the code printed on the invitation.")]})
    row = workflow.locked(Programme, programme.pk, organization=programme.organization_id)
    if row.status not in CHECKING_IN:
        raise ValidationError({"code": [_("Check-in is open once the invitations are sent.")]})
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("company", "user")
        .filter(programme=row, code=code)
        .first()
    )
    if invitation is None:
        elsewhere = Invitation.objects.filter(programme__organization_id=row.organization_id, code=code)
        if elsewhere.exclude(programme=row).exists():
            raise ValidationError({"code": [_("This code is of an invitation to another programme.")]})
        raise ValidationError({"code": [_("No invitation of this programme has this code. Check what you typed.")]})
    if invitation.attended_at is not None:
        message = _("%(name)s already checked in at %(time)s.")
        raise ValidationError(
            {"code": [message % {"name": invitation.invitee_name, "time": local_datetime(invitation.attended_at)}]}
        )
    invitation.attended_at, invitation.checked_in_by = timezone.now(), by
    invitation.save(update_fields=["attended_at", "checked_in_by"])
    audit.record(action="coaching.invitation.checked_in", by=by, target=row,
                 changes={"invitation": invitation.pk, "code": invitation.code})  # fmt: skip
    return invitation
