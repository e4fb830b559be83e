"""The navigation bar by role: what a person reaches, and that it stays one line by grouping related screens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sopan.core.testing import login

pytestmark = pytest.mark.django_db


def _bar(client, user, path: str = "/") -> dict:
    login(client, user)
    context = client.get(path).context
    return {
        "main": [str(item["label"]) for item in context["nav_main"]],
        "groups": {group["id"]: [str(item["label"]) for item in group["items"]] for group in context["nav_groups"]},
        "active": [group["id"] for group in context["nav_groups"] if group["active"]],
    }


def test_lpse_head_finds_the_sop_screens_and_the_administration_in_two_menus(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    bar = _bar(client, personas["lpse_head"], reverse("compliance:report"))

    assert "Helpdesk" in bar["main"] and "Verification" in bar["main"]
    assert bar["groups"]["nav-sop"] == ["SOP", "Cases", "Compliance"]
    assert bar["groups"]["nav-admin"] == ["Organisation", "Units", "Working calendar", "Users and roles", "Audit trail"]
    assert bar["active"] == ["nav-sop"]  # the open screen's menu is marked
    assert not {"SOP", "Cases", "Compliance", "Audit trail"} & set(bar["main"])


def test_auditor_has_the_audit_trail_on_the_bar_and_no_administration(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    bar = _bar(client, personas["auditor"])

    assert "Audit trail" in bar["main"]
    assert "nav-admin" not in bar["groups"]


def test_the_helpdesk_is_on_the_bar_of_the_desk_and_not_of_a_vendor(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    assert "Helpdesk" in _bar(client, personas["helpdesk_agent"])["main"]
    client.logout()
    assert "Helpdesk" not in _bar(client, personas["vendor_admin"])["main"]


def test_the_work_on_vendors_is_one_menu_and_a_vendor_finds_its_own_performance(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    bar = _bar(client, personas["ukpbj_head"])
    assert bar["groups"]["nav-vendor-management"] == ["Vendor performance", "Vendor market", "Vendor coaching"]
    assert not {"Vendor performance", "Vendor market", "Vendor coaching"} & set(bar["main"])
    client.logout()
    vendor = _bar(client, personas["vendor_admin"])
    assert {"My performance", "My invitations"} <= set(vendor["main"]) and "nav-vendor-management" not in vendor[
        "groups"
    ]
