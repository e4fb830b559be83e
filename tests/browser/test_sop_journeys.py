"""Journeys through the SOP engine in a real browser: every catalogue SOP run end to end through every branch, the
lifecycle of an SOP (import, review, approval, putting into force, PDF, revision, comparison, copy by another
organisation), and "My tasks" with a late step that needs a justification.

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
from sopan.sop import coverage, policies
from sopan.sop import definition as d
from sopan.sop import demo as sop_demo
from sopan.sop.models import Case, Sop, SopVersion, StepRecord
from sopan.sop.services import cases
from sopan.sop.tests import factories
from tests.browser.sessions import post

pytestmark = pytest.mark.browser

OPEN, DONE = StepRecord.Status.OPEN, StepRecord.Status.DONE
JUSTIFICATION = "Diuji di peramban: langkah diselesaikan oleh tes otomatis."
MAX_STEPS = 200  # per case; the longest catalogue run has 26
# What the case page shows: the case's status, and the open steps (their keys) in the order they were opened.
SHOWN = """() => [
  document.querySelector("#case-status")?.dataset.status,
  Array.from(document.querySelectorAll("[id^='open-step-']"), card => card.dataset.step),
]"""


def _css(text: str) -> str:
    """A CSS string literal (for attribute selectors on values such as "Ya" or a requirement's text)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def _errors_on(page) -> str:
    return " | ".join(page.locator("main .alert-danger, main .invalid-feedback").all_inner_texts())


def _pk_from(url: str) -> int:
    return int(resolve(urlsplit(url).path).kwargs["pk"])


# --- 1. every catalogue SOP, every branch ---------------------------------------------------------------------------
def _start_case(tabs, version, people, title: str):
    """Start a case as a staff member allowed to (a holder of the start lane's roles, else an SOP manager), binding
    each lane that only outsiders (vendors) execute to one of them: they see only the cases they take part in."""
    definition = version.parsed
    staff = [u for u in people if policies.is_staff_member(u)]
    start_roles = frozenset().union(*(policies.lane_roles(definition.lane(k)) for k in definition.start_steps[0].lanes))
    starter = next((u for u in staff if u.has_role(*start_roles)), None) or next(
        u for u in staff if policies.can_start_case(u, version)
    )
    assert policies.can_start_case(starter, version)
    tab = tabs(starter)
    tab.page.goto(tab.url("sop:version-detail", pk=version.pk), wait_until="domcontentloaded")
    tab.page.click("#start-case")
    tab.page.fill("#case-start-form [name=title]", title)
    for lane in definition.lanes:
        holders = [u for u in people if u.has_role(*policies.lane_roles(lane))]
        if holders and not any(policies.is_staff_member(u) for u in holders):
            tab.page.select_option(f"#case-start-form [name=lane_{lane.key}]", str(holders[0].pk))
    response = post(tab.page, "#case-start-form button[type=submit]")
    assert response.status == 302, f"{version.sop.key}: the case did not start: {_errors_on(tab.page)}"
    case = Case.objects.get(pk=_pk_from(tab.page.url))
    assert case.version_id == version.pk
    return case, tab


def _note(problems: list[str], problem: str) -> None:
    if problem not in problems:
        problems.append(problem)


def _complete_in_browser(
    tab, record: StepRecord, step: d.Step, exit_label: str, problems: list[str], where: str
) -> None:
    """Complete the step in its card: the exit, every requirement ticked, a justification. Problems with the checklist
    are noted in `problems` (and the step completed without it) so that the run still checks every branch."""
    card = tab.page.locator(f"#open-step-{record.step_key}")
    prefix = f"step{record.pk}-"
    if step.is_decision:
        card.locator(f"input[name='{prefix}exit_label'][value={_css(exit_label)}]").check()
    if step.requirements:
        # Each requirement is a checkbox labelled with its text, as the person reads it on the card.
        for position, requirement in enumerate(step.requirements):
            box = card.locator(f"input[type=checkbox][name='{prefix}checklist'][value='{position}']")
            label = card.locator(f"label[for='{box.get_attribute('id')}']") if box.count() else None
            shown = " ".join(label.inner_text().split()) if label is not None and label.count() else None
            if shown != " ".join(requirement.split()):
                _note(
                    problems,
                    f"{where} {step.key}: requirement {position + 1} ({requirement[:50]!r}) has no checkbox "
                    f"labelled with its text (found: {shown!r})",
                )
                continue
            box.check()
    # Short time standards ("10 detik") pass while the browser works: a justification keeps the run going either way.
    card.locator(f"[name='{prefix}justification']").fill(JUSTIFICATION)
    response = post(tab.page, card.locator("button[type=submit]"))
    if response.status == 400 and step.requirements:
        _note(problems, f"{where} {step.key}: ticked requirements refused: {_errors_on(tab.page)[:400]}")
        card = tab.page.locator(f"#open-step-{record.step_key}")
        for box in card.locator("input[type=checkbox]:checked").all():
            box.uncheck()
        response = post(tab.page, card.locator("button[type=submit]"))
    assert response.status == 302, f"step {record.step_key} was refused: {_errors_on(tab.page)}"


def _run(tabs, version, plan: coverage.Plan, people: list[User], problems: list[str], *, title: str):
    """Start a case in the browser and complete its open steps, one after the other, each by a person who may, taking
    at each decision the exit the plan prescribes. Returns the case and the tab that shows it completed."""
    definition = version.parsed
    case, fresh = _start_case(tabs, version, people, title)  # `fresh`: the tab showing the case as it is now
    case_url = fresh.page.url
    where = f"{version.organization.slug}/{version.sop.key}"
    visits: dict[str, int] = {}
    for _ in range(MAX_STEPS):
        status, shown = fresh.page.evaluate(SHOWN)
        if status == Case.Status.COMPLETED:
            break
        assert shown, f"{case.reference}: the case is open but its page shows no open step"
        record = StepRecord.objects.get(case=case, step_key=shown[0], status=OPEN)
        allowed = [u for u in people if policies.can_complete_step(u, record) and policies.can_view_case(u, case)]
        assert allowed, f"{case.reference}: nobody of {version.organization.slug} may complete {record.step_key}"
        actor = fresh.user if fresh.user in allowed else allowed[0]
        tab = tabs(actor)
        if tab is not fresh:
            tab.page.goto(case_url, wait_until="domcontentloaded")
        step = definition.step(record.step_key)
        exit_label = coverage.choose(definition, step, plan, visits) if step.is_decision else ""
        _complete_in_browser(tab, record, step, exit_label, problems, where)
        fresh = tab
    else:
        pytest.fail(f"{case.reference} ({version.sop.key}, plan {plan}) did not end within {MAX_STEPS} steps")
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    return case, fresh


# One test per demo organisation and part of its SOPs (together: every SOP of the catalogue, where it belongs and where
# adopted), so that parallel workers share the longest journey of the suite. An organisation's SOPs (its own and those
# it adopted, by key) are dealt round-robin into its parts; an organisation with more SOPs gets more parts. When a part
# nears a third of lane 1's budget (docs/operations.md, CI time), give its organisation another part.
DEMO_ORGANIZATIONS = ("salatiga", "pagar-alam", "batang")
PARTS = {"salatiga": 2, "pagar-alam": 5, "batang": 1}


def _sop_keys(slug: str) -> list[str]:
    """The keys of the SOPs in force in the demo organisation: its own of the catalogue and those it adopted."""
    own = [item.key for item in d.load_catalogue().get(slug, ())]
    return sorted({*own, *(key for _origin, key in sop_demo.ADOPTIONS.get(slug, ()))})


def _part(slug: str, part: int) -> set[str]:
    return set(_sop_keys(slug)[part - 1 :: PARTS[slug]])


@pytest.mark.parametrize(
    ("slug", "part"), [(slug, part) for slug in DEMO_ORGANIZATIONS for part in range(1, PARTS[slug] + 1)]
)
def test_every_catalogue_sop_runs_through_every_branch(journey, tabs, slug, part):
    # Given the three demo organisations with their SOPs in force (the 17 of the catalogue, and those adopted)
    organizations = sop_demo.ensure_organizations()
    sop_demo.ensure_sops(organizations)
    catalogue = {(origin, item.key) for origin, items in d.load_catalogue().items() for item in items}
    assert len(catalogue) == 17
    assert set(organizations) == set(DEMO_ORGANIZATIONS) == set(PARTS)  # the parameters cover every organisation
    own = {(origin, key) for origin, key in catalogue if origin == slug}
    adopted = {(slug, key) for _origin, key in sop_demo.ADOPTIONS.get(slug, ())}
    in_force = {(slug, key) for key in _sop_keys(slug)}  # what the parts share out
    assert own <= in_force and in_force == own | adopted
    assert all(_part(slug, number) for number in range(1, PARTS[slug] + 1)), "a part without SOPs: lower PARTS"
    mine = _part(slug, part)

    run: set[tuple[str, str]] = set()
    exits_missed: dict[str, set] = {}
    unticked: list[str] = []
    problems: list[str] = []
    organization = organizations[slug]
    people = list(User.objects.filter(organization=organization, is_active=True).order_by("username"))
    effective = SopVersion.objects.filter(organization=organization, status=SopVersion.Status.EFFECTIVE)
    assert {(slug, key) for key in effective.values_list("sop__key", flat=True)} == in_force
    for version in effective.select_related("sop", "organization").order_by("title"):
        if version.sop.key not in mine:
            continue  # run by another part
        definition = version.parsed
        every_exit = {(s.key, e.label) for s in definition.steps if s.is_decision for e in s.exits}
        taken: set[tuple[str, str]] = set()
        plans = coverage.covering_plans(definition)
        # When each plan is run in the browser
        for number, plan in enumerate(plans, 1):
            case, tab = _run(tabs, version, plan, people, problems, title=f"Uji {version.sop.key} #{number}")
            # Then the case took exactly the steps and exits the plan prescribes
            done = list(case.steps.filter(status=DONE).order_by("completed_at", "id"))
            assert [(r.step_key, r.exit_label) for r in done] == coverage.simulate(definition, plan), (
                f"{slug}/{version.sop.key}, plan {plan}"
            )
            assert not case.steps.filter(status=OPEN).exists()
            taken |= {(r.step_key, r.exit_label) for r in done if r.exit_label}
            unticked += [
                f"{slug}/{version.sop.key} {r.step_key}"
                for r in done
                if r.checklist != list(definition.step(r.step_key).requirements)
            ]
        # and the page of the last run shows it completed, with the flowchart and its progress
        expect(tab.page.locator("#no-open-steps")).to_be_visible()
        expect(tab.page.locator("#step-history tbody tr[data-status=done]")).to_have_count(len(done))
        tab.screenshot(f"{slug}-{version.sop.key}")
        if taken != every_exit:
            exits_missed[f"{slug}/{version.sop.key}"] = every_exit - taken
        run.add((slug, version.sop.key))

    # Then every SOP of the organisation's catalogue ran (and those it adopted), through every decision exit
    # (this part's share; the parts together run every SOP in force, which is the catalogue's and the adopted ones)
    assert run == {(slug, key) for key in mine}, f"not run: {sorted({(slug, key) for key in mine} - run)}"
    assert exits_missed == {}, f"decision exits never taken: {exits_missed}"
    # and every requirement (Kelengkapan) of every step could be ticked on the case page
    assert problems == [], f"{len(problems)} problems with the checklist, e.g.:\n" + "\n".join(problems[:6])
    assert unticked == [], (
        f"{len(unticked)} completed steps lack ticked requirements (no checkbox per requirement on the case page?), "
        f"e.g. {unticked[:5]}"
    )
    tabs.assert_no_browser_errors()


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

    # Given the Kepala LPSE on the import page, pasting a definition whose decision has one exit only
    tab.goto("sop:sop-import")
    broken = factories.SMALL.replace(
        "exits: [{label: Ya, to: setujui}, {label: Tidak, to: lengkapi}]", "exits: [{label: Ya, to: setujui}]"
    )
    assert broken != factories.SMALL
    page.fill("textarea[name=text]", broken)
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
