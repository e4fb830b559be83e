"""The names of the register's audit events (sopan.core.audit_display reads them)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "registers_app.risk.created": _("Risk added"),
    "registers_app.risk.updated": _("Risk changed"),
    "registers_app.risk.imported": _("Risk imported"),
}
