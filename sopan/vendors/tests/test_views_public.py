"""The vendor's side of registration as applicants use it (issue 4 §1): the sign-up per organisation without
enumeration, the mailed link (unknown, used, expired), the online form with precise field errors, the status page,
documents, appointment and printable forms, and the mails the services send."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import altcha
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from sopan.accounts.models import OrgUnit, User
from sopan.core import antibot
from sopan.core.mail import send_templated
from sopan.core.models import AuditEvent
from sopan.core.templatetags.sopan import local_datetime
from sopan.core.testing import login, run_background_tasks
from sopan.vendors import identifiers
from sopan.vendors.models import (
    ApplicantKind,
    Company,
    Document,
    EmailConfirmation,
    Registration,
)
from sopan.vendors.registration import services
from sopan.vendors.selectors import requirements_for
from sopan.vendors.tests import factories
from sopan.vendors.tests.factories import committed

pytestmark = pytest.mark.django_db
S = Registration.Status
PASSWORD = "Rahasia-Sekali-2026"


@pytest.fixture(autouse=True)
def _public_settings(settings, tmp_path):
    settings.ANTIBOT_ENABLED = False  # one test below solves a real challenge
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def english(client):
    """Anonymous pages in English (the applicant's own pages follow the language saved on the account)."""
    client.cookies["sopan_language"] = "en"
    return client


def _applicant(organization, *, language: str = "en") -> Registration:
    with committed():
        registration = factories.submitted_registration(organization)
    User.objects.filter(pk=registration.user_id).update(language=language)
    registration.user.refresh_from_db()
    return registration


def _link_from(message) -> str:
    """The path of the confirmation link in a mail (the site's address in front of it removed)."""
    url = next(word for word in message.body.split() if "/daftar/formulir/" in word)
    return re.sub(r"^https?://[^/]+", "", url)


def _mailed_link(client, organization, email: str, kind: str = ApplicantKind.VENDOR) -> str:
    with committed():
        client.post(
            reverse("vendors:signup", kwargs={"org": organization.slug}), {"email": email, "applicant_kind": kind}
        )
    run_background_tasks()
    return _link_from(mail.outbox[-1])


def _vendor_form(**overrides) -> dict:
    data = {
        "name": "CV Maju Bersama",
        "legal_form": "cv",
        "npwp": "01.234.567.4-505.000",
        "nib": "9120100012345",
        "kbli": "41011, 43211",
        "address": "Jl. Diponegoro No. 10",
        "province": "33",
        "regency": "Kota Salatiga",
        "postal_code": "50711",
        "phone": "0298 321000",
        "email": "",
        "admin_name": "Slamet Riyadi",
        "admin_nik": factories.valid_nik(7),
        "admin_position": "Direktur",
        "admin_phone": "0812 3456 7890",
        "username": "majubersama",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(overrides)
    return data


def _solved_payload() -> str:
    """What the widget posts, solved in Python the way the browser does (see sopan/core/tests/test_antibot.py)."""
    challenge = altcha.Challenge.from_dict(antibot.challenge_json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


# --- the sign-up -------------------------------------------------------------------------------------------------
def test_the_portal_lists_only_organisations_whose_registration_procedure_is_ready(
    client, registration_setup, other_organization
):
    response = client.get(reverse("vendors:signup-choose"))
    assert response.status_code == 200
    assert [o.slug for o in response.context["organizations"]] == [registration_setup.slug]
    assert reverse("vendors:signup", kwargs={"org": registration_setup.slug}) in response.content.decode()


def test_an_organisation_without_the_procedure_says_registration_is_not_open(english, organization):
    response = english.get(reverse("vendors:signup", kwargs={"org": organization.slug}))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="not-ready"' in page and "is not open yet" in page
    assert 'id="signup-form"' not in page
    response = english.post(reverse("vendors:signup", kwargs={"org": organization.slug}), {"email": "a@b.co.id"})
    assert 'id="not-ready"' in response.content.decode()
    assert not EmailConfirmation.objects.exists()


def test_an_unknown_organisation_is_404(client, registration_setup):
    assert client.get(reverse("vendors:signup", kwargs={"org": "tidak-ada"})).status_code == 404


def test_signup_answers_the_same_for_a_new_and_an_existing_address_and_mails_differently(
    english, registration_setup, vendor_admin
):
    url = reverse("vendors:signup", kwargs={"org": registration_setup.slug})
    pages = []
    for email in ("baru@majubersama.co.id", vendor_admin.email):
        with committed():
            response = english.post(url, {"email": email, "applicant_kind": "vendor"})
        assert response.status_code == 200
        assert response.templates[0].name == "vendors/public/signup_sent.html"
        page = response.content.decode().replace(email, "EMAIL")
        pages.append(re.sub(r'csrfmiddlewaretoken" value="[^"]+"|X-CSRFToken": "[^"]+"', "", page))
    assert pages[0] == pages[1]
    assert EmailConfirmation.objects.count() == 2  # a link is made either way: timing does not tell either

    run_background_tasks()
    new, existing = sorted(mail.outbox, key=lambda m: m.to[0] != "baru@majubersama.co.id")
    assert new.to == ["baru@majubersama.co.id"] and "/daftar/formulir/" in new.body
    assert existing.to == [vendor_admin.email] and "/daftar/formulir/" not in existing.body
    assert reverse("accounts:login") in existing.body and reverse("accounts:password-reset") in existing.body


def test_signup_with_an_invalid_address_shows_the_field_error(english, registration_setup):
    url = reverse("vendors:signup", kwargs={"org": registration_setup.slug})
    response = english.post(url, {"email": "bukan-alamat", "applicant_kind": "vendor"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert not EmailConfirmation.objects.exists()


def test_signup_without_the_proof_of_work_is_refused(english, registration_setup, settings):
    settings.ANTIBOT_ENABLED = True
    url = reverse("vendors:signup", kwargs={"org": registration_setup.slug})
    response = english.post(url, {"email": "baru@majubersama.co.id", "applicant_kind": "vendor"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["altcha"]] == ["antibot_missing"]
    assert "altcha-widget" in response.content.decode()
    assert not EmailConfirmation.objects.exists()


def test_signup_with_a_solved_challenge_is_accepted_once(english, registration_setup, settings):
    settings.ANTIBOT_ENABLED = True
    url = reverse("vendors:signup", kwargs={"org": registration_setup.slug})
    payload = _solved_payload()
    data = {"email": "baru@majubersama.co.id", "applicant_kind": "vendor", "altcha": payload}
    response = english.post(url, data)
    assert 'id="signup-sent"' in response.content.decode()
    assert EmailConfirmation.objects.count() == 1
    replayed = english.post(url, data)
    assert [e.code for e in replayed.context["form"].errors.as_data()["altcha"]] == ["antibot_replayed"]
    assert EmailConfirmation.objects.count() == 1


def test_signup_is_rate_limited_per_address(client, registration_setup):
    url = reverse("vendors:signup", kwargs={"org": registration_setup.slug})
    for _ in range(10):
        assert client.post(url, {"email": "", "applicant_kind": "vendor"}).status_code == 200
    response = client.post(url, {"email": "baru@majubersama.co.id", "applicant_kind": "vendor"})
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert not EmailConfirmation.objects.exists()
    assert client.get(url).status_code == 200  # looking at the form stays free


# --- the link --------------------------------------------------------------------------------------------------
def test_an_unknown_link_says_so_and_offers_to_start_again(english, registration_setup):
    response = english.get(reverse("vendors:signup-form", kwargs={"token": "tidak-ada"}))
    page = response.content.decode()
    assert response.status_code == 404 and 'data-code="unknown"' in page and "not valid" in page
    assert reverse("vendors:signup-choose") in page


def test_a_used_link_says_so_and_offers_a_new_one_for_the_same_organisation(english, registration_setup):
    link = _mailed_link(english, registration_setup, "baru@majubersama.co.id")
    assert english.post(link, _vendor_form()).status_code == 302
    response = english.get(link)
    page = response.content.decode()
    assert response.status_code == 410 and 'data-code="used"' in page and "already been used" in page
    assert f'action="{reverse("vendors:signup", kwargs={"org": registration_setup.slug})}"' in page
    # Sending the form again through the used link creates nothing more.
    assert english.post(link, _vendor_form(username="lain")).status_code == 410
    assert Registration.objects.count() == 1


def test_an_expired_link_says_when_it_expired_and_offers_a_new_one(english, registration_setup):
    link = _mailed_link(english, registration_setup, "baru@majubersama.co.id", kind=ApplicantKind.NON_VENDOR)
    with freeze_time(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        response = english.get(link)
    page = response.content.decode()
    assert response.status_code == 410 and 'data-code="expired"' in page and "links are valid for 24 hours" in page
    assert response.context["form"].initial == {"applicant_kind": ApplicantKind.NON_VENDOR}


# --- the online form -------------------------------------------------------------------------------------------
def test_a_bad_nik_and_npwp_are_told_at_their_fields_and_nothing_is_created(english, registration_setup):
    link = _mailed_link(english, registration_setup, "baru@majubersama.co.id")
    data = _vendor_form(admin_nik="3373011708850", npwp="01.234.567.9-505.000", kbli="41011, 4321")
    response = english.post(link, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    with translation.override("en"):
        for field, check, value in (
            ("admin_nik", identifiers.validate_nik, data["admin_nik"]),
            ("npwp", identifiers.validate_npwp, data["npwp"]),
            ("kbli", identifiers.validate_kbli, "4321"),
        ):
            with pytest.raises(ValidationError) as expected:
                check(value)
            assert errors[field] == expected.value.messages
    page = response.content.decode()
    assert 'id="id_admin_nik_error"' in page and 'id="id_npwp_error"' in page
    assert not Registration.objects.exists() and not Company.objects.exists()
    assert not User.objects.filter(username="majubersama").exists()
    assert EmailConfirmation.objects.get().used_at is None  # the link still works


def test_different_passwords_and_a_weak_password_are_told_at_their_fields(english, registration_setup):
    link = _mailed_link(english, registration_setup, "baru@majubersama.co.id")
    response = english.post(link, _vendor_form(password_again="Lain-Sekali-2026"))
    assert response.context["form"].errors["password_again"] == ["The two passwords are not the same."]
    response = english.post(link, _vendor_form(password="pendek", password_again="pendek"))
    assert response.status_code == 200 and response.context["form"].errors["password"]
    assert not Registration.objects.exists()


def test_a_taken_user_id_is_told_at_its_field(english, registration_setup, vendor_admin):
    link = _mailed_link(english, registration_setup, "baru@majubersama.co.id")
    response = english.post(link, _vendor_form(username=vendor_admin.username))
    assert response.context["form"].errors["username"] == [f"The user ID {vendor_admin.username} is already taken."]
    assert not Registration.objects.exists()


def test_a_non_vendor_user_registers_with_unit_role_and_letter(english, registration_setup):
    link = _mailed_link(english, registration_setup, "ppk.baru@salatiga.go.id", kind=ApplicantKind.NON_VENDOR)
    page = english.get(link).content.decode()
    unit = OrgUnit.objects.get(organization=registration_setup, code="DPUPR")
    assert "Commitment officer (PPK)" in page and unit.name in page
    assert 'name="npwp"' not in page
    with committed():
        response = english.post(
            link,
            {
                "person_name": "Teguh Prakoso, S.T.",
                "person_nik": factories.valid_nik(11),
                "person_position": "Kepala Seksi",
                "person_phone": "081234567890",
                "unit": unit.pk,
                "requested_role": "commitment_officer",
                "letter_number": "800/123/DPUPR/2026",
                "username": "teguh.ppk",
                "password": PASSWORD,
                "password_again": PASSWORD,
            },
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.applicant_kind, registration.unit, registration.requested_role) == (
        ApplicantKind.NON_VENDOR,
        unit,
        "commitment_officer",
    )
    assert registration.letter_number == "800/123/DPUPR/2026" and registration.company is None
    assert registration.user.language == "en"  # the language the applicant used


def test_submitting_the_online_form_costs_the_same_queries_after_3_or_30_applications(
    english, registration_setup, django_assert_num_queries
):
    def form_for(n: int) -> tuple[str, dict]:
        link = _mailed_link(english, registration_setup, f"admin@usaha{n}.co.id")
        data = _vendor_form(
            npwp=factories.valid_npwp(800 + n),
            nib=f"91201{800 + n:08d}",
            admin_nik=factories.valid_nik(800 + n),
            username=f"usaha{n}",
        )
        return link, data

    def submit(link: str, data: dict) -> None:
        response = english.post(link, data)
        assert response.status_code == 302, response.content.decode()[:500]
        english.logout()  # the next applicant comes from another browser

    # Given an organisation with 3 applications in (the first one, submitted here, warms the per-process caches)
    submit(*form_for(0))
    for _ in range(2):
        factories.submitted_registration(registration_setup)
    link, data = form_for(1)
    with CaptureQueriesContext(connection) as captured:
        submit(link, data)
    few = len(captured)  # now: the next request empties the log the capture reads from
    # When 27 more applications come in
    for _ in range(27):
        factories.submitted_registration(registration_setup)

    # Then the next submission costs what the 4th did
    link, data = form_for(2)
    with django_assert_num_queries(few):
        submit(link, data)
    assert Registration.objects.filter(organization=registration_setup).count() == 32


# --- the journey -----------------------------------------------------------------------------------------------
def test_journey_sign_up_link_form_documents_appointment_and_send_for_verification(
    english, registration_setup, django_assert_max_num_queries
):
    client = english
    # Sign up: the link comes by mail.
    link = _mailed_link(client, registration_setup, "admin@majubersama.co.id")
    assert client.get(link).status_code == 200

    # The online form: logged in, the user ID mailed.
    with committed():
        response = client.post(link, _vendor_form())
    assert response.status_code == 302 and response["Location"] == reverse("vendors:registration-status")
    registration = Registration.objects.select_related("company", "user").get()
    assert registration.status == S.SUBMITTED and registration.company.npwp == "012345674505000"
    assert registration.company.kbli == ["41011", "43211"] and registration.company.email == "admin@majubersama.co.id"
    assert registration.user.username == "majubersama" and registration.user.check_password(PASSWORD)
    run_background_tasks()
    submitted = mail.outbox[-1]
    assert submitted.to == ["admin@majubersama.co.id"]
    assert "majubersama" in submitted.body and registration.number in submitted.subject

    status = client.get(reverse("vendors:registration-status"))
    page = status.content.decode()
    assert 'data-status="submitted"' in page and "majubersama" in page
    assert [s["state"] for s in status.context["stages"]] == ["done", "current", "todo", "todo", "todo", "todo"]
    assert reverse("vendors:form-print", kwargs={"code": "formulir-pendaftaran"}) in page
    assert 'id="prepare"' in page

    # Sending it now is refused: documents are missing.
    response = client.post(reverse("vendors:registration-prepare"), follow=True)
    assert "These documents are still missing" in response.content.decode()

    # Upload every required document.
    for requirement in requirements_for(registration):
        if requirement.is_required:
            with committed():
                response = client.post(
                    reverse("vendors:documents"),
                    {"requirement": requirement.pk, "file": factories.pdf_upload(f"{requirement.code}.pdf")},
                )
            assert response.status_code == 302, response.content.decode()[:500]
    with django_assert_max_num_queries(14):
        page = client.get(reverse("vendors:documents")).content.decode()
    assert page.count('data-state="pending"') == sum(r.is_required for r in requirements_for(registration))

    # Book a slot.
    slot = factories.slot(registration_setup)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("vendors:appointment")).content.decode()
    assert f'data-slot="{slot.pk}"' in page
    assert client.post(reverse("vendors:appointment"), {"slot": slot.pk}).status_code == 302
    registration.refresh_from_db()
    assert registration.slot == slot

    # Send for verification: ready, with the appointment mailed.
    with committed():
        response = client.post(reverse("vendors:registration-prepare"))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.READY
    run_background_tasks()
    assert registration.number in mail.outbox[-1].subject and "What to bring" in mail.outbox[-1].body
    status = client.get(reverse("vendors:registration-status"))
    assert [s["state"] for s in status.context["stages"]] == ["done", "done", "done", "current", "todo", "todo"]


# --- documents -------------------------------------------------------------------------------------------------
def test_a_zip_renamed_pdf_is_refused_with_the_content_error_at_its_row(registration_setup, client):
    registration = _applicant(registration_setup)
    login(client, registration.user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("isi.txt", "bukan pdf")
    requirement = factories.requirement(registration_setup, "npwp")
    upload = SimpleUploadedFile("npwp.pdf", buffer.getvalue(), content_type="application/pdf")
    response = client.post(reverse("vendors:documents"), {"requirement": requirement.pk, "file": upload})
    assert response.status_code == 400
    row = next(r for r in response.context["rows"] if r["requirement"] == requirement)
    assert row["form"].errors["file"] == ["This file is a ZIP archive, not PDF, JPG or PNG."]
    page = response.content.decode()
    assert f'id="id_doc{requirement.pk}_file_error"' in page and "ZIP archive" in page
    assert not Document.objects.exists()


def test_an_htmx_upload_answers_with_its_row_only(registration_setup, client):
    registration = _applicant(registration_setup)
    login(client, registration.user)
    requirement = factories.requirement(registration_setup, "nib")
    with committed():
        response = client.post(
            reverse("vendors:documents"),
            {"requirement": requirement.pk, "file": factories.pdf_upload("nib.pdf")},
            headers={"HX-Request": "true"},
        )
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith(
        f'<div class="card mb-3" id="doc-row-{requirement.pk}"'
    )
    assert 'data-state="pending"' in page and "<html" not in page
    assert Document.objects.get().requirement == requirement


def test_a_document_of_another_applications_checklist_is_404(registration_setup, client):
    registration = _applicant(registration_setup)
    login(client, registration.user)
    other_kind = factories.requirement(registration_setup, "surat-tugas", kind=ApplicantKind.NON_VENDOR)
    response = client.post(reverse("vendors:documents"), {"requirement": other_kind.pk, "file": factories.pdf_upload()})
    assert response.status_code == 404 and not Document.objects.exists()


def test_the_applicant_downloads_their_own_file_and_a_view_of_the_ktp_is_logged(registration_setup, client):
    registration = _applicant(registration_setup)
    with committed():
        factories.upload_all(registration)
    login(client, registration.user)
    ktp = Document.objects.get(registration=registration, requirement__code="ktp")
    response = client.get(reverse("vendors:document-file", kwargs={"pk": ktp.pk}))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    viewed = AuditEvent.objects.filter(action="vendors.identity.viewed")
    assert viewed.count() == 1 and viewed.get().changes["document"] == "ktp"
    npwp = Document.objects.get(registration=registration, requirement__code="npwp")
    assert client.get(reverse("vendors:document-file", kwargs={"pk": npwp.pk})).status_code == 200
    assert viewed.count() == 1  # only identity documents are logged


def test_another_applicant_gets_404_for_someone_elses_document(registration_setup, client):
    owner = _applicant(registration_setup)
    with committed():
        factories.upload_all(owner)
    document = owner.documents.first()
    other = _applicant(registration_setup)
    login(client, other.user)
    assert client.get(reverse("vendors:document-file", kwargs={"pk": document.pk})).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["vendors:registration-status", "vendors:documents", "vendors:appointment"],
)
def test_anonymous_is_sent_to_login_from_the_applicants_pages(client, registration_setup, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_user_without_an_application_gets_404(client, vendor_admin):
    login(client, vendor_admin)
    for name in ("vendors:registration-status", "vendors:documents", "vendors:appointment"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("vendors:form-print", kwargs={"code": "formulir-pendaftaran"})).status_code == 404


# --- forms, appointment, completion, decision ------------------------------------------------------------------
def test_each_form_prints_as_a_pdf_attachment(registration_setup, client):
    registration = _applicant(registration_setup)
    login(client, registration.user)
    response = client.get(reverse("vendors:form-print", kwargs={"code": "surat-kuasa"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="surat-kuasa-{registration.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("vendors:form-print", kwargs={"code": "tidak-ada"})).status_code == 404
    assert client.get(reverse("vendors:form-print", kwargs={"code": "tanda-terima-berkas"})).status_code == 404


def test_the_receipt_downloads_once_the_file_is_received(registration_setup, client, registration_officer):
    registration = factories.ready_registration(registration_setup)
    login(client, registration.user)
    assert client.get(reverse("vendors:receipt")).status_code == 404  # not received yet
    with factories.committed():
        services.registration_receive(registration=registration, brought_by="Slamet", by=registration_officer)
    response = client.get(reverse("vendors:receipt"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"TT-{registration.number}" in text


def test_a_full_slot_is_not_offered_and_booking_it_is_refused(registration_setup, client):
    full = factories.slot(registration_setup, capacity=1)
    taken = _applicant(registration_setup)
    services.slot_book(registration=taken, slot=full, by=taken.user)
    free = factories.slot(registration_setup, days=4)
    registration = _applicant(registration_setup)
    login(client, registration.user)
    page = client.get(reverse("vendors:appointment")).content.decode()
    assert f'data-slot="{free.pk}"' in page and f'data-slot="{full.pk}"' not in page
    response = client.post(reverse("vendors:appointment"), {"slot": full.pk})
    assert response.status_code == 400 and "This appointment is full" in response.content.decode()
    registration.refresh_from_db()
    assert registration.slot is None


def test_completion_requested_shows_the_items_and_the_vendor_sends_the_completion(
    registration_setup, client, registration_officer, verifier
):
    with committed():
        registration = factories.in_verification(registration_setup, registration_officer, verifier)
    User.objects.filter(pk=registration.user_id).update(language="en")
    npwp = registration.documents.get(requirement__code="npwp", is_current=True)
    services.document_check(document=npwp, verdict="mismatch", note="NPWP tidak terbaca", by=verifier)
    services.registration_request_completion(registration=registration, note="Mohon unggah ulang.", by=verifier)

    login(client, registration.user)
    page = client.get(reverse("vendors:registration-status")).content.decode()
    assert 'data-status="completion_requested"' in page and 'id="resubmit"' in page
    assert "NPWP tidak terbaca" in page and "Mohon unggah ulang." in page and 'data-code="npwp"' in page
    documents = client.get(reverse("vendors:documents")).content.decode()
    assert 'data-state="mismatch"' in documents and "NPWP tidak terbaca" in documents

    # Sending back before replacing the flagged document is refused, with the reason.
    response = client.post(reverse("vendors:registration-resubmit"), follow=True)
    assert "Replace these documents first" in response.content.decode()
    with committed():
        client.post(reverse("vendors:documents"), {"requirement": npwp.requirement_id, "file": factories.pdf_upload()})
    with committed():
        assert client.post(reverse("vendors:registration-resubmit")).status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.IN_VERIFICATION


def test_a_rejection_shows_its_reason_and_note(registration_setup, client, registration_officer, verifier):
    with committed():
        registration = factories.in_verification(registration_setup, registration_officer, verifier)
    User.objects.filter(pk=registration.user_id).update(language="en")
    with committed():
        services.registration_reject(
            registration=registration, reason="blacklisted", note="SK Daftar Hitam 12/2026", by=verifier
        )
    login(client, registration.user)
    response = client.get(reverse("vendors:registration-status"))
    page = response.content.decode()
    assert 'data-status="rejected"' in page and "On the blacklist (Daftar Hitam)" in page
    assert "SK Daftar Hitam 12/2026" in page and 'id="prepare"' not in page
    assert [s["state"] for s in response.context["stages"]] == ["done"] * 6


def test_the_status_page_uses_a_bounded_number_of_queries(registration_setup, client, django_assert_max_num_queries):
    registration = _applicant(registration_setup)
    with committed():
        factories.upload_all(registration, required_only=False)
    login(client, registration.user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("vendors:registration-status")).status_code == 200


# --- mails -----------------------------------------------------------------------------------------------------
@pytest.fixture
def mail_registration(registration_setup, registration_officer, verifier):
    """A received registration, dressed in memory with what each mail shows."""
    with committed():
        registration = factories.received_registration(registration_setup, registration_officer)
    registration = Registration.objects.select_related("organization", "company", "user", "slot").get(
        pk=registration.pk
    )
    registration.completion_items = [
        {"code": "npwp", "label": "NPWP perusahaan", "problem": "mismatch", "note": "Nomor berbeda"},
        {"code": "nib", "label": "NIB / izin usaha", "problem": "missing", "note": ""},
    ]
    registration.completion_note = "Lengkapi sebelum 30 hari."
    registration.rejection_reason = "not_matching"
    registration.decision_note = "Akta tidak sesuai & NPWP berbeda"
    registration.company.name = "CV O'Brien & Putra"
    return registration


# template: (part of the English subject, English content, content in every language: data and links)
MAILS = {
    "submitted": (
        "your user ID",
        ["Your user ID: {username}", "Next steps"],
        ["{username}", "CV O'Brien & Putra", "/daftar/status/"],
    ),
    "ready": ("your verification appointment", ["What to bring", "Surat Kuasa"], [" WIB", "/daftar/status/"]),
    "received": ("file received (receipt TT-{number})", ["Receipt number"], ["TT-{number}", "Slamet Riyadi"]),
    "completion_requested": (
        "please complete your file",
        ["NPWP perusahaan: does not match the data entered (Nomor berbeda)", "NIB / izin usaha: not uploaded"],
        ["NPWP perusahaan", "Nomor berbeda", "NIB / izin usaha", "Lengkapi sebelum 30 hari.", "/daftar/status/"],
    ),
    "resubmitted": ("completion received", ["back with the verifier"], ["{number}", "/daftar/status/"]),
    "approved": ("approved: your account is active", ["Your account is active"], ["{username}", "/akun/masuk/"]),
    "rejected": (
        "application rejected",
        ["Reason: Documents do not match the data entered"],
        ["Akta tidak sesuai & NPWP berbeda", "/daftar/status/"],
    ),
    "expired": ("expired", ["not verified within the time limit"], ["{number}", "/daftar/salatiga/"]),
}


@pytest.mark.parametrize("template", sorted(MAILS))
def test_each_registration_mail_renders_in_english_and_indonesian(mail_registration, template):
    registration = mail_registration
    values = {"number": registration.number, "username": registration.user.username}
    subject_part, english_parts, data_parts = MAILS[template]
    context = {"registration": registration, "organization": registration.organization, "user": registration.user}
    for language in ("en", "id"):
        send_templated(to="x@example.com", template=f"vendors/mail/{template}", context=context, language=language)
    english, indonesian = mail.outbox
    assert english.subject.startswith(f"Registration {registration.number}")
    assert subject_part.format(**values) in english.subject
    for part in english_parts:
        assert part.format(**values) in english.body
    assert registration.number in indonesian.subject
    for message in (english, indonesian):
        for part in data_parts:
            assert part.format(**values) in message.body
        assert "&amp;" not in message.body and "&#x27;" not in message.body  # plain text is not HTML-escaped
        assert "{%" not in message.body and "{{" not in message.body


def test_the_ready_mail_names_the_appointment(mail_registration):
    registration = mail_registration
    context = {"registration": registration, "organization": registration.organization, "user": registration.user}
    send_templated(to="x@example.com", template="vendors/mail/ready", context=context, language="en")
    with translation.override("en"), timezone.override(registration.organization.timezone):
        when = local_datetime(registration.slot.starts_at)
    assert when.endswith(" WIB")
    assert f"Appointment: {when} (At the LPSE office)" in mail.outbox[0].body


@pytest.mark.parametrize("existing", [False, True])
def test_the_signup_mails_render_in_english_and_indonesian(registration_setup, existing):
    confirmation = services.signup_request(organization=registration_setup, email="o'brien@majubersama.co.id")
    context = {"confirmation": confirmation, "organization": registration_setup, "path": "/daftar/formulir/abc/"}
    template = "vendors/mail/signup_existing" if existing else "vendors/mail/signup_link"
    for language in ("en", "id"):
        send_templated(to=confirmation.email, template=template, context=context, language=language)
    english, indonesian = mail.outbox
    assert registration_setup.name in english.subject and registration_setup.name in indonesian.subject
    if existing:
        assert "already" in english.subject and "/daftar/formulir/" not in english.body
        for message in (english, indonesian):
            assert "/akun/masuk/" in message.body and "/akun/lupa-kata-sandi/" in message.body
    else:
        assert "registration link" in english.subject and "valid until" in english.body
        for message in (english, indonesian):
            assert "/daftar/formulir/abc/" in message.body
            assert " WIB" in message.body


# --- the status page follows what the applicant did (issue 14 §6) ----------------------------------------------
def _badge(page: str) -> str:
    return page.split('id="registration-status"')[1].split("</span>")[0]


def test_the_send_button_is_disabled_with_its_reasons_until_documents_and_appointment_and_the_badge_follows(
    registration_setup, client
):
    """Steps 2-6: the file is sent once every required document is uploaded and an appointment booked."""
    registration = _applicant(registration_setup)
    login(client, registration.user)
    page = client.get(reverse("vendors:registration-status")).content.decode()
    button = page.split('id="prepare"')[1].split(">")[0]
    assert " disabled" in button
    blockers = page.split('id="prepare-blockers"')[1].split("</ul>")[0]
    assert "Upload the required documents" in blockers and "Choose a verification appointment." in blockers
    assert 'data-progress="documents"' in _badge(page)
    # The server refuses as well
    client.post(reverse("vendors:registration-prepare"))
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED

    with committed():
        factories.upload_all(registration)
    page = client.get(reverse("vendors:registration-status")).content.decode()
    badge = _badge(page)
    assert 'data-progress="appointment"' in badge and "Documents uploaded: choose an appointment" in badge
    blockers = page.split('id="prepare-blockers"')[1].split("</ul>")[0]
    assert "Upload the required documents" not in blockers and "Choose a verification appointment." in blockers

    # When the appointment is booked, the badge says so at once and the button is active
    slot = factories.slot(registration_setup)
    response = client.post(reverse("vendors:appointment"), {"slot": slot.pk}, follow=True)
    page = response.content.decode()
    assert 'data-progress="sendable"' in _badge(page) and "send the file for verification" in _badge(page)
    assert page.count('data-done="true"') == 2  # the documents and the appointment, ticked in "What to do next"
    assert " disabled" not in page.split('id="prepare"')[1].split(">")[0] and 'id="prepare-blockers"' not in page


def test_an_htmx_upload_of_the_last_document_updates_the_badge_out_of_band(registration_setup, client):
    registration = _applicant(registration_setup)
    last = [r for r in requirements_for(registration) if r.is_required][-1]
    with committed():
        for requirement in requirements_for(registration):
            if requirement.is_required and requirement != last:
                services.document_upload(
                    registration=registration,
                    requirement=requirement,
                    uploaded=factories.pdf_upload(f"{requirement.code}.pdf"),
                    by=registration.user,
                )
    login(client, registration.user)
    with committed():
        response = client.post(
            reverse("vendors:documents"),
            {"requirement": last.pk, "file": factories.pdf_upload("last.pdf")},
            headers={"HX-Request": "true"},
        )
    page = response.content.decode()
    badge = page.split('id="registration-status"')[1].split(">")[0]
    assert 'hx-swap-oob="true"' in badge and 'data-progress="appointment"' in badge


def test_after_approval_the_booked_appointment_is_no_longer_shown_as_coming(
    registration_setup, client, registration_officer, verifier
):
    with committed():
        registration = factories.in_verification(registration_setup, registration_officer, verifier)
        factories.check_all(registration, verifier)
    User.objects.filter(pk=registration.user_id).update(language="en")
    slot_time = registration.slot.starts_at
    with committed():
        services.registration_approve(registration=registration, version=registration.version, by=verifier)
    login(client, registration.user)
    page = client.get(reverse("vendors:registration-status")).content.decode()
    appointment = page.split('id="appointment"')[1].split("</p>")[0]
    assert 'data-state="done"' in appointment and "File handed over on" in appointment
    assert 'data-state="pending"' not in page and "Change the appointment" not in page
    from sopan.core.templatetags.sopan import local_datetime

    assert local_datetime(slot_time) not in appointment
