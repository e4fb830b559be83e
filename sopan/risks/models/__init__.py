from sopan.risks.models.criteria import Criteria, Level
from sopan.risks.models.risk import Escalation, MonitoringEntry, Risk, RiskTemplate, Treatment

__all__ = ["Criteria", "Escalation", "Level", "MonitoringEntry", "Risk", "RiskTemplate", "Treatment"]
