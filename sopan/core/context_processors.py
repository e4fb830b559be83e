"""The navigation a person sees, by role (views and services still check permission themselves)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sopan.accounts import policies


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated and (not user.requires_two_factor or user.is_verified()):
        items.append({"label": _("Home"), "url": reverse("core:home"), "icon": "house"})
        from sopan.helpdesk import policies as helpdesk_policies
        from sopan.sop import policies as sop_policies
        from sopan.vendors import policies as vendor_policies

        if vendor_policies.can_work_desk(user):
            items.append({"label": _("Front office"), "url": reverse("vendors:desk"), "icon": "person-vcard"})
        if vendor_policies.can_verify(user):
            items.append({"label": _("Verification"), "url": reverse("vendors:queue"), "icon": "clipboard-check"})
        if vendor_policies.can_view_vendors(user):
            items.append({"label": _("Vendors"), "url": reverse("vendors:company-list"), "icon": "shop"})
        if vendor_policies.has_registration(user):
            items.append(
                {"label": _("My registration"), "url": reverse("vendors:registration-status"), "icon": "card-checklist"}
            )
        if vendor_policies.administers_company(user):
            items.append({"label": _("My company"), "url": reverse("vendors:company-mine"), "icon": "building"})

        if helpdesk_policies.can_view_tickets(user):
            items.append({"label": _("Helpdesk"), "url": reverse("helpdesk:ticket-list"), "icon": "headset"})

        if sop_policies.can_view_sops(user):
            items.append({"label": _("SOP"), "url": reverse("sop:sop-list"), "icon": "diagram-2"})
            items.append({"label": _("Cases"), "url": reverse("sop:case-list"), "icon": "kanban"})
        if sop_policies.can_view_compliance(user):
            items.append({"label": _("Compliance"), "url": reverse("compliance:report"), "icon": "speedometer2"})
        if policies.can_manage_organization(user):
            # The organisation's administration sits in one menu, so the bar fits on one line.
            admin = "admin"
            items += [
                {"label": _("Organisation"), "url": reverse("accounts:organization-settings"), "icon": "building"},
                {"label": _("Units"), "url": reverse("accounts:unit-list"), "icon": "diagram-3"},
                {"label": _("Working calendar"), "url": reverse("calendar:settings"), "icon": "calendar3"},
                {"label": _("Users and roles"), "url": reverse("accounts:user-list"), "icon": "people"},
            ]
            for item in items[-4:]:
                item["group"] = admin
        if policies.can_view_audit(user):
            items.append({"label": _("Audit trail"), "url": reverse("audit:event-list"), "icon": "journal-check"})
    current = request.path if request is not None else ""
    # The most specific item wins: /organisasi/unit/ is "Units", not also "Organisation" (/organisasi/).
    matches = [item for item in items if current.startswith(item["url"]) and (item["url"] != "/" or current == "/")]
    best = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is best
    grouped = [item for item in items if item.get("group")]
    return {
        "nav_items": items,
        "nav_main": [item for item in items if not item.get("group")],
        "nav_admin": grouped,
        "nav_admin_active": any(item["active"] for item in grouped),
    }
