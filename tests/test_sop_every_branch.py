"""Every SOP of the catalogue (17, where it belongs and where it was adopted) run end to end through every decision
exit on its pages, over Django's test client: a case started on the version's page, every open step completed in its
card by a person who may (tests/sop_every_branch.py). One SOP per demo organisation runs the same way in Chromium
(tests/browser/test_sop_journeys.py), where the page's script, styles and Content-Security-Policy are checked too.
"""

from __future__ import annotations

import functools

import pytest

from sopan.sop import coverage
from sopan.sop import demo as sop_demo
from tests.sop_every_branch import DEMO_ORGANIZATIONS, ClientTabs, catalogue, run_every_branch, sop_keys

pytestmark = pytest.mark.walk  # CI runs the walks on PostgreSQL only (docs/operations.md, CI time)

# An organisation's SOPs (its own and those it adopted, by key) are dealt into its parts, the longest runs first, each
# to the part with the fewest steps so far, so that parallel workers share the run evenly; an organisation with more
# SOPs gets more parts.
PARTS = {"salatiga": 1, "pagar-alam": 3, "batang": 1}


@functools.cache
def _steps_to_run() -> dict[str, int]:
    """The steps the covering plans of each catalogue SOP complete (what its every-branch run costs)."""
    return {
        definition.key: sum(len(coverage.simulate(definition, plan)) for plan in coverage.covering_plans(definition))
        for definitions in catalogue().values()
        for definition in definitions
    }


def _part(slug: str, part: int) -> set[str]:
    parts: list[tuple[int, set[str]]] = [(0, set()) for _ in range(PARTS[slug])]
    for key in sorted(sop_keys(slug), key=lambda k: (-_steps_to_run()[k], k)):
        lightest = min(range(len(parts)), key=lambda i: parts[i][0])
        weight, keys = parts[lightest]
        parts[lightest] = (weight + _steps_to_run()[key], keys | {key})
    return parts[part - 1][1]


def test_the_parts_cover_every_sop_in_force(db):
    organizations = sop_demo.ensure_organizations()
    assert set(organizations) == set(DEMO_ORGANIZATIONS) == set(PARTS)
    for slug in DEMO_ORGANIZATIONS:
        parts = [_part(slug, number) for number in range(1, PARTS[slug] + 1)]
        assert all(parts), f"{slug}: a part without SOPs: lower PARTS"
        assert set().union(*parts) == set(sop_keys(slug))


@pytest.mark.parametrize(
    ("slug", "part"), [(slug, part) for slug in DEMO_ORGANIZATIONS for part in range(1, PARTS[slug] + 1)]
)
def test_every_catalogue_sop_runs_through_every_branch(db, slug, part):
    # Given the three demo organisations with their SOPs in force, when this part's SOPs are run through every plan
    run = run_every_branch(ClientTabs(), slug, _part(slug, part))
    # then each case took its plan's steps and exits, every exit was taken and every requirement ticked, and each
    # SOP's last case shows completed on its page (checked in the run)
    assert run == {(slug, key) for key in _part(slug, part)}
