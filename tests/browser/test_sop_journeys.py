"""Journeys through the SOP engine in a real browser: an SOP of each demo organisation run end to end through every
branch (every SOP of the catalogue runs so over the test client, tests/test_sop_every_branch.py), the lifecycle of an
SOP (import, review, approval, putting into force, PDF, revision, comparison, copy by another organisation), and
"My tasks" with a late step that needs a justification.

People are logged in by a session cookie (tests/browser/sessions.py), one browser context each. The checks rest on
element ids, data attributes and the database; Indonesian text is not relied upon.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone
from playwright.sync_api import expect

from sopan.accounts.models import User
from sopan.sop import demo as sop_demo
from sopan.sop.models import Sop, SopVersion, StepRecord
from sopan.sop.services import cases
from sopan.sop.tests import factories
from tests import sop_every_branch as every_branch
from tests.browser.sessions import post

pytestmark = pytest.mark.browser

OPEN, DONE = StepRecord.Status.OPEN, StepRecord.Status.DONE
JUSTIFICATION = "Diuji di peramban: langkah diselesaikan oleh tes otomatis."


def _errors_on(page) -> str:
    return " | ".join(page.locator("main .alert-danger, main .invalid-feedback").all_inner_texts())


def _pk_from(url: str) -> int:
    return int(resolve(urlsplit(url).path).kwargs["pk"])


# --- 1. an SOP per demo organisation, every branch -------------------------------------------------------------------
# Every SOP of the catalogue runs through every branch over the test client (tests/test_sop_every_branch.py); the same
# run drives Chromium here for one SOP per demo organisation, chosen so that together they have a decision with each
# exit taken, requirements ticked on the case card and a lane bound to a vendor when the case starts.
IN_THE_BROWSER = {
    "salatiga": "usulan-pengadaan",  # a decision: the proposal goes back for revision or on
    "pagar-alam": "registrasi-verifikasi",  # the pelaku usaha's lane bound to a vendor account; 9 requirements
    "batang": "penanganan-permasalahan-telepon",  # a decision and requirements in one run
}


@pytest.mark.parametrize("slug", sorted(IN_THE_BROWSER))
def test_an_sop_of_each_organisation_runs_through_every_branch_in_the_browser(journey, tabs, slug):
    def completed(tab, key, done):
        # the page of the last case shows it completed, with the flowchart and its progress
        expect(tab.page.locator("#no-open-steps")).to_be_visible()
        expect(tab.page.locator("#step-history tbody tr[data-status=done]")).to_have_count(done)
        tab.screenshot(f"{slug}-{key}")

    # Given the demo organisations with their SOPs in force, when the chosen SOP runs through every plan in Chromium
    ran = every_branch.run_every_branch(tabs, slug, {IN_THE_BROWSER[slug]}, completed=completed)
    # then each case took its plan's steps and exits, every requirement was ticked (checked in the run),
    assert ran == {(slug, IN_THE_BROWSER[slug])}
    # with no console error or CSP violation on any page
    tabs.assert_no_browser_errors()


def test_the_sops_run_in_the_browser_cover_decisions_requirements_and_vendor_lanes(db):
    organizations = sop_demo.ensure_organizations()
    sop_demo.ensure_sops(organizations)
    assert set(IN_THE_BROWSER) == set(every_branch.DEMO_ORGANIZATIONS)
    versions = [
        SopVersion.objects.get(organization=organizations[slug], sop__key=key, status=SopVersion.Status.EFFECTIVE)
        for slug, key in IN_THE_BROWSER.items()
    ]
    steps = [step for version in versions for step in version.parsed.steps]
    assert any(step.is_decision for step in steps)
    assert any(step.requirements for step in steps)
    people = {version.pk: list(User.objects.filter(organization=version.organization)) for version in versions}
    bound = [lane for version in versions for lane in every_branch.vendor_lanes(version.parsed, people[version.pk])]
    assert bound, "no SOP run in the browser binds a lane to a vendor when its case starts"


# --- 2. the lifecycle of an SOP -------------------------------------------------------------------------------------
def _status(tab) -> str:
    """The status of the version shown, by its badge (the text is translated)."""
    badge = tab.page.locator("#version-status .badge")
    classes = badge.get_attribute("class") or ""
    return {
        "text-bg-warning": "draft",
        "text-bg-info": "submitted",
        "text-bg-primary": "approved",
        "text-bg-success": "effective",
        "text-bg-secondary": "superseded",
    }[next(c for c in classes.split() if c.startswith("text-bg-"))]


def test_sop_lifecycle_in_the_browser(journey, tabs, personas):
    head = personas["lpse_head"]
    organization = head.organization
    tab = tabs(head)
    page = tab.page

    # Given the Kepala LPSE on the import page, pasting a definition whose decision has one exit only, with "keep an
    # incomplete file as a draft" unticked
    tab.goto("sop:sop-import")
    broken = factories.SMALL.replace(
        "exits: [{label: Ya, to: setujui}, {label: Tidak, to: lengkapi}]", "exits: [{label: Ya, to: setujui}]"
    )
    assert broken != factories.SMALL
    page.fill("textarea[name=text]", broken)
    expect(page.locator("#keep-incomplete")).to_be_checked()  # kept as a draft by default (issue 16 §2)
    page.uncheck("#keep-incomplete")
    response = tab.submit("text")

    # Then the import is refused with an error naming the step and the field
    assert response.status == 200
    error = page.locator("main .alert-danger")
    expect(error).to_contain_text(re.compile(r"3 \(periksa\).*exits"))
    assert not Sop.objects.filter(organization=organization).exists()
    tab.screenshot("01-import-error")

    # When she pastes a valid one, it becomes a draft
    page.fill("textarea[name=text]", factories.SMALL)
    response = tab.submit("text")
    assert response.status == 302, _errors_on(page)
    version = SopVersion.objects.get(organization=organization, sop__key="uji-verifikasi")
    assert _pk_from(page.url) == version.pk
    assert _status(tab) == "draft"
    expect(page.locator("#sop-title")).to_have_text("SOP Uji Verifikasi")
    tab.screenshot("02-draft")

    # and she submits it for review, approves it (as the "Kepala LPSE" the identity names) and puts it into force
    for button, status in (
        ("#submit-version", "submitted"),
        ("#approve-version", "approved"),
        ("#make-effective", "effective"),
    ):
        assert post(tab.page, button).status == 302
        expect(page.locator("main .alert-danger")).to_have_count(0)
        assert _status(tab) == status, button
        version.refresh_from_db()
        assert version.status == status
    assert version.approved_by == head
    assert version.parsed.identity.approved_by.name == head.get_full_name()
    assert version.effective_on == timezone.localdate()
    tab.screenshot("03-effective")

    # When she downloads the PDF
    href = page.get_attribute("#download-pdf", "href")
    pdf = page.request.get(tab.base_url + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    # When she starts a new revision and changes a step's text
    assert post(tab.page, "#revise-sop").status == 302
    revision = SopVersion.objects.get(sop=version.sop, revision=1)
    assert _pk_from(page.url) == revision.pk
    assert _status(tab) == "draft"
    page.click("#edit-draft")
    text = page.locator("textarea[name=text]").input_value()
    assert "text: Menerima berkas\n" in text
    page.fill("textarea[name=text]", text.replace("text: Menerima berkas\n", "text: Menerima dan mencatat berkas\n"))
    assert tab.submit("text").status == 302, _errors_on(page)
    expect(page.locator("#version-status")).to_be_visible()
    assert _pk_from(page.url) == revision.pk

    # Then the comparison with the revision in force shows the change, on the step it was made
    page.locator("details:has(#revisions) > summary").click()
    page.click(f"#revisions a[href='{reverse('sop:version-diff', kwargs={'pk': revision.pk, 'other': version.pk})}']")
    row = page.locator("#diff tbody tr", has_text="Menerima dan mencatat berkas")
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_contain_text("terima")
    expect(row.locator(".diff-old")).to_have_text("Menerima berkas")
    expect(row.locator(".diff-new")).to_have_text("Menerima dan mencatat berkas")
    tab.screenshot("04-revision-diff")

    # When the Kepala LPSE of Batang opens the catalogue, she finds Salatiga's SOP in force
    outsider = personas["outsider"]
    other = tabs(outsider)
    other.goto("sop:catalogue")
    link = other.page.locator("#catalogue-table a", has_text="SOP Uji Verifikasi")
    expect(link).to_have_attribute("href", reverse("sop:version-detail", kwargs={"pk": version.pk}))
    other.screenshot("05-catalogue")
    link.click()
    expect(other.page.locator("#copy-sop")).to_be_visible()
    expect(other.page.locator("#start-case")).to_have_count(0)

    # and copies it: it becomes a draft of Batang that names where it came from
    assert post(other.page, "#copy-sop").status == 302
    copy = SopVersion.objects.get(organization=outsider.organization, sop__key="uji-verifikasi")
    assert _pk_from(other.page.url) == copy.pk
    assert copy.status == SopVersion.Status.DRAFT
    assert copy.sop.origin == version
    assert _status(other) == "draft"
    origin = other.page.locator("main div.small.text-muted", has_text=organization.name)
    expect(origin).to_have_count(1)
    expect(origin).to_contain_text("SOP Uji Verifikasi")
    expect(other.page.locator("#edit-draft")).to_be_visible()
    other.screenshot("06-copied-draft")
    tabs.assert_no_browser_errors()


# --- 3. My tasks, and a late step ------------------------------------------------------------------------------------
def test_my_tasks_and_a_late_step_needs_a_justification(journey, tabs, personas):
    # Given a case whose verification step is bound to the verifier, and overdue
    verifier = personas["verifier"]
    version = factories.effective_version(verifier.organization)
    case = cases.case_start(version=version, title="CV Maju Jaya", by=None, participants={"verifikator": verifier})
    cases.step_complete(record=case.steps.get(step_key="ajukan"), by=None)
    terima = case.steps.get(step_key="terima")
    cases.step_complete(record=terima, by=None, checklist=version.parsed.step("terima").requirements)
    record = case.steps.get(step_key="periksa", status=OPEN)
    assert record.assignee == verifier
    StepRecord.objects.filter(pk=record.pk).update(due_at=timezone.now() - dt.timedelta(hours=2))

    # When the verifier opens her home page, the step is among her tasks, marked overdue
    tab = tabs(verifier)
    page = tab.page
    tab.goto("core:home")
    task = page.locator("#my-tasks li[data-step=periksa]")
    expect(task).to_have_count(1)
    expect(task).to_have_class(re.compile(r"\blist-group-item-danger\b"))
    expect(task.locator(".badge.text-bg-danger")).to_be_visible()
    expect(task).to_contain_text(case.reference)
    tab.screenshot("01-my-tasks")

    # When she opens it and completes it without a justification
    task.locator("a").click()
    card = page.locator("#open-step-periksa")
    expect(card).to_have_class(re.compile(r"\bborder-danger\b"))
    prefix = f"step{record.pk}-"
    card.locator(f"input[name='{prefix}exit_label'][value=Ya]").check()
    response = post(tab.page, card.locator("button[type=submit]"))

    # Then she is told (in Indonesian) to justify the delay, on the justification field, and the step stays open
    assert response.status == 400
    expect(page.locator("html")).to_have_attribute("lang", "id")
    card = page.locator("#open-step-periksa")
    error = card.locator(f"#id_{prefix}justification_error.invalid-feedback")
    expect(error).to_be_visible()
    expect(card.locator(f"textarea[name='{prefix}justification']")).to_have_attribute("aria-invalid", "true")
    record.refresh_from_db()
    assert record.status == OPEN
    tab.screenshot("02-justification-required")

    # When she gives one, the step is done, late, and the case moves on to the approval
    card.locator(f"textarea[name='{prefix}justification']").fill("Server SPSE gangguan sejak pagi.")
    expect(card.locator(f"input[name='{prefix}exit_label'][value=Ya]")).to_be_checked()
    response = post(tab.page, card.locator("button[type=submit]"))
    assert response.status == 302, _errors_on(page)
    row = page.locator("#step-history tr[data-step=periksa]")
    expect(row).to_have_attribute("data-status", DONE)
    expect(row.locator(".badge.text-bg-danger")).to_be_visible()
    expect(row).to_contain_text("Server SPSE gangguan sejak pagi.")
    expect(page.locator("#open-step-setujui")).to_be_visible()
    record.refresh_from_db()
    assert (record.status, record.on_time, record.exit_label) == (DONE, False, "Ya")
    assert record.completed_by == verifier
    assert record.justification == "Server SPSE gangguan sejak pagi."
    tab.screenshot("03-late-step-done")

    # and her home page no longer lists it
    tab.goto("core:home")
    expect(page.locator("#my-tasks li[data-step=periksa]")).to_have_count(0)
    # The refused completion is answered with 400, which the browser reports; that is expected, nothing else is.
    tabs.assert_no_browser_errors(allow=("status of 400",))
