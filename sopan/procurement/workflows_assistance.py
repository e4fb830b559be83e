"""The status machine of an assistance (models_assistance.py): requested → assigned → closed, the report a
transition of `assigned` onto itself (the version is raised, the event written).

The SOP steps are recorded on the *package's* case of the stage's procedure (the same case the package's stages
record on, so the assistance appears on the package's flowchart), hence `STEPS` below, a table of data the service
hands to `sop.api.record_steps` with the package as subject, rather than `sop_steps` on the transitions (which
`Workflow.apply` would record on the assistance row):

- planning, procedure "procurement_planning", SOP Perencanaan Pengadaan: request = step 3 "a"
  (`inventarisir-perencanaan`), appoint = step 4 (`tunjuk-jabfung-ppbj`), report = step 5 (`dukung-kinerja-ppk`);
- preparation, procedure "procurement_preparation", SOP Persiapan Pengadaan (printed numbers of the catalogue): request
  = step 5 "a" (`susun-hps-rancangan-kontrak`), appoint = step 6 (`perintahkan-pendampingan`), report = step 7
  (`dampingi-penyusunan-hps`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from sopan.core.workflow import Transition, Workflow
from sopan.procurement import policies
from sopan.procurement.models import Assistance
from sopan.procurement.workflows import PREPARATION
from sopan.sop.api import StepDone

S = Assistance.Status
PLANNING = "procurement_planning"
PLANNING_STEP_KEYS = frozenset({"inventarisir-perencanaan", "tunjuk-jabfung-ppbj", "dukung-kinerja-ppk"})
PREPARATION_STEP_KEYS = frozenset(
    {"susun-hps-rancangan-kontrak", "perintahkan-pendampingan", "dampingi-penyusunan-hps"}
)

PROCEDURE = {Assistance.Stage.PLANNING: PLANNING, Assistance.Stage.PREPARATION: PREPARATION}
STEPS = {
    Assistance.Stage.PLANNING: {
        "request": (StepDone("inventarisir-perencanaan", exit="a"),),  # Perencanaan 3 "a"
        "appoint": (StepDone("tunjuk-jabfung-ppbj"),),  # Perencanaan 4
        "report": (StepDone("dukung-kinerja-ppk"),),  # Perencanaan 5
    },
    Assistance.Stage.PREPARATION: {
        "request": (StepDone("susun-hps-rancangan-kontrak", exit="a"),),  # Persiapan 5 "a"
        "appoint": (StepDone("perintahkan-pendampingan"),),  # Persiapan 6
        "report": (StepDone("dampingi-penyusunan-hps"),),  # Persiapan 7
    },
}


def _ppk(user, assistance) -> bool:
    return policies.can_request_assistance(user, assistance.package)


def _head(user, assistance) -> bool:
    return policies.can_appoint_jabfung(user, assistance.package)


def _jabfung(user, assistance) -> bool:
    return policies.can_report_assistance(user, assistance)


def _closer(user, assistance) -> bool:
    return _head(user, assistance) or _jabfung(user, assistance)


ASSISTANCE_FLOW = Workflow(
    field="status",
    transitions=[
        # Made with the request (status `requested`); a transition onto itself so the request is audited the same way.
        Transition("request", source=(S.REQUESTED,), target=S.REQUESTED, allowed=_ppk,
                   audit="procurement.assistance.requested", label=_l("Request assistance")),
        Transition("appoint", source=(S.REQUESTED,), target=S.ASSIGNED, allowed=_head,
                   audit="procurement.assistance.assigned", label=_l("Appoint the Jabfung PPBJ")),
        Transition("report", source=(S.ASSIGNED,), target=S.ASSIGNED, allowed=_jabfung,
                   audit="procurement.assistance.reported", label=_l("Record a periodic report")),
        Transition("close", source=(S.REQUESTED, S.ASSIGNED), target=S.CLOSED, allowed=_closer,
                   audit="procurement.assistance.closed", style="btn-outline-secondary",
                   label=_l("Close the assistance")),
    ],
)  # fmt: skip
