"""Role matrix of the /standar-lpse/ pages. The Kepala LPSE and the Administrator Sistem see everything (the matrix's
personas have no Koordinator LPSE); a vendor and the others get 403; the outsider (Kepala LPSE of another
organisation) sees their own organisation's lists and gets 404 for our rows. The registers' pages come from
sopan.core.registers, classified here by a loop."""

from __future__ import annotations

from sopan.core.tests.matrix import Route
from sopan.standards.registers import REGISTERS

ANON = {"anonymous": 302}
VIEW = {**ANON, "lpse_head": 200, "system_admin": 200, "outsider": 200}
OBJECT = {**ANON, "lpse_head": 200, "system_admin": 200, "outsider": 404}
EDIT = {**ANON, "lpse_head": 200, "system_admin": 200, "outsider": 200}


def _rows(data):
    if "standards_change" not in data:
        from django.utils import timezone

        from sopan.procurement.tests.factories import person
        from sopan.standards.models import (
            AccessPermit,
            Asset,
            CapacityReading,
            ChangeRequest,
            ContinuityExercise,
            ContinuityPlan,
        )

        organization, today = data["organization"], timezone.localdate()
        admin = person(organization, "admin.sistem")
        data["standards_change"] = ChangeRequest.objects.create(
            organization=organization, title="Ubah", description="x", rollback_plan="y", requested_by=admin
        )
        data["standards_permit"] = AccessPermit.objects.create(
            organization=organization, holder=admin, kind="room", target="Ruang", valid_from=today, granted_by=admin
        )
        data["standards_asset"] = Asset.objects.create(
            organization=organization,
            name="Server",
            kind="hardware",
            owner="Admin",
            confidentiality="high",
            integrity="high",
            availability="high",
        )
        data["standards_capacity"] = CapacityReading.objects.create(
            organization=organization, resource="CPU", measured_on=today, value=1, threshold=2, unit="%"
        )
        data["standards_plan"] = ContinuityPlan.objects.create(
            organization=organization, title="RKL", approved_on=today
        )
        data["standards_exercise"] = ContinuityExercise.objects.create(
            organization=organization, held_on=today, scenario="Banjir", result="passed"
        )
    return data


def _pk(key):
    return lambda data: {"pk": _rows(data)[f"standards_{key}"].pk}


ROWS = {"asset": "asset", "capacity": "capacity", "plan": "plan", "exercise": "exercise"}

ROUTES = [
    Route("standards:overview", default=403, expect=VIEW),
    Route("standards:assessment", default=403, expect=VIEW, kwargs=lambda data: {"standard": "helpdesk", "year": 2026}),
    Route("standards:change-list", default=403, expect=VIEW),
    Route("standards:change-create", default=403, expect=EDIT),
    Route("standards:change-detail", default=403, expect=OBJECT, kwargs=_pk("change")),
    # an unknown transition: 404 for who sees the change (the service is never reached)
    Route(
        "standards:change-transition",
        default=403,
        method="post",
        kwargs=_pk("change"),
        data={"transition": "nothing"},
        expect={**ANON, "lpse_head": 404, "system_admin": 404, "outsider": 404},
    ),
    Route("standards:permit-list", default=403, expect=VIEW),
    Route(
        "standards:permit-revoke",
        default=403,
        method="post",
        kwargs=_pk("permit"),
        expect={**ANON, "lpse_head": 302, "system_admin": 403, "outsider": 404},
    ),
]

for _register in REGISTERS:
    _key = ROWS[_register.noun]
    ROUTES += [
        Route(f"standards:{_register.url_name('list')}", default=403, expect=VIEW),
        Route(f"standards:{_register.url_name('create')}", default=403, expect=EDIT),
        Route(f"standards:{_register.url_name('update')}", default=403, expect=OBJECT, kwargs=_pk(_key)),
        Route(f"standards:{_register.url_name('history')}", default=403, expect=OBJECT, kwargs=_pk(_key)),
    ]
    if _register.columns:
        ROUTES += [
            Route(f"standards:{_register.url_name('export')}", default=403, expect=VIEW),
            Route(f"standards:{_register.url_name('import')}", default=403, expect=EDIT),
        ]
