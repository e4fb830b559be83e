"""Every SOP of the catalogue (17, where it belongs and where it was adopted) run end to end through every decision
exit on its pages, over Django's test client: a case started on the version's page, every open step completed in its
card by a person who may (tests/sop_every_branch.py). One SOP per demo organisation runs the same way in Chromium
(tests/browser/test_sop_journeys.py), where the page's script, styles and Content-Security-Policy are checked too.

An adopted SOP that runs exactly as the one it was copied from (the same lanes and steps: `sop_every_branch.twins`) is
covered by that twin's walk in its origin, and only checked here to be runnable by the organisation's people.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import pytest

from sopan.accounts.models import User
from sopan.sop import coverage, policies
from sopan.sop import demo as sop_demo
from sopan.sop.models import SopVersion
from tests.sop_every_branch import DEMO_ORGANIZATIONS, ClientTabs, catalogue, run_every_branch, sop_keys, twins

pytestmark = pytest.mark.walk  # CI runs the walks on PostgreSQL only (docs/operations.md, CI time)

# An organisation's SOPs (its own and those it adopted, by key, but for its twins: covered by their origin's walk) are
# dealt into its parts, the longest runs first, each to the part with the fewest steps so far, so that parallel workers
# share the run evenly; an organisation with more SOPs gets more parts.
PARTS = {"salatiga": 1, "pagar-alam": 3, "batang": 1}


@functools.cache
def _steps_to_run() -> dict[str, int]:
    """The steps the covering plans of each catalogue SOP complete (what its every-branch run costs)."""
    return {
        definition.key: sum(len(coverage.simulate(definition, plan)) for plan in coverage.covering_plans(definition))
        for definitions in catalogue().values()
        for definition in definitions
    }


@pytest.fixture(scope="module")
def in_force(module_db) -> dict:
    """The demo organisations with their SOPs in force (what run_every_branch needs and `twins` compares), made once
    for the module (conftest's `module_db`: each test runs in a savepoint, its cases rolled back after it)."""
    with module_db.unblock():
        organizations = sop_demo.ensure_organizations()
        sop_demo.ensure_sops(organizations)
    return organizations


def _part(slug: str, part: int) -> set[str]:
    """The SOPs this part walks (the demo SOPs must be in force: `in_force`)."""
    parts: list[tuple[int, set[str]]] = [(0, set()) for _ in range(PARTS[slug])]
    walked = set(sop_keys(slug)) - set(twins(slug))
    for key in sorted(walked, key=lambda k: (-_steps_to_run()[k], k)):
        lightest = min(range(len(parts)), key=lambda i: parts[i][0])
        weight, keys = parts[lightest]
        parts[lightest] = (weight + _steps_to_run()[key], keys | {key})
    return parts[part - 1][1]


def _not_runnable(organization, key: str) -> list[str]:
    """Why the organisation's people could not run its SOP `key`: nobody who may start a case, or a lane whose roles
    nobody active holds (a lane without roles is an outside party, recorded by whoever holds the case)."""
    version = SopVersion.objects.get(organization=organization, sop__key=key, status=SopVersion.Status.EFFECTIVE)
    people = list(User.objects.filter(organization=organization, is_active=True))
    problems = [] if any(policies.can_start_case(u, version) for u in people) else ["nobody may start a case"]
    for lane in version.parsed.lanes:
        roles = policies.lane_roles(lane)
        if roles and not any(u.has_role(*roles) for u in people):
            problems.append(f"nobody holds the roles of the lane {lane.key} ({sorted(roles)})")
    return problems


def test_the_parts_cover_every_sop_in_force(db, in_force):
    organizations = in_force
    assert set(organizations) == set(DEMO_ORGANIZATIONS) == set(PARTS)
    walked = {(slug, key) for slug in PARTS for part in range(1, PARTS[slug] + 1) for key in _part(slug, part)}
    for slug in DEMO_ORGANIZATIONS:
        parts = [_part(slug, number) for number in range(1, PARTS[slug] + 1)]
        assert all(parts), f"{slug}: a part without SOPs: lower PARTS"
        covered_by_twin = twins(slug)
        # every SOP in force is walked by one of the organisation's parts or covered by its twin, never both
        assert set().union(*parts) | set(covered_by_twin) == set(sop_keys(slug))
        assert not set().union(*parts) & set(covered_by_twin)
        for key, twin in covered_by_twin.items():
            # the twin is walked (in its origin's part), and the organisation's own people could run the copy
            assert twin in walked, f"{slug}/{key} is covered by {twin}, which no part walks"
            assert _not_runnable(organizations[slug], key) == [], f"{slug}/{key}"
    # the procurement SOPs Salatiga and Batang adopt unchanged are walked once, in Pagar Alam (Pencatatan Kinerja
    # Penyedia names Pagar Alam's LPSE website in a step: the copies name their own, so they are walked as theirs)
    stages = {
        "perencanaan-pengadaan",
        "persiapan-pengadaan",
        "persiapan-pemilihan-penyedia",
        "proses-utama-pbj",
        "analisa-ketersediaan-pelaku-usaha",
    }
    assert stages <= {key for _origin, key in sop_demo.MODULE_SOPS}
    assert stages <= set(twins("salatiga")) & set(twins("batang"))


def test_an_adopted_sop_that_differs_from_its_source_is_walked(db, in_force):
    # Given the demo SOPs in force: Salatiga's copy of the vendor registration names its own website in a step …
    organizations = in_force
    assert "rekrutmen-registrasi-penyedia" not in twins("salatiga")
    assert "rekrutmen-registrasi-penyedia" in _part("salatiga", 1)
    # … and its copy of Persiapan Pengadaan, a twin of Pagar Alam's, then changed in one requirement of one step
    key = "persiapan-pengadaan"
    assert key in twins("salatiga") and key not in _part("salatiga", 1)
    version = SopVersion.objects.get(organization=organizations["salatiga"], sop__key=key, status="effective")
    definition = version.parsed
    step = next(s for s in definition.steps if s.requirements)
    changed = replace(step, requirements=(*step.requirements[:-1], step.requirements[-1] + " (rangkap dua)"))
    steps = tuple(changed if s is step else s for s in definition.steps)
    version.definition = replace(definition, steps=steps).as_data()
    version.save(update_fields=["definition"])
    # then it is no twin any more: Salatiga's part walks it
    assert key not in twins("salatiga") and key in twins("batang")
    assert key in _part("salatiga", 1)


@pytest.mark.parametrize(
    ("slug", "part"), [(slug, part) for slug in DEMO_ORGANIZATIONS for part in range(1, PARTS[slug] + 1)]
)
def test_every_catalogue_sop_runs_through_every_branch(db, in_force, slug, part):
    # Given the three demo organisations with their SOPs in force, when this part's SOPs are run through every plan
    run = run_every_branch(ClientTabs(), slug, _part(slug, part))
    # then each case took its plan's steps and exits, every exit was taken and every requirement ticked, and each
    # SOP's last case shows completed on its page (checked in the run)
    assert run == {(slug, key) for key in _part(slug, part)}
