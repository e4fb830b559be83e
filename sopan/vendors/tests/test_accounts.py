"""The vendor account's lifecycle (issue 4 §3): suspension, deactivation and reactivation through the LKPP procedure
— complaint or finding with evidence, examination, proposal, decision, vendor informed, archived."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sopan.accounts.models import User
from sopan.core.models import AuditEvent
from sopan.core.testing import run_background_tasks
from sopan.core.workflow import TransitionNotAllowed
from sopan.vendors.accounts import services as accounts
from sopan.vendors.models import AccountAction, Company, FieldChange
from sopan.vendors.registration import services as registration_services
from sopan.vendors.tests import factories
from sopan.vendors.tests.factories import committed

pytestmark = pytest.mark.django_db
A = AccountAction.Stage
LOGIN = "/akun/masuk/"
PASSWORD = "Rahasia-Sekali-2026"
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- helpers shared with test_changes and test_views_accounts ----------------------------------------------------
def vendor_company(organization, *, admin: User | None = None, **overrides) -> Company:
    """An active vendor account and its administrator (who logs in with PASSWORD), as an approval leaves them."""
    n = next(_serial)
    if admin is None:
        admin = User.objects.create_user(
            username=f"vendor.akun{n}",
            password=PASSWORD,
            email=f"admin.akun{n}@majubersama.co.id",
            organization=organization,
            full_name=f"Admin Akun {n}",
        )
    data = factories.company_data(**overrides)
    return Company.objects.create(
        organization=organization,
        **data,
        admin_name=admin.full_name,
        admin_nik=factories.valid_nik(),
        admin_position="Direktur",
        admin_user=admin,
        status=Company.Status.ACTIVE,
        activated_at=timezone.now(),
    )


def approved_company(organization, officer, verifier) -> Company:
    """A vendor account made the real way: registered, received, verified and approved (SOP steps 1–15)."""
    registration = factories.in_verification(organization, officer, verifier)
    factories.check_all(registration, verifier)
    with committed():
        registration_services.registration_approve(registration=registration, version=registration.version, by=verifier)
    return Company.objects.select_related("admin_user").get(pk=registration.company_id)


def evidence(name: str = "pengaduan.pdf") -> SimpleUploadedFile:
    return factories.pdf_upload(name)


def report(company, kind="suspend", by=None, **extra) -> AccountAction:
    return accounts.account_action_report(
        company=company,
        kind=kind,
        basis="Pengaduan Pokja: dokumen penawaran palsu.",
        evidence=evidence(),
        by=by,
        **extra,
    )


def to_proposed(action, head) -> AccountAction:
    action = accounts.account_action_examine(action=action, examination="Bukti diperiksa, sesuai.", by=head)
    return accounts.account_action_propose(action=action, proposal="Usul ke LKPP: surat 027/LPSE/2026.", by=head)


def logs_in(client, username: str) -> bool:
    client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    return "_auth_user_id" in client.session


def _events(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(target.pk), action__startswith="vendors.account_action.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )


# --- the whole procedure -------------------------------------------------------------------------------------------
def test_deactivation_runs_the_lkpp_procedure_and_reactivation_lets_the_vendor_in_again(
    client, registration_setup, registration_officer, verifier, lpse_head
):
    company = approved_company(registration_setup, registration_officer, verifier)
    vendor = company.admin_user
    assert logs_in(client, vendor.username)

    # 1. complaint or finding, with evidence (kept with its SHA-256, written when the transaction commits)
    upload = evidence("laporan-pokja.pdf")
    content = factories.pdf_bytes("laporan-pokja.pdf")
    with committed():
        action = accounts.account_action_report(
            company=company, kind="deactivate", basis="Temuan: akta palsu.", evidence=upload, by=verifier
        )
    assert action.stage == A.REPORTED and action.reported_by == verifier
    assert action.evidence_sha256 == hashlib.sha256(content).hexdigest()
    assert default_storage.exists(action.evidence.name)
    # 2–4. examined, proposed, decided by the Kepala LPSE, with LKPP's reference
    action = to_proposed(action, lpse_head)
    action = accounts.account_action_decide(
        action=action,
        outcome="granted",
        note="LKPP menonaktifkan akun.",
        external_reference="B-123/LKPP/2026",
        by=lpse_head,
    )
    company.refresh_from_db()
    vendor.refresh_from_db()
    assert action.stage == A.DECIDED and action.external_reference == "B-123/LKPP/2026"
    assert company.status == Company.Status.DEACTIVATED and company.status_reason == "LKPP menonaktifkan akun."
    assert not vendor.is_active
    # (the account's activation at its approval is in the history before: "registering" → "active")
    status_change = FieldChange.objects.exclude(old_value="registering").get(company=company, field="status")
    assert (status_change.old_value, status_change.new_value, status_change.changed_by) == (
        "active",
        "deactivated",
        lpse_head,
    )
    # The vendor's open session ends, and a new login is refused.
    assert client.get("/penyedia/saya/").status_code == 302
    client.logout()
    assert not logs_in(client, vendor.username)
    # 5. informed by mail, 6. archived
    with committed():
        accounts.account_action_inform(action=action, by=verifier)
    run_background_tasks()
    assert sorted(m.to[0] for m in mail.outbox if company.name in m.subject) == sorted({company.email, vendor.email})
    assert all("B-123/LKPP/2026" in m.body for m in mail.outbox if company.name in m.subject)
    action = accounts.account_action_archive(action=action, by=verifier)
    assert action.stage == A.ARCHIVED and action.informed_at and action.archived_at
    assert _events(action) == [
        "vendors.account_action.reported",
        "vendors.account_action.examined",
        "vendors.account_action.proposed",
        "vendors.account_action.decided",
        "vendors.account_action.informed",
        "vendors.account_action.archived",
    ]
    assert AuditEvent.objects.filter(action="vendors.company.deactivated", target_id=str(company.pk)).count() == 1

    # Reactivation follows the same procedure; no LKPP reference is needed to let a vendor back in.
    again = to_proposed(report(company, kind="reactivate", by=verifier), lpse_head)
    accounts.account_action_decide(action=again, outcome="granted", note="Putusan dicabut.", by=lpse_head)
    company.refresh_from_db()
    vendor.refresh_from_db()
    assert company.status == Company.Status.ACTIVE and vendor.is_active
    assert list(
        FieldChange.objects.filter(company=company, field="status")
        .exclude(old_value="registering")
        .order_by("id")
        .values_list("new_value", flat=True)
    ) == ["deactivated", "active"]
    assert logs_in(client, vendor.username)


def test_a_suspended_vendor_cannot_log_in(client, organization, verifier, lpse_head):
    company = vendor_company(organization)
    action = to_proposed(report(company, by=verifier), lpse_head)
    accounts.account_action_decide(action=action, outcome="granted", note="Diskors 3 bulan.", by=lpse_head)
    company.refresh_from_db()
    assert company.status == Company.Status.SUSPENDED
    assert not logs_in(client, company.admin_user.username)


# --- order, permission, rules ------------------------------------------------------------------------------------
def _calls(head, staff):
    return {
        "examine": lambda a: accounts.account_action_examine(action=a, examination="x", by=head),
        "propose": lambda a: accounts.account_action_propose(action=a, proposal="x", by=head),
        "decide": lambda a: accounts.account_action_decide(action=a, outcome="declined", note="x", by=head),
        "inform": lambda a: accounts.account_action_inform(action=a, by=staff),
        "archive": lambda a: accounts.account_action_archive(action=a, by=staff),
    }


def test_every_stage_refuses_the_steps_out_of_order(organization, verifier, lpse_head):
    action = report(vendor_company(organization), by=verifier)
    calls = _calls(lpse_head, verifier)
    order = ["examine", "propose", "decide", "inform", "archive"]
    for position, step in enumerate(order):
        for other in order:
            if other == step:
                continue
            with pytest.raises(TransitionNotAllowed):
                calls[other](action)
            action.refresh_from_db()
            assert action.stage == [A.REPORTED, A.EXAMINED, A.PROPOSED, A.DECIDED, A.INFORMED][position]
        action = calls[step](action)
    assert action.stage == A.ARCHIVED
    with pytest.raises(TransitionNotAllowed):
        accounts.account_action_drop(action=action, reason="terlambat", by=lpse_head)


@pytest.mark.parametrize("persona", ["verifier", "helpdesk_agent", "system_admin", "outsider"])
def test_only_the_kepala_lpse_examines_proposes_and_decides(personas, organization, lpse_head, persona):
    user = personas[persona]
    action = report(vendor_company(organization), by=lpse_head)
    with pytest.raises(PermissionDenied):
        accounts.account_action_examine(action=action, examination="x", by=user)
    action = accounts.account_action_examine(action=action, examination="Diperiksa.", by=lpse_head)
    with pytest.raises(PermissionDenied):
        accounts.account_action_propose(action=action, proposal="x", by=user)
    action = accounts.account_action_propose(action=action, proposal="Diusulkan.", by=lpse_head)
    with pytest.raises(PermissionDenied):
        accounts.account_action_decide(action=action, outcome="granted", note="x", by=user)
    with pytest.raises(PermissionDenied):
        accounts.account_action_drop(action=action, reason="x", by=user)
    action.refresh_from_db()
    assert action.stage == A.PROPOSED and action.company.status == Company.Status.ACTIVE


@pytest.mark.parametrize("persona", ["vendor_admin", "registration_officer", "ppk", "outsider"])
def test_only_lpse_staff_report_an_account(personas, organization, persona):
    with pytest.raises(PermissionDenied):
        report(vendor_company(organization), by=personas[persona])
    assert not AccountAction.objects.exists()


def test_a_deactivation_is_granted_only_with_lkpp_reference(organization, verifier, lpse_head):
    company = vendor_company(organization)
    action = to_proposed(report(company, kind="deactivate", by=verifier), lpse_head)
    with pytest.raises(ValidationError) as error:
        accounts.account_action_decide(action=action, outcome="granted", note="Dinonaktifkan.", by=lpse_head)
    assert "LKPP" in error.value.message_dict["external_reference"][0]
    company.refresh_from_db()
    action.refresh_from_db()
    assert company.status == Company.Status.ACTIVE and action.stage == A.PROPOSED
    assert not FieldChange.objects.filter(company=company).exists()
    # Declining needs no reference.
    action = accounts.account_action_decide(action=action, outcome="declined", note="Bukti lemah.", by=lpse_head)
    assert action.outcome == "declined"


def test_a_decision_needs_an_outcome_and_its_reasons(organization, verifier, lpse_head):
    action = to_proposed(report(vendor_company(organization), by=verifier), lpse_head)
    with pytest.raises(ValidationError) as error:
        accounts.account_action_decide(action=action, outcome="maybe", note="x", by=lpse_head)
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        accounts.account_action_decide(action=action, outcome="granted", note="  ", by=lpse_head)
    assert "note" in error.value.message_dict


def test_examination_and_proposal_must_be_written_down(organization, verifier, lpse_head):
    action = report(vendor_company(organization), by=verifier)
    with pytest.raises(ValidationError) as error:
        accounts.account_action_examine(action=action, examination=" ", by=lpse_head)
    assert "examination" in error.value.message_dict
    action = accounts.account_action_examine(action=action, examination="Diperiksa.", by=lpse_head)
    with pytest.raises(ValidationError) as error:
        accounts.account_action_propose(action=action, proposal="", by=lpse_head)
    assert "proposal" in error.value.message_dict


def test_one_action_at_a_time_per_account(organization, verifier, lpse_head):
    company = vendor_company(organization)
    report(company, by=verifier)
    with pytest.raises(ValidationError) as error:
        report(company, kind="deactivate", by=lpse_head)
    assert "already in progress" in error.value.messages[0]
    assert AccountAction.objects.filter(company=company).count() == 1


@pytest.mark.parametrize(
    ("status", "kind", "expected"),
    [
        ("suspended", "suspend", "Only an active account can be suspended"),
        ("deactivated", "deactivate", "Only an active or suspended account can be deactivated"),
        ("active", "reactivate", "Only a suspended or deactivated account can be reactivated"),
    ],
)
def test_an_action_the_status_does_not_allow_is_refused(organization, verifier, status, kind, expected):
    company = vendor_company(organization)
    Company.objects.filter(pk=company.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        report(company, kind=kind, by=verifier)
    assert expected in error.value.message_dict["kind"][0]


def test_the_complaint_needs_a_basis_and_real_evidence(organization, verifier):
    company = vendor_company(organization)
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        accounts.account_action_report(company=company, kind="suspend", basis=" ", evidence=fake, by=verifier)
    assert set(error.value.message_dict) == {"basis", "evidence"}
    with pytest.raises(ValidationError) as error:
        accounts.account_action_report(company=company, kind="suspend", basis="Aduan", evidence=None, by=verifier)
    assert "evidence" in error.value.message_dict
    assert not AccountAction.objects.exists()


def test_a_dropped_action_keeps_its_reason_and_frees_the_account(organization, verifier, lpse_head):
    company = vendor_company(organization)
    action = report(company, by=verifier)
    with pytest.raises(ValidationError) as error:
        accounts.account_action_drop(action=action, reason="", by=lpse_head)
    assert "reason" in error.value.message_dict
    action = accounts.account_action_drop(action=action, reason="Pengadu mencabut aduan.", by=lpse_head)
    assert action.stage == A.DROPPED and action.decision_note == "Pengadu mencabut aduan."
    assert report(company, by=verifier).stage == A.REPORTED  # a new complaint can be recorded


def test_a_declined_suspension_leaves_the_account_and_tells_the_vendor(organization, verifier, lpse_head):
    company = vendor_company(organization)
    action = to_proposed(report(company, by=verifier), lpse_head)
    action = accounts.account_action_decide(action=action, outcome="declined", note="Tidak terbukti.", by=lpse_head)
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE and company.admin_user.is_active
    assert not FieldChange.objects.filter(company=company, field="status").exists()
    with committed():
        accounts.account_action_inform(action=action, by=verifier)
    run_background_tasks()
    assert mail.outbox and all("Tidak terbukti." in m.body for m in mail.outbox)


def test_reactivation_is_refused_when_another_account_took_the_npwp(organization, verifier, lpse_head):
    company = vendor_company(organization)
    Company.objects.filter(pk=company.pk).update(status=Company.Status.DEACTIVATED)
    vendor_company(organization, npwp=company.npwp)  # registered meanwhile with the same NPWP
    action = to_proposed(report(company, kind="reactivate", by=verifier), lpse_head)
    with pytest.raises(ValidationError) as error:
        accounts.account_action_decide(action=action, outcome="granted", note="Dipulihkan.", by=lpse_head)
    assert "NPWP or NIB" in error.value.messages[0]
    company.refresh_from_db()
    action.refresh_from_db()
    assert company.status == Company.Status.DEACTIVATED and action.stage == A.PROPOSED


def test_a_decision_on_an_account_that_moved_on_is_refused(organization, verifier, lpse_head):
    company = vendor_company(organization)
    action = to_proposed(report(company, kind="suspend", by=verifier), lpse_head)
    Company.objects.filter(pk=company.pk).update(status=Company.Status.DEACTIVATED)
    with pytest.raises(ValidationError) as error:
        accounts.account_action_decide(action=action, outcome="granted", note="Skors.", by=lpse_head)
    assert "Only an active account can be suspended" in error.value.messages[0]


def test_viewing_the_nik_is_logged_and_kept_to_identity_roles(organization, verifier, personas):
    company = vendor_company(organization)
    accounts.company_identity_viewed(company=company, by=verifier, purpose="verify")
    event = AuditEvent.objects.get(action="vendors.identity.viewed")
    assert event.actor == verifier and event.target_id == str(company.pk)
    for persona in ("helpdesk_agent", "registration_officer", "outsider"):
        with pytest.raises(PermissionDenied):
            accounts.company_identity_viewed(company=company, by=personas[persona], purpose="verify")


@pytest.mark.parametrize("kind", ["suspend", "deactivate", "reactivate"])
@pytest.mark.parametrize("outcome", ["granted", "declined"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_decision_has_its_mail_in_both_languages(organization, lpse_head, kind, outcome, language):
    from sopan.vendors import tasks

    company = vendor_company(organization, name='CV Tanda & Kutip "Sejati"')
    company.admin_user.language = language
    company.admin_user.save(update_fields=["language"])
    action = AccountAction.objects.create(
        organization=organization,
        company=company,
        kind=kind,
        stage=A.DECIDED,
        basis="Aduan",
        outcome=outcome,
        decision_note="Alasan <keputusan>.",
        external_reference="B-7/LKPP",
        reported_at=timezone.now(),
        reported_by=lpse_head,
        decided_at=timezone.now(),
        decided_by=lpse_head,
    )
    tasks.send_company_mail.call(company_id=company.pk, template=f"account_{kind}_{outcome}", action_id=action.pk)
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert company.name in message.subject  # plain text: no HTML escaping of "&" or quotes
    assert "Alasan <keputusan>." in message.body and "{%" not in message.body
