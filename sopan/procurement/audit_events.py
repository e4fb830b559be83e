"""The names of the procurement app's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "procurement.rup.imported": _("RUP imported from SiRUP"),
    "procurement.package.imported": _("Package imported from the RUP"),
    "procurement.package.updated_from_rup": _("Package updated from the RUP"),
}

FACTS = {
    "procurement.rup.imported:file": Fact(_("file")),
    "procurement.rup.imported:created": Fact(_("packages created")),
    "procurement.rup.imported:updated": Fact(_("packages updated")),
    "procurement.rup.imported:unchanged": Fact(_("packages unchanged")),
    "procurement.package.imported:*": Fact(of="procurement.Package"),
    "procurement.package.updated_from_rup:*": Fact(of="procurement.Package"),
}
