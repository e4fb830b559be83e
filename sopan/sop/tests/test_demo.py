"""The demo data: three organisations with their seed SOPs in force, the procedures their seeds lack adopted from
another organisation, and a history of cases whose figures reach the compliance report."""

from __future__ import annotations

import pytest

from sopan.sop import demo, procedures, selectors_compliance
from sopan.sop.models import Case, ProcedureBinding, Sop, SopVersion, StepRecord


@pytest.mark.django_db
def test_demo_data():
    """One test, because loading the demo is the slow part (about 20 s)."""
    demo_organizations = demo.ensure_organizations()
    demo.ensure_sops(demo_organizations)
    _three_tenants_hold_their_own_seed_sops_in_force(demo_organizations)
    _procedures_the_seeds_lack_are_served_by_adopted_sops(demo_organizations)
    _demo_cases_give_the_compliance_report_real_figures(demo_organizations)


def _three_tenants_hold_their_own_seed_sops_in_force(demo_organizations):
    in_force = {
        slug: set(
            SopVersion.objects.filter(organization=org, status="effective", sop__origin__isnull=True).values_list(
                "sop__key", flat=True
            )
        )
        for slug, org in demo_organizations.items()
    }
    assert len(in_force["salatiga"]) == 3 and len(in_force["pagar-alam"]) == 13 and len(in_force["batang"]) == 1


def _procedures_the_seeds_lack_are_served_by_adopted_sops(demo_organizations):
    salatiga = demo_organizations["salatiga"]
    binding = ProcedureBinding.objects.get(organization=salatiga, procedure="vendor_registration")
    assert binding.sop.origin.organization.slug == "pagar-alam"
    effective = binding.sop.versions.get(status="effective")
    assert effective.approved_by.username == "kepala.lpse"
    assert procedures.missing_steps("vendor_registration", effective.parsed.step_keys) == []
    assert ProcedureBinding.objects.get(organization=salatiga, procedure="telephone_helpdesk").sop.origin_id
    for batang_or_salatiga in (salatiga, demo_organizations["batang"]):  # a package's stages: Pagar Alam's SOPs
        binding = ProcedureBinding.objects.get(organization=batang_or_salatiga, procedure="procurement_main")
        assert binding.sop.origin.organization.slug == "pagar-alam"


def _demo_cases_give_the_compliance_report_real_figures(demo_organizations):
    batang = demo_organizations["batang"]
    made = demo.ensure_cases(batang)
    assert made == Case.objects.filter(organization=batang).count() > 0
    assert demo.ensure_cases(batang) == 0  # idempotent
    head = batang.users.get(username="batang.kepala.lpse")
    report = selectors_compliance.compliance_report_for(head)
    telephone = next(s for s in report.sections if "Telepon" in s.title)
    rows = {row.number: row for row in telephone.rows}
    assert rows["2"].standard == "10 detik" and rows["2"].done > 0
    assert rows["2"].on_time_percent is not None
    late = StepRecord.objects.filter(organization=batang, on_time=False)
    assert all(record.justification for record in late)
    assert len(report.deviations) >= late.count()
    # its own, and those adopted from Pagar Alam: the registration SOP, the four of a package's stages, the
    # availability analysis, the vendor performance record, the coaching of vendors, the two of risks and the unit's
    # performance
    assert Sop.objects.filter(organization=batang).count() == 12
