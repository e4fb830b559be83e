"""Role matrix of the organisation's own roles and its supervisor chain (views_roles.py): the organisation's
administrators get in; the outsider (Kepala LPSE of Batang) manages their own organisation's lists but finds no
Salatiga role (404); everyone else 403."""

from __future__ import annotations

from sopan.accounts.models import OrganizationRole
from sopan.core.tests.matrix import ADMINS, Route

OWN_ORGANIZATION = {"anonymous": 302, "outsider": 200, **dict.fromkeys(ADMINS, 200)}
SALATIGA_OBJECT = {"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 200)}
SALATIGA_OBJECT_POST = {"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 302)}


def _own_role(data) -> dict:
    role, _created = OrganizationRole.objects.get_or_create(
        organization=data["organization"], code="emergency_response_team", defaults={"name": "Tim Tanggap Darurat"}
    )
    return {"pk": role.pk}


ROUTES = [
    Route("accounts:own-role-list", default=403, expect=OWN_ORGANIZATION),
    Route("accounts:own-role-create", default=403, expect=OWN_ORGANIZATION),
    Route("accounts:own-role-edit", default=403, kwargs=_own_role, expect=SALATIGA_OBJECT),
    Route("accounts:own-role-deactivate", method="post", default=403, kwargs=_own_role, expect=SALATIGA_OBJECT_POST),
    Route("accounts:supervisor-chain", default=403, expect=OWN_ORGANIZATION),
]
