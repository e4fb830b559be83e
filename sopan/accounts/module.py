"""What accounts brings to the platform (sopan.core.modules): the organisation administration (with the working
calendar's screens), its menu, the audit trail's entry, the daily audit anchor, and the saving of a person's language.

Its demo data (the organisations and personas) is made by `seed_demo` itself, before every app's own."""

from django.utils.translation import gettext_lazy as _

from sopan.accounts import policies
from sopan.core.modules import Module, NavGroup, NavItem, Periodic, Urls


def _audit_beside_administration(user) -> bool:
    return policies.can_view_audit(user) and policies.can_manage_organization(user)


def _audit_on_bar(user) -> bool:
    """An auditor who does not administer the organisation has the audit trail on the bar itself."""
    return policies.can_view_audit(user) and not policies.can_manage_organization(user)


MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("", "sopan.accounts.urls"), Urls("kalender/", "sopan.accounts.urls_calendar")),
    nav_groups=(NavGroup("admin", _("Administration"), "building-gear", order=20),),
    navigation=(
        NavItem(
            _("Organisation"),
            "accounts:organization-settings",
            "building",
            policies.can_manage_organization,
            group="admin",
            order=40,
        ),
        NavItem(
            _("Units"), "accounts:unit-list", "diagram-3", policies.can_manage_organization, group="admin", order=41
        ),
        NavItem(
            _("Working calendar"),
            "calendar:settings",
            "calendar3",
            policies.can_manage_organization,
            group="admin",
            order=42,
        ),
        NavItem(
            _("Users and roles"),
            "accounts:user-list",
            "people",
            policies.can_manage_organization,
            group="admin",
            order=43,
        ),
        NavItem(
            _("Audit trail"), "audit:event-list", "journal-check", _audit_beside_administration, group="admin", order=50
        ),
        NavItem(_("Audit trail"), "audit:event-list", "journal-check", _audit_on_bar, order=50),
    ),
    # issue 13 §4: the audit chains' heads anchored outside the database and mailed to the auditors, daily
    periodic=(Periodic("sopan.accounts.tasks.anchor_audit_trail", every=86400),),
    hooks={"language_chosen": "sopan.accounts.services.user_set_language"},
)
