"""Every catalogue SOP run end to end through every branch, as people do it on the pages: a case started on the
version's page, each open step completed in its card on the case page (the exit of a decision chosen, each requirement
ticked by the checkbox labelled with its text, a justification written), by a person who may, until the case is done.

The same run drives Chromium (tests/browser/test_sop_journeys.py: one SOP per demo organisation, with the page's script,
styles and CSP checked) and the pages over Django's test client (tests/test_sop_every_branch.py: every SOP of the
catalogue and those adopted, through every decision exit). `tabs(user)` gives a person's tab with `.page`, `.url(name,
**kwargs)` and `.user`: `tests.browser.sessions.Tabs` or `ClientTabs` below.
"""

from __future__ import annotations

import functools
import hashlib
import json
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse

from sopan.accounts.models import User
from sopan.core.testing import login
from sopan.sop import coverage, policies
from sopan.sop import definition as d
from sopan.sop import demo as sop_demo
from sopan.sop.models import Case, SopVersion, StepRecord
from tests.client_pages import ClientPage

OPEN, DONE = StepRecord.Status.OPEN, StepRecord.Status.DONE
JUSTIFICATION = "Diuji di peramban: langkah diselesaikan oleh tes otomatis."
MAX_STEPS = 200  # per case; the longest catalogue run has 26
DEMO_ORGANIZATIONS = ("salatiga", "pagar-alam", "batang")


class ClientTabs:
    """A tab per person over Django's test client, logged in as `tests.browser.sessions.Tabs` does (2FA passed)."""

    class Tab:
        def __init__(self, user):
            client = Client()
            login(client, user)
            self.user, self.page = user, ClientPage(client)

        @staticmethod
        def url(name: str, **kwargs) -> str:
            return reverse(name, kwargs=kwargs or None)

    def __init__(self):
        self._tabs: dict[int, ClientTabs.Tab] = {}

    def __call__(self, user) -> ClientTabs.Tab:
        if user.pk not in self._tabs:
            self._tabs[user.pk] = self.Tab(user)
        return self._tabs[user.pk]


def post(page, button):
    """Submit the form of `button` (a selector or locator); the response to the POST (its `.status`)."""
    if isinstance(page, ClientPage):
        return page.submit(button)
    from tests.browser.sessions import post as browser_post

    return browser_post(page, button)


def css(text: str) -> str:
    """A CSS string literal (for attribute selectors on values such as "Ya" or a requirement's text)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def errors_on(page) -> str:
    return " | ".join(page.locator("main .alert-danger, main .invalid-feedback").all_inner_texts())


def pk_from(url: str) -> int:
    return int(resolve(urlsplit(url).path).kwargs["pk"])


def shown(page) -> tuple[str | None, list[str]]:
    """What the case page shows: the case's status, and the open steps (their keys) in the order they were opened."""
    status = page.locator("#case-status")
    cards = page.locator("[id^='open-step-']").all()
    keys = [card.get_attribute("data-step") for card in cards]
    return (status.get_attribute("data-status") if status.count() else None), keys


@functools.cache
def catalogue() -> dict:
    """The seed catalogue (sop.definition.load_catalogue), read once per test process: its files do not change."""
    return d.load_catalogue()


def sop_keys(slug: str) -> list[str]:
    """The keys of the SOPs in force in the demo organisation: its own of the catalogue and those it adopted."""
    own = [item.key for item in catalogue().get(slug, ())]
    return sorted({*own, *(key for _origin, key in sop_demo.ADOPTIONS.get(slug, ()))})


