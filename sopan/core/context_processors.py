"""The navigation a person sees, by role (views and services still check permission themselves).

The kernel has one entry of its own (Home); every other entry and menu is declared by the app that brings it
(`navigation` and `nav_groups` in its module.py, sopan.core.modules), ordered by `order` across the apps.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from sopan.core import modules


@modules.derived  # forgotten with the declarations (a test that installs other apps)
def _reverse(name: str, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def _url(name: str) -> str:
    """The entry's URL, resolved once per process, script prefix and URLconf: `reverse` walks the URL patterns each
    time."""
    return _reverse(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@modules.derived
def _declared_entries() -> tuple:
    return tuple(sorted(modules.each("navigation"), key=lambda entry: entry.order))  # stable: apps' order within one


def _entries(user) -> list[dict]:
    items = [{"label": _("Home"), "url": _url("core:home"), "icon": "house"}]
    for entry in _declared_entries():
        if entry.visible(user):
            item = {"label": entry.label, "url": _url(entry.url), "icon": entry.icon}
            if entry.group:
                item["group"] = entry.group
            items.append(item)
    return items


@modules.derived
def _declared_groups() -> tuple:
    return tuple(sorted(modules.each("nav_groups"), key=lambda group: group.order))


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated and (not user.requires_two_factor or user.is_verified()):
        items = _entries(user)
    current = request.path if request is not None else ""
    # The most specific item wins: /organisasi/unit/ is "Units", not also "Organisation" (/organisasi/).
    matches = [item for item in items if current.startswith(item["url"]) and (item["url"] != "/" or current == "/")]
    best = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is best
    groups = []
    for group in _declared_groups():
        members = [item for item in items if item.get("group") == group.key]
        if members:
            groups.append(
                {
                    "id": f"nav-{group.key}",
                    "label": group.label,
                    "icon": group.icon,
                    "items": members,
                    "active": any(item["active"] for item in members),
                }
            )
    return {
        "nav_items": items,
        "nav_main": [item for item in items if not item.get("group")],
        "nav_groups": groups,
    }
