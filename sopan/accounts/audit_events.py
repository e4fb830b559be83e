"""The names of the accounts app's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "accounts.organization.updated": _("Organisation details changed"),
    "accounts.unit.created": _("Unit created"),
    "accounts.unit.updated": _("Unit changed"),
    "accounts.user.created": _("User account created"),
    "accounts.user.updated": _("User account changed"),
    "accounts.user.unlocked": _("User account unlocked"),
    "accounts.user.language_changed": _("Interface language changed"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.user.logged_in": _("Logged in"),
    "accounts.role_assignment.created": _("Role assigned"),
    "accounts.role_assignment.ended": _("Role assignment ended"),
    "accounts.role.created": _("Organisation role created"),
    "accounts.role.updated": _("Organisation role changed"),
    "accounts.role.deactivated": _("Organisation role deactivated"),
    "accounts.role.supervisor_changed": _("Supervisor of a role changed"),
    # accounts.services.two_factor._totp_confirm writes "accounts.two_factor.<enabled|replaced>"
    "accounts.two_factor.enabled": _("Two-step verification turned on"),
    "accounts.two_factor.replaced": _("Two-step verification device replaced"),
    "accounts.two_factor.recovery_codes_regenerated": _("New recovery codes made"),
    "accounts.two_factor.disabled": _("Two-step verification turned off"),
    "accounts.two_factor.reset": _("Two-step verification reset by an administrator"),
}

FACTS = {
    "accounts.user.unlocked:attempts_cleared": Fact(_("failed attempts cleared")),
    "accounts.user.password_changed:by_mail_link": Fact(_("through the link sent by mail")),
    # written as the user ID and the unit's code, not as keys
    "accounts.role_assignment.created:user": Fact(_("user"), kind="code"),
    "accounts.role_assignment.created:unit": Fact(_("unit"), kind="code"),
    "accounts.role.supervisor_changed:role": Fact(_("role"), kind="code"),
    "accounts.role.supervisor_changed:supervisor": Fact(_("supervisor"), kind="code"),
}
