"""Writes of access permits: grant and revoke. Annex 2.5.2 b of Perwali Salatiga 41/2024: "hak akses server LPSE
dipegang oleh administrator sistem dan koordinator LPSE" — a server permit for anyone else is refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import RoleAssignment, User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.workflow import locked
from sopan.standards import policies
from sopan.standards.catalogue import SERVER_ACCESS_ROLES
from sopan.standards.models import AccessPermit

FIELDS = ("holder", "kind", "target", "purpose", "valid_from", "valid_to")


def may_hold_server_access(user: User, on=None) -> bool:
    """Whether the person holds, now, the role of Administrator Sistem or Koordinator LPSE in their organisation."""
    return (
        RoleAssignment.objects.active(on)
        .filter(organization_id=user.organization_id, user=user, role__in=SERVER_ACCESS_ROLES)
        .exists()
    )


@transaction.atomic
def permit_grant(
    *, organization, by, holder: User, kind: str, target: str, valid_from, valid_to=None, purpose: str = ""
) -> AccessPermit:
    require(policies.can(policies.MANAGE_ACCESS, by, organization) and by.organization_id == organization.pk)
    if holder.organization_id != organization.pk or not holder.is_active:
        raise ValidationError({"holder": _("Choose an active user of your organisation.")})
    if kind == AccessPermit.Kind.SERVER and not may_hold_server_access(holder, valid_from):
        raise ValidationError(
            {
                "holder": _(
                    "%(name)s may not hold access to the servers: only the Administrator Sistem and the Koordinator "
                    "LPSE may (Perwali Salatiga 41/2024, annex 2.5.2 b)."
                )
                % {"name": holder.get_full_name() or holder.username}
            },
            code="server_access",
        )
    permit = AccessPermit(
        organization=organization,
        holder=holder,
        kind=kind,
        target=target.strip(),
        purpose=purpose.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=by,
    )
    if valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The permit cannot end before it starts.")})
    permit.full_clean(exclude=["organization", "holder", "granted_by"])
    permit.save()
    audit.record(
        action="standards.permit.granted",
        by=by,
        target=permit,
        changes=audit.changes_between({}, audit.snapshot(permit, FIELDS)),
    )
    return permit


@transaction.atomic
def permit_revoke(permit: AccessPermit, *, by, seen_version=None) -> AccessPermit:
    permit = locked(AccessPermit, permit.pk, seen_version=seen_version)
    require(policies.can(policies.MANAGE_ACCESS, by, permit))
    if permit.revoked_at is not None:
        raise ValidationError(_("This permit is already revoked."), code="revoked")
    permit.revoked_at, permit.revoked_by = timezone.now(), by
    permit.version += 1
    permit.save(update_fields=["revoked_at", "revoked_by", "version"])
    audit.record(action="standards.permit.revoked", by=by, target=permit)
    return permit
