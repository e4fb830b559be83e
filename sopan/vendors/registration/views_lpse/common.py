"""What every LPSE registration page shows: the tabs the user may open."""

from __future__ import annotations

from django.shortcuts import render as django_render

from sopan.vendors import policies


def render(request, template: str, context: dict, status: int = 200):
    user = request.user
    tabs = {
        "desk": policies.can_work_desk(user),
        "queue": policies.can_verify(user),
        "settings": policies.can_manage_settings(user, user.organization),
        "relations": policies.can_declare_relation(user, user.organization),
    }
    return django_render(request, template, {**context, "lpse_tabs": tabs}, status=status)
