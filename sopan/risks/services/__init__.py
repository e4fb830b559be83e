"""The writes of the risk register (workflows.py for the SOP steps): one transaction each, permission first, the
risk locked, its status moved only through its procedure's flow (audit event, version, SOP steps on the risk's
case). A move that records steps where no SOP in force serves the procedure is refused with
`sop.api.ProcedureNotReady` and nothing is saved."""

from sopan.risks.services.criteria import criteria_update
from sopan.risks.services.risks import (
    risk_analyse,
    risk_create,
    risk_move,
    risk_rate_residual,
)
from sopan.risks.services.treatments import monitoring_add, treatment_add, treatment_complete

__all__ = [
    "criteria_update",
    "monitoring_add",
    "risk_analyse",
    "risk_create",
    "risk_move",
    "risk_rate_residual",
    "treatment_add",
    "treatment_complete",
]
