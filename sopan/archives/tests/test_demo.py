"""The demo backups and archives: on a demo organisation (each has an LPSE unit), made through the services by the
people who hold the roles, after the SOPs and the helpdesk's own demo as `seed_demo` runs them: the interval set,
backups logged, a restore test that failed and one that passed, the retention rules, and the destruction of the
helpdesk tickets past their retention decided; a second run adds nothing; an organisation without an LPSE gets none."""

from dataclasses import replace

import pytest

from sopan.accounts import demo as accounts_demo
from sopan.archives import demo, selectors
from sopan.archives.models import Backup, BackupSettings, Disposition, DocumentKind, RestoreTest, RetentionRule
from sopan.core.models import AuditEvent
from sopan.helpdesk import demo as helpdesk_demo
from sopan.helpdesk.models import Ticket
from sopan.sop import demo as sop_demo

pytestmark = pytest.mark.django_db

MODELS = (Backup, BackupSettings, RestoreTest, RetentionRule, Disposition, Ticket, AuditEvent)


def _seed(organizations) -> None:
    for seed in (sop_demo.seed, helpdesk_demo.ensure_helpdesk, demo.seed):
        for organization in organizations:
            seed(organization)


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def test_a_demo_organisation_gets_backups_restore_tests_rules_and_a_decision_and_a_second_run_adds_nothing():
    # Salatiga, whose LPSE the annex is; the other demo organisations run the same seed (seed_demo's own test runs
    # them all), and seeding the SOPs of three organisations here would only add a minute to the suite.
    organizations = [accounts_demo.ensure_organizations()["salatiga"]]
    _seed(organizations)
    for organization in organizations:
        scoped = {"organization": organization}
        assert BackupSettings.objects.get(**scoped).interval_hours == 24
        backups = Backup.objects.filter(**scoped)
        assert backups.count() == 4 and not selectors.backup_status(organization).overdue
        assert set(RestoreTest.objects.filter(**scoped).values_list("result", flat=True)) == {"passed", "failed"}
        assert set(RetentionRule.objects.filter(**scoped).values_list("kind", flat=True)) == set(DocumentKind.values)
        decision = Disposition.objects.get(**scoped)
        assert (decision.kind, decision.action) == (DocumentKind.HELPDESK_TICKET, "destroy")
        assert decision.item_count == len(demo.OLD_TICKETS) and decision.number.startswith("BA-PMS/001/")
        assert decision.decided_by.role_assignments.filter(role="lpse_head").exists()
        # the decision took what was due: nothing of the tickets is due any more
        rows, _after, _cutoff = selectors.due_rows(organization, DocumentKind.HELPDESK_TICKET, decision.rule)
        assert not rows.exists()
        assert AuditEvent.objects.filter(action="archives.disposition.recorded", organization=organization).exists()
    counts = _counts()
    _seed(organizations)
    assert _counts() == counts


def test_no_demo_backups_without_an_lpse_unit(db):
    units = tuple(unit for unit in accounts_demo.UNITS if unit.code != "LPSE")
    spec = {"slug": "tanpa-lpse", "name": "Tanpa LPSE", "timezone": "Asia/Jakarta"}
    organization = accounts_demo.ensure_organization(spec, units, is_demo=False)
    for persona in accounts_demo.PERSONAS:
        if persona.role in ("system_admin", "lpse_head"):
            accounts_demo.ensure_persona(organization, replace(persona, username=f"x.{persona.username}", unit="UKPBJ"),
                                         with_totp=False)  # fmt: skip
    demo.seed(organization)
    assert not Backup.objects.exists() and not RetentionRule.objects.exists()
