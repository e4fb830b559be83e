"""The programme's writes (SOP Pembinaan Pelaku Usaha): every transition by who holds it, with the SOP steps recorded
on the programme's case of `vendor_coaching`; each refusal with its Indonesian message; permissions; stale versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sopan.coaching import services
from sopan.coaching.models import Programme
from sopan.coaching.tests.factories import at, bind_coaching_sop, draft, head, id_, programme_until, team
from sopan.coaching.workflows import PROCEDURE
from sopan.core.models import AuditEvent
from sopan.procurement.tests.factories import person
from sopan.sop.api import ProcedureNotReady, case_for
from sopan.sop.models import Case, StepRecord
from sopan.vendors.tests.factories import pdf_upload

pytestmark = pytest.mark.django_db
S = Programme.Status


@pytest.fixture
def org(organization):
    bind_coaching_sop(organization)
    return organization


def _done_steps(programme) -> set[str]:
    case = case_for(programme, procedure=PROCEDURE)
    return set(StepRecord.objects.filter(case=case, status=StepRecord.Status.DONE).values_list("step_key", flat=True))


def _messages(error) -> list[str]:
    return error.value.messages


def test_the_coaching_team_drafts_and_proposes_steps_1_to_4_are_recorded(org):
    # Given a draft with its strategy (SOP step 3)
    programme = draft(org)
    assert programme.status == S.DRAFT and programme.version == 1
    assert AuditEvent.objects.filter(action="coaching.programme.created", target_id=str(programme.pk)).exists()
    # When the coaching team proposes it to the Kepala UKPBJ
    programme = services.programme_propose(programme=programme, by=team(org), seen_version=1)
    # Then it is proposed, and the case records the review meeting, the plan, the strategy and the proposal
    assert programme.status == S.PROPOSED and programme.version == 2
    assert _done_steps(programme) == {
        "rapat-review-perencanaan", "susun-perencanaan-pembinaan", "buat-strategi-pembinaan",
        "laporkan-usulan-pembinaan",
    }  # fmt: skip


def test_a_draft_without_strategy_cannot_be_proposed(org):
    programme = draft(org, strategy="")
    with pytest.raises(ValidationError) as error:
        services.programme_propose(programme=programme, by=team(org))
    assert _messages(error) == [id_("Write the coaching strategy before proposing the programme.")]
    programme.refresh_from_db()
    assert programme.status == S.DRAFT and case_for(programme, procedure=PROCEDURE) is None


def test_only_the_kepala_ukpbj_approves_and_with_a_direction(org):
    programme = programme_until(org, "proposed")
    with pytest.raises(PermissionDenied):
        services.programme_approve(programme=programme, direction="Laksanakan.", by=team(org))
    with pytest.raises(ValidationError) as error:
        services.programme_approve(programme=programme, direction="  ", by=head(org))
    assert error.value.message_dict == {"direction": [id_("Write your direction for the coaching team.")]}
    programme = services.programme_approve(programme=programme, direction="Laksanakan.", by=head(org))
    assert programme.status == S.APPROVED and programme.approved_by == head(org)
    assert "beri-arahan-tim-pembinaan" in _done_steps(programme)


def test_the_kepala_ukpbj_returns_a_proposal_with_a_note_and_it_can_be_changed_again(org):
    programme = programme_until(org, "proposed")
    with pytest.raises(ValidationError) as error:
        services.programme_return(programme=programme, note="", by=head(org))
    assert error.value.message_dict == {"note": [id_("Say what should be revised.")]}
    programme = services.programme_return(programme=programme, note="Lengkapi sasaran.", by=head(org))
    assert programme.status == S.DRAFT
    event = AuditEvent.objects.get(action="coaching.programme.returned")
    assert event.changes["note"] == "Lengkapi sasaran."
    programme = services.programme_update(programme=programme, by=team(org), seen_version=programme.version,
                                          title="Sosialisasi ulang", kind="training", audience="vendors",
                                          strategy="Baru", target_notes="Penyedia baru")  # fmt: skip
    assert programme.title == "Sosialisasi ulang" and programme.kind == "training"
    assert AuditEvent.objects.get(action="coaching.programme.updated").changes["title"] == [
        "Sosialisasi SPSE bagi Penyedia Baru", "Sosialisasi ulang",
    ]  # fmt: skip


def test_a_stale_version_is_refused_and_nothing_changes(org):
    programme = draft(org)
    services.programme_update(programme=programme, by=team(org), seen_version=1, title="Judul baru", kind="clinic",
                              audience="vendors", strategy="S", target_notes="")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.programme_propose(programme=programme, by=team(org), seen_version=1)
    assert error.value.code == "stale"
    programme.refresh_from_db()
    assert programme.status == S.DRAFT and programme.version == 2


def test_only_a_draft_is_changed(org):
    programme = programme_until(org, "proposed")
    with pytest.raises(ValidationError) as error:
        services.programme_update(programme=programme, by=team(org), title="X", kind="clinic", audience="vendors",
                                  strategy="S", target_notes="")  # fmt: skip
    assert _messages(error) == [id_("Only a draft programme can be changed.")]


def test_who_may_not_run_programmes_cannot_draft_one(org, outsider):
    refused = [person(org, u) for u in ("ppk", "verifikator", "penyedia.admin", "kepala.ukpbj")]
    refused.append(outsider)  # a Kepala LPSE, but of another organisation
    for user in refused:
        with pytest.raises(PermissionDenied):
            services.programme_create(organization=org, by=user, title="X", kind="clinic", audience="vendors",
                                      strategy="", target_notes="")  # fmt: skip
    assert not Programme.objects.exists()
    # the Kepala LPSE (the SOP's Kasubag LPSE) and the coaching team may
    assert draft(org).created_by == team(org)
    assert services.programme_create(organization=org, by=person(org, "kepala.lpse"), title="Y", kind="clinic",
                                     audience="vendors", strategy="", target_notes="").pk  # fmt: skip


def test_input_is_checked_with_messages_by_field(org):
    with pytest.raises(ValidationError) as error:
        services.programme_create(organization=org, by=team(org), title=" ", kind="party", audience="all",
                                  strategy="", target_notes="")  # fmt: skip
    assert error.value.message_dict == {
        "title": [id_("Give the programme a title.")],
        "kind": [id_("Choose a kind from the list.")],
        "audience": [id_("Choose an audience from the list.")],
    }


def test_without_an_sop_bound_proposing_is_refused_and_nothing_is_saved(organization):
    programme = draft(organization)
    with pytest.raises(ProcedureNotReady):
        services.programme_propose(programme=programme, by=team(organization))
    programme.refresh_from_db()
    assert programme.status == S.DRAFT
    assert not AuditEvent.objects.filter(action="coaching.programme.proposed").exists()


def test_sending_needs_a_session_and_invitees(org):
    programme = programme_until(org, "approved")
    with pytest.raises(ValidationError) as error:
        services.programme_send_invitations(programme=programme, by=team(org))
    assert _messages(error) == [id_("Schedule at least one session before sending the invitations.")]
    services.session_add(programme=programme, starts_at=at(3, 9), ends_at=at(3, 11), place="Aula", by=team(org))
    with pytest.raises(ValidationError) as error:
        services.programme_send_invitations(programme=programme, by=team(org))
    assert _messages(error) == [id_("Choose the invitees before sending the invitations.")]


def test_the_programme_runs_to_its_report_and_the_case_completes(org):
    # Given invitations sent to new vendors and one checked in
    programme = programme_until(org, "attended")
    assert programme.status == S.INVITED
    assert "susun-jadwal-undangan" in _done_steps(programme)
    # When it is held then reported
    programme = services.programme_hold(programme=programme, by=team(org))
    assert {"lakukan-sosialisasi", "bina-pelaku-usaha-baru"} <= _done_steps(programme)
    assert "bina-pelaku-usaha-pasif" not in _done_steps(programme)
    with pytest.raises(ValidationError) as error:
        services.programme_report(programme=programme, report="", by=team(org))
    assert error.value.message_dict == {"report": [id_("Write the report of the results.")]}
    programme = services.programme_report(programme=programme, report="Semua hadir paham.", by=team(org))
    # Then the report is kept and the case is complete (step 8, the end)
    assert programme.status == S.REPORTED and programme.reported_by == team(org)
    assert "laporkan-hasil-pembinaan" in _done_steps(programme)
    assert case_for(programme, procedure=PROCEDURE).status == Case.Status.COMPLETED


def test_holding_needs_an_attendance(org):
    programme = programme_until(org, "invited")
    with pytest.raises(ValidationError) as error:
        services.programme_hold(programme=programme, by=team(org))
    assert _messages(error) == [
        id_("No one has checked in yet: record the attendance before marking the programme held.")
    ]


def test_a_cancelled_programme_ends_its_case(org):
    programme = programme_until(org, "approved")
    programme = services.programme_cancel(programme=programme, note="Anggaran dialihkan.", by=team(org))
    assert programme.status == S.CANCELLED
    assert case_for(programme, procedure=PROCEDURE).status == Case.Status.CANCELLED
    with pytest.raises(ValidationError) as error:
        services.programme_propose(programme=programme, by=team(org))
    assert _messages(error) == [id_("This cannot be done now: the status is %(status)s.", status=id_("Cancelled"))]


# --- the schedule and the materials ------------------------------------------------------------------------------
def test_a_session_ends_after_it_starts_and_has_a_place_or_link(org):
    programme = draft(org)
    with pytest.raises(ValidationError) as error:
        services.session_add(programme=programme, starts_at=at(2, 10), ends_at=at(2, 9), by=team(org))
    assert error.value.message_dict == {
        "ends_at": [id_("The session must end after it starts.")],
        "place": [id_("Give the place or the online link.")],
    }
    session = services.session_add(programme=programme, starts_at=at(2, 9), ends_at=at(2, 10),
                                   online_link="https://zoom.example/j/1", by=team(org))  # fmt: skip
    assert session.online_link == "https://zoom.example/j/1"
    services.session_remove(session=session, by=team(org))
    assert not programme.sessions.exists()
    assert AuditEvent.objects.filter(action="coaching.session.removed").count() == 1


def test_the_schedule_of_a_held_programme_does_not_change(org):
    programme = programme_until(org, "held")
    with pytest.raises(ValidationError) as error:
        services.session_add(programme=programme, starts_at=at(2, 9), ends_at=at(2, 10), place="Aula", by=team(org))
    assert _messages(error) == [id_("The schedule of a programme held or closed cannot change.")]
    with pytest.raises(ValidationError) as error:
        services.session_remove(session=programme.sessions.first(), by=team(org))
    assert _messages(error) == [id_("The invitations are sent: a session can no longer be removed.")]


def test_a_material_is_checked_by_its_content_and_stored_on_commit(org, django_capture_on_commit_callbacks, settings,
                                                                     tmp_path):  # fmt: skip
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    programme = draft(org)
    fake = SimpleUploadedFile("materi.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        services.material_add(programme=programme, title="Materi", upload=fake, by=team(org))
    assert list(error.value.message_dict) == ["file"]
    with django_capture_on_commit_callbacks(execute=True):
        material = services.material_add(programme=programme, title="Materi SPSE",
                                         upload=pdf_upload("materi.pdf"), by=team(org))  # fmt: skip
    assert material.content_type == "application/pdf"
    assert (tmp_path / material.file.name).read_bytes()[:5] == b"%PDF-"
