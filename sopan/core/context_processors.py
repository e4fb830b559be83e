"""The navigation a person sees, by role (views and services still check permission themselves)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sopan.accounts import policies

# The menus of the bar: (group key, label, icon), in the order they appear after the single items.
GROUPS = (("sop", _("SOP"), "diagram-2"), ("admin", _("Administration"), "building-gear"))


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

        # The SOP engine's screens sit in one menu, like the administration, so the bar fits on one line.
        # The organisation's SOPs are its staff's working documents; a vendor follows the cases they take part in.
        if sop_policies.can_view_sops(user) and sop_policies.is_staff_member(user):
            items.append({"label": _("SOP"), "url": reverse("sop:sop-list"), "icon": "diagram-2", "group": "sop"})
        if sop_policies.can_view_sops(user):
            items.append({"label": _("Cases"), "url": reverse("sop:case-list"), "icon": "kanban", "group": "sop"})
        if sop_policies.can_view_compliance(user):
            items.append(
                {"label": _("Compliance"), "url": reverse("compliance:report"), "icon": "speedometer2", "group": "sop"}
            )
        if policies.can_manage_organization(user):
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
            audit = {"label": _("Audit trail"), "url": reverse("audit:event-list"), "icon": "journal-check"}
            if policies.can_manage_organization(user):
                audit["group"] = "admin"  # beside the rest of the administration; an auditor has it on the bar
            items.append(audit)
    current = request.path if request is not None else ""
    # The most specific item wins: /organisasi/unit/ is "Units", not also "Organisation" (/organisasi/).
    matches = [item for item in items if current.startswith(item["url"]) and (item["url"] != "/" or current == "/")]
    best = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is best
    groups = []
    for key, label, icon in GROUPS:
        members = [item for item in items if item.get("group") == key]
        if members:
            groups.append(
                {
                    "id": f"nav-{key}",
                    "label": label,
                    "icon": icon,
                    "items": members,
                    "active": any(item["active"] for item in members),
                }
            )
    return {
        "nav_items": items,
        "nav_main": [item for item in items if not item.get("group")],
        "nav_groups": groups,
    }