def walked_digest(definition: d.Definition) -> str:
    """A digest of what a walk runs of an SOP: its lanes and steps in the canonical data form (texts, exits,
    requirements, time standards, outputs), not its identity block, which an adoption always changes (the
    organisation's number, approver and legal basis) and which the walk never reads."""
    data = definition.as_data()
    walked = {name: data[name] for name in ("key", "lanes", "steps")}
    return hashlib.sha256(json.dumps(walked, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def twins(slug: str) -> dict[str, tuple[str, str]]:
    """The SOPs the demo organisation `slug` adopted that run exactly as the SOP they were copied from, in force in
    its origin and walked there: {key: (origin, key)}. Walking them again would walk the same definition again
    (Salatiga and Batang adopt Pagar Alam's three procurement stage SOPs unchanged). An adopted SOP whose steps or
    lanes differ in anything (a text naming the organisation, a requirement, an exit) is no twin: it is walked
    itself. Needs the demo SOPs in force (sop_demo.ensure_sops)."""
    found = {}
    for origin, key in sop_demo.ADOPTIONS.get(slug, ()):
        versions = SopVersion.objects.filter(sop__key=key, status=SopVersion.Status.EFFECTIVE)
        adopted = versions.get(organization__slug=slug)
        source = versions.get(organization__slug=origin)
        if walked_digest(adopted.parsed) == walked_digest(source.parsed):
            found[key] = (origin, key)
    return found


def vendor_lanes(definition: d.Definition, people: list[User]) -> list[d.Lane]:
    """The lanes that only outsiders (vendors) of `people` execute: a case binds each to one of them when it starts."""
    lanes = []
    for lane in definition.lanes:
        holders = [u for u in people if u.has_role(*policies.lane_roles(lane))]
        if holders and not any(policies.is_staff_member(u) for u in holders):
            lanes.append(lane)
    return lanes


def start_case(tabs, version, people, title: str):
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
    for lane in vendor_lanes(definition, people):
        vendor = next(u for u in people if u.has_role(*policies.lane_roles(lane)))
        tab.page.select_option(f"#case-start-form [name=lane_{lane.key}]", str(vendor.pk))
    response = post(tab.page, "#case-start-form button[type=submit]")
    assert response.status == 302, f"{version.sop.key}: the case did not start: {errors_on(tab.page)}"
    case = Case.objects.get(pk=pk_from(tab.page.url))
    assert case.version_id == version.pk
    return case, tab


def _note(problems: list[str], problem: str) -> None:
    if problem not in problems:
        problems.append(problem)


def complete_step(tab, record: StepRecord, step: d.Step, exit_label: str, problems: list[str], where: str) -> None:
    """Complete the step in its card: the exit, every requirement ticked, a justification. Problems with the checklist
    are noted in `problems` (and the step completed without it) so that the run still checks every branch."""
    card = tab.page.locator(f"#open-step-{record.step_key}")
    prefix = f"step{record.pk}-"
    if step.is_decision:
        card.locator(f"input[name='{prefix}exit_label'][value={css(exit_label)}]").check()
    if step.requirements:
        # Each requirement is a checkbox labelled with its text, as the person reads it on the card.
        for position, requirement in enumerate(step.requirements):
            box = card.locator(f"input[type=checkbox][name='{prefix}checklist'][value='{position}']")
            label = card.locator(f"label[for='{box.get_attribute('id')}']") if box.count() else None
            text = " ".join(label.inner_text().split()) if label is not None and label.count() else None
            if text != " ".join(requirement.split()):
                _note(
                    problems,
                    f"{where} {step.key}: requirement {position + 1} ({requirement[:50]!r}) has no checkbox "
                    f"labelled with its text (found: {text!r})",
                )
                continue
            box.check()
    # Short time standards ("10 detik") pass while the run works: a justification keeps it going either way.
    card.locator(f"[name='{prefix}justification']").fill(JUSTIFICATION)
    response = post(tab.page, card.locator("button[type=submit]"))
    if response.status == 400 and step.requirements:
        _note(problems, f"{where} {step.key}: ticked requirements refused: {errors_on(tab.page)[:400]}")
        card = tab.page.locator(f"#open-step-{record.step_key}")
        for box in card.locator("input[type=checkbox]:checked").all():
            box.uncheck()
        response = post(tab.page, card.locator("button[type=submit]"))
    assert response.status == 302, f"step {record.step_key} was refused: {errors_on(tab.page)}"


def run_case(tabs, version, plan: coverage.Plan, people: list[User], problems: list[str], *, title: str):
    """Start a case and complete its open steps, one after the other, each by a person who may, taking at each
    decision the exit the plan prescribes. Returns the case and the tab that shows it completed."""
    definition = version.parsed
    case, fresh = start_case(tabs, version, people, title)  # `fresh`: the tab showing the case as it is now
    case_url = fresh.page.url
    where = f"{version.organization.slug}/{version.sop.key}"
    visits: dict[str, int] = {}
    for _ in range(MAX_STEPS):
        status, open_keys = shown(fresh.page)
        if status == Case.Status.COMPLETED:
            break
        assert open_keys, f"{case.reference}: the case is open but its page shows no open step"
        record = StepRecord.objects.get(case=case, step_key=open_keys[0], status=OPEN)
        allowed = [u for u in people if policies.can_complete_step(u, record) and policies.can_view_case(u, case)]
        assert allowed, f"{case.reference}: nobody of {version.organization.slug} may complete {record.step_key}"
        actor = fresh.user if fresh.user in allowed else allowed[0]
        tab = tabs(actor)
        if tab is not fresh:
            tab.page.goto(case_url, wait_until="domcontentloaded")
        step = definition.step(record.step_key)
        exit_label = coverage.choose(definition, step, plan, visits) if step.is_decision else ""
        complete_step(tab, record, step, exit_label, problems, where)
        fresh = tab
    else:
        pytest.fail(f"{case.reference} ({version.sop.key}, plan {plan}) did not end within {MAX_STEPS} steps")
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    return case, fresh


def shows_completed(tab, key: str, done: int) -> None:
    """The case page shows the case completed: no open step, and each step done in its history."""
    assert tab.page.locator("#no-open-steps").count() == 1, key
    assert tab.page.locator("#step-history tbody tr[data-status=done]").count() == done, key


def run_every_branch(tabs, slug: str, keys: set[str], *, completed=shows_completed) -> set[tuple[str, str]]:
    """Run each SOP of `keys` in force in the demo organisation `slug` through every decision exit (the covering plans
    of sop.coverage), checking that each case took exactly the steps and exits its plan prescribes and that every
    requirement could be ticked on the case page; `completed(tab, key, steps done)` checks the page of each SOP's last
    case. Returns the (organisation, SOP) pairs run."""
    organizations = sop_demo.ensure_organizations()
    sop_demo.ensure_sops(organizations)
    seeds = {(origin, item.key) for origin, items in catalogue().items() for item in items}
    assert len(seeds) == 17
    assert set(organizations) == set(DEMO_ORGANIZATIONS)
    own = {(origin, key) for origin, key in seeds if origin == slug}
    adopted = {(slug, key) for _origin, key in sop_demo.ADOPTIONS.get(slug, ())}
    in_force = {(slug, key) for key in sop_keys(slug)}
    assert own <= in_force and in_force == own | adopted
    assert keys and keys <= set(sop_keys(slug)), f"{sorted(keys - set(sop_keys(slug)))} are not in force in {slug}"

    ran: set[tuple[str, str]] = set()
    exits_missed: dict[str, set] = {}
    unticked: list[str] = []
    problems: list[str] = []
    organization = organizations[slug]
    people = list(User.objects.filter(organization=organization, is_active=True).order_by("username"))
    effective = SopVersion.objects.filter(organization=organization, status=SopVersion.Status.EFFECTIVE)
    assert {(slug, key) for key in effective.values_list("sop__key", flat=True)} == in_force
    for version in effective.select_related("sop", "organization").order_by("title"):
        if version.sop.key not in keys:
            continue  # run by another test or part
        definition = version.parsed
        every_exit = {(s.key, e.label) for s in definition.steps if s.is_decision for e in s.exits}
        taken: set[tuple[str, str]] = set()
        for number, plan in enumerate(coverage.covering_plans(definition), 1):
            case, tab = run_case(tabs, version, plan, people, problems, title=f"Uji {version.sop.key} #{number}")
            # the case took exactly the steps and exits the plan prescribes
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
        if taken != every_exit:
            exits_missed[f"{slug}/{version.sop.key}"] = every_exit - taken
        completed(tab, version.sop.key, len(done))
        ran.add((slug, version.sop.key))

    assert ran == {(slug, key) for key in keys}, f"not run: {sorted({(slug, key) for key in keys} - ran)}"
    assert exits_missed == {}, f"decision exits never taken: {exits_missed}"
    # every requirement (Kelengkapan) of every step could be ticked on the case page
    assert problems == [], f"{len(problems)} problems with the checklist, e.g.:\n" + "\n".join(problems[:6])
    assert unticked == [], (
        f"{len(unticked)} completed steps lack ticked requirements (no checkbox per requirement on the case page?), "
        f"e.g. {unticked[:5]}"
    )
    return ran
