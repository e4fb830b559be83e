from sopan.standards.models.access import AccessPermit
from sopan.standards.models.assessment import Assessment
from sopan.standards.models.changes import ChangeRequest
from sopan.standards.models.registers import Asset, CapacityReading, ContinuityExercise, ContinuityPlan

__all__ = [
    "AccessPermit",
    "Assessment",
    "Asset",
    "CapacityReading",
    "ChangeRequest",
    "ContinuityExercise",
    "ContinuityPlan",
]
