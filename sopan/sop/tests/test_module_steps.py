"""A step that a module records is done by the module's transition, never on the case page (procedures.recorded_by).

A subject's case — a registration's, a package's — has its module's steps (the procedure's `required_steps`) recorded
by the domain API when the work is done in the module. Completed by hand on the case page, the SOP would say a step is
done that the module's record says is not, and the module's transition would later find it closed. The organisation's
own steps beside them (an SOP may be extended, as long as the module's keys remain) are done on the case page, and a
case of the same SOP started by hand, with no subject, runs entirely there.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from sopan.accounts.models import OrgUnit
from sopan.core.testing import login
from sopan.sop import api, policies, procedures
from sopan.sop.models import StepRecord
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories

# The registration SOP of the domain API's tests, extended by the organisation with a step of its own after approval.
EXTENDED = factories.REGISTRATION.replace(
    "- {key: setujui, number: '4', text: SETUJU, symbol: process, lanes: [verifikator], next: arsipkan}",
    "- {key: setujui, number: '4', text: SETUJU, symbol: process, lanes: [verifikator], next: catat-buku}\n"
    "- {key: catat-buku, number: 4a, text: Catat di buku register, symbol: process, lanes: [verifikator], "
    "next: arsipkan}",
)
assert "catat-buku" in EXTENDED


@pytest.fixture
def version(organization, personas):
    version = factories.effective_version(organization, EXTENDED)
    versions.procedure_bind(
        organization=organization, procedure="vendor_registration", sop=version.sop, by=personas["lpse_head"]
    )
    return version


def _record(organization, personas, *steps):
    subject = OrgUnit.objects.get(organization=organization, code="LPSE")  # any model stands in for a registration
    with transaction.atomic():
        return api.record_steps(
            subject=subject,
            organization=organization,
            procedure="vendor_registration",
            steps=list(steps),
            by=personas["verifier"],
        )


def _open(case, key) -> StepRecord:
    return StepRecord.objects.get(case=case, step_key=key, status=StepRecord.Status.OPEN)


def test_the_modules_step_is_not_completed_on_the_case_page(client, organization, personas, version):
    # Given a registration whose file the module received: step 2 (verifikasi-berkas) is open, the verifier's
    case = _record(organization, personas, api.StepDone("terima-berkas"))
    record = _open(case, "verifikasi-berkas")
    verifier = personas["verifier"]
    assert procedures.recorded_by(case, "verifikasi-berkas").code == "vendor_registration"
    assert not policies.can_complete_step(verifier, record)

    # When the verifier opens the case: the step says where it is done, with no form to complete it
    login(client, verifier)
    page = client.get(reverse("sop:case-detail", args=[case.pk])).content.decode()
    assert "dicatat di modul Registrasi dan verifikasi penyedia" in page
    assert f'action="{reverse("sop:step-complete", args=[record.pk])}"' not in page

    # and a completion sent anyway is refused with the reason, the step still open
    response = client.post(
        reverse("sop:step-complete", args=[record.pk]),
        {f"step{record.pk}-exit_label": "Ya", f"step{record.pk}-note": ""},
        follow=True,
    )
    assert "dicatat di modul Registrasi dan verifikasi penyedia" in response.content.decode()
    assert "bukan di halaman kasus" in response.content.decode()
    assert _open(case, "verifikasi-berkas").pk == record.pk
    with pytest.raises(cases.StepOfAModule, match="is recorded in the Vendor registration and verification module"):
        cases.step_complete(record=record, by=verifier, exit_label="Ya")
    with pytest.raises(cases.StepOfAModule):  # nor by the system
        cases.step_complete(record=record, by=None, exit_label="Ya")

    # while the module's own transition records it
    _record(organization, personas, api.StepDone("verifikasi-berkas", exit="Ya"))
    assert StepRecord.objects.get(case=case, step_key="verifikasi-berkas").status == StepRecord.Status.DONE


def test_the_organisations_own_step_beside_them_is_completed_on_the_case_page(client, organization, personas, version):
    # Given a registration the module approved: the organisation's own step 4a (catat-buku) is open
    case = _record(
        organization,
        personas,
        api.StepDone("terima-berkas"),
        api.StepDone("verifikasi-berkas", exit="Ya"),
        api.StepDone("setujui"),
    )
    record = _open(case, "catat-buku")
    assert procedures.recorded_by(case, "catat-buku") is None
    # When the verifier completes it on the case page; then it is done, and the module's last step opens
    login(client, personas["verifier"])
    page = client.get(reverse("sop:case-detail", args=[case.pk])).content.decode()
    assert f'action="{reverse("sop:step-complete", args=[record.pk])}"' in page
    response = client.post(reverse("sop:step-complete", args=[record.pk]), {f"step{record.pk}-note": "Dicatat"})
    assert response.status_code == 302
    assert StepRecord.objects.get(pk=record.pk).status == StepRecord.Status.DONE
    assert _open(case, "arsipkan")


def test_a_case_of_the_same_sop_started_by_hand_runs_on_the_case_page(organization, personas, version):
    # Given a case started by hand on the registration SOP (no subject, no module)
    case = cases.case_start(version=version, title="Berkas manual", by=personas["lpse_head"])
    cases.step_complete(record=_open(case, "terima-berkas"), by=personas["registration_officer"])
    record = _open(case, "verifikasi-berkas")
    # Then its steps are people's to complete, the module's keys too
    assert procedures.recorded_by(case, "verifikasi-berkas") is None
    assert policies.can_complete_step(personas["verifier"], record)
    cases.step_complete(record=record, by=personas["verifier"], exit_label="Ya")
    assert _open(case, "setujui")
