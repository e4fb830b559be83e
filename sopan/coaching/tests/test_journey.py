"""A coaching event in Chromium (issue 18 §7), each step by the person who holds it, in their own logged-in tab:
the coaching team proposes the programme (SOP Pembinaan Pelaku Usaha steps 1–4), the Kepala UKPBJ approves it with a
direction (step 5), the team previews the new vendors and invites them, sends the invitations (step 6), checks one in
by the code on the invitation (a wrong code refused) and marks the programme held (step 7), then reports (step 8) and
prints the report. The pages are in Indonesian; expected texts come from the catalogue."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sopan.coaching import services
from sopan.coaching.models import Programme
from sopan.coaching.tests.factories import at, bind_coaching_sop, company, draft, head, id_, team
from sopan.coaching.workflows import PROCEDURE
from sopan.sop.api import case_for
from sopan.sop.models import Case
from tests.browser.sessions import post

pytestmark = pytest.mark.browser


def test_a_coaching_event_with_its_invitations_and_attendance(journey, tabs, organization):
    bind_coaching_sop(organization)
    company(organization, "CV Pendatang Baru", activated_days_ago=10)
    company(organization, "CV Baru Juga", activated_days_ago=20)
    programme = draft(organization, title="Sosialisasi SPSE bagi Penyedia Baru")
    services.session_add(programme=programme, starts_at=at(0, 9), ends_at=at(0, 12), place="Aula UKPBJ",
                         by=team(organization))  # fmt: skip
    coach, boss = tabs(team(organization)), tabs(head(organization))

    # the team proposes (steps 1–4), the Kepala UKPBJ directs (step 5)
    coach.goto("coaching:programme-detail", pk=programme.pk)
    assert post(coach.page, "#transition-propose").status == 302
    boss.goto("coaching:programme-detail", pk=programme.pk)
    boss.page.fill("#form-approve [name='direction']", "Laksanakan sesuai strategi.")
    assert post(boss.page, "#transition-approve").status == 302
    expect(boss.page.locator("#programme-status")).to_have_text(id_("Approved"))

    # the team previews the new vendors, invites them and sends the invitations (step 6)
    page = coach.page
    coach.goto("coaching:programme-detail", pk=programme.pk)
    page.select_option("#invite-form [name='criterion']", "new")
    page.fill("#invite-form [name='since']", (timezone.localdate() - datetime.timedelta(days=30)).isoformat())
    page.click("#invite-preview")
    expect(page.locator("#preview-count")).to_contain_text("2")
    expect(page.locator("#invite-preview-result")).to_contain_text("CV Pendatang Baru")
    assert post(page, "#invite-confirm").status == 302
    assert post(page, "#transition-invite").status == 302
    expect(page.locator("#programme-status")).to_have_text(id_("Invitations sent"))

    # at the door: a wrong code is refused, the code on the invitation checks its vendor in (step 7)
    invitation = programme.invitations.select_related("company").get(company__name="CV Pendatang Baru")
    page.fill("#check-in-form [name='code']", "ZZZZ-ZZZZ")
    assert post(page, "#check-in-submit").status == 400
    expect(page.locator("#check-in-form")).to_contain_text(
        id_("No invitation of this programme has this code. Check what you typed.")
    )
    page.fill("#check-in-form [name='code']", invitation.code_display.lower())
    assert post(page, "#check-in-submit").status == 302
    expect(page.locator("body")).to_contain_text(id_("%(name)s is checked in.", name="CV Pendatang Baru"))
    expect(page.locator(f"tr[data-invitation='{invitation.pk}'] [data-attended]")).not_to_have_text("—")
    coach.screenshot("check-in")
    assert post(page, "#transition-hold").status == 302

    # the report to the Kepala UKPBJ (step 8), printed
    page.fill("#form-report [name='report']", "Satu dari dua penyedia baru hadir dan memahami SPSE.")
    assert post(page, "#transition-report").status == 302
    expect(page.locator("#programme-status")).to_have_text(id_("Reported"))
    printed = page.request.get(coach.url("coaching:report-print", pk=programme.pk))
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"

    programme.refresh_from_db()
    assert programme.status == Programme.Status.REPORTED
    assert case_for(programme, procedure=PROCEDURE).status == Case.Status.COMPLETED
    tabs.assert_no_browser_errors(allow=("status of 400",))  # the wrong code answers 400, as it should
