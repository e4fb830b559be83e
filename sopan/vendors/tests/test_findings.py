"""The automatic findings beside an application: duplicates in the organisation, the blacklist register, the format of
the identity numbers; none from another organisation's data; a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sopan.vendors.blacklist import services as blacklist
from sopan.vendors.defaults import ensure_required_documents
from sopan.vendors.models import ApplicantKind, Company, EmailConfirmation, Registration
from sopan.vendors.registration import findings as f
from sopan.vendors.registration import services
from sopan.vendors.registration.services.common import link_token_hash
from sopan.vendors.tests import factories

_serial = itertools.count(9000)
HEADER = "Nama Penyedia;NPWP;NIB;No. SK;Pelanggaran;Tanggal Mulai;Tanggal Berakhir"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def other_setup(other_organization):
    factories.bind_registration_sop(other_organization)
    ensure_required_documents(other_organization)
    return other_organization


def vendor(
    organization, *, nik: str | None = None, status: str | None = None, company_email: str = "", **company
) -> Registration:
    registration = factories.submitted_registration(organization, **company)
    changes = {"email": company_email} if company_email else {}
    if nik is not None:
        changes["admin_nik"] = nik
    if status is not None:
        changes["status"] = status
    if changes:  # data as it stands later in the company's life (approved, or entered before validation tightened)
        Company.objects.filter(pk=registration.company_id).update(**changes)
    return fresh(registration)


def non_vendor(organization, *, nik: str) -> Registration:
    n = next(_serial)
    email = f"pejabat{n}@salatiga.go.id"
    services.signup_request(organization=organization, email=email, applicant_kind=ApplicantKind.NON_VENDOR)
    confirmation = EmailConfirmation.objects.filter(email=email).latest("created_at")
    confirmation.token_hash = link_token_hash(f"nv-{n}")
    confirmation.save(update_fields=["token_hash"])
    registration = services.registration_submit(
        token=f"nv-{n}",
        company=None,
        person={
            "name": f"Budi Santoso {n}",
            "nik": nik,
            "position": "PPK",
            "role": "commitment_officer",
            "unit": organization.units.get(code="LPSE"),
            "letter_number": "800/12/2026",
        },
        username=f"pejabat{n}",
        password="Rahasia-Sekali-2026",
    )
    return fresh(registration)


def fresh(registration) -> Registration:
    """As the verifier's workspace loads it (registration_get_for)."""
    return Registration.objects.select_related("company", "user", "organization").get(pk=registration.pk)


def codes(registration) -> list[tuple[str, str]]:
    return [(x.code, x.severity) for x in f.findings_for(registration)]


def register(organization, by, *lines: str):
    text = "\n".join([HEADER, *lines]) + "\n"
    uploaded = SimpleUploadedFile("dh.csv", text.encode(), content_type="text/csv")
    return blacklist.blacklist_import(organization=organization, uploaded=uploaded, by=by)


def test_a_clean_application_has_no_findings(registration_setup):
    assert f.findings_for(vendor(registration_setup)) == []


# --- duplicates --------------------------------------------------------------------------------------------------
def test_the_same_npwp_in_another_application_names_the_company_and_its_registration(registration_setup):
    npwp = factories.valid_npwp(4242)
    first = vendor(registration_setup, npwp=npwp)
    second = vendor(registration_setup, npwp=npwp)
    [finding] = f.findings_for(second)
    assert (finding.code, finding.severity) == ("duplicate_npwp", "warning")
    assert finding.message == (
        f"NPWP {f.format_npwp(npwp)} is also used by {first.company.name} (Registering, registration {first.number})."
    )
    assert f.format_npwp("012345678901000") == "01.234.567.8-901.000"
    # And the other way round.
    assert codes(first) == [("duplicate_npwp", "warning")]


def test_an_npwp_written_in_its_16_digit_form_is_the_same_npwp(registration_setup):
    npwp = factories.valid_npwp(4343)
    first = vendor(registration_setup, npwp=npwp)
    Company.objects.filter(pk=first.company_id).update(npwp="0" + npwp)
    assert codes(vendor(registration_setup, npwp=npwp)) == [("duplicate_npwp", "warning")]


def test_the_same_nib_of_an_active_vendor_is_serious(registration_setup):
    active = vendor(registration_setup, nib="9120000004444", status=Company.Status.ACTIVE)
    finding = next(x for x in f.findings_for(vendor(registration_setup, nib="9120000004444")))
    assert (finding.code, finding.severity) == ("duplicate_nib", "danger")
    assert finding.message == (
        f"NIB 9120000004444 is also used by {active.company.name} (Active, registration {active.number})."
    )


def test_a_refused_company_with_the_same_data_is_for_information(registration_setup):
    vendor(registration_setup, nib="9120000005555", status=Company.Status.REFUSED)
    assert codes(vendor(registration_setup, nib="9120000005555")) == [("duplicate_nib", "info")]


def test_the_same_email_as_another_company_or_its_administrator(registration_setup):
    first = vendor(registration_setup, company_email="kantor@sama.co.id")
    second = vendor(registration_setup, company_email="KANTOR@Sama.co.id")
    [finding] = f.findings_for(second)
    assert finding.code == "duplicate_email" and "kantor@sama.co.id" in finding.message
    assert first.company.name in finding.message and finding.detail == "It is that company's e-mail address."
    # The applicant's own login e-mail is the other company's administrator's.
    third = vendor(registration_setup)
    Company.objects.filter(pk=third.company_id).update(email=first.user.email.upper())
    [finding] = f.findings_for(fresh(third))
    assert finding.code == "duplicate_email"
    assert finding.detail == "It is the e-mail address of that company's administrator account."


def test_the_same_nik_in_another_company_and_in_a_non_vendor_application(registration_setup):
    nik = factories.valid_nik(4545)
    first = vendor(registration_setup, nik=nik)
    person = non_vendor(registration_setup, nik=nik)
    second = vendor(registration_setup, nik=nik)
    found = f.findings_for(second)
    assert sorted(x.code for x in found) == ["duplicate_nik", "duplicate_nik"]
    masked = "3373••••••••••45"
    assert {x.message for x in found} == {
        f"NIK {masked} is also used by {first.company.name} (Registering, registration {first.number}).",
        f"NIK {masked} is also used by {person.person_name} "
        f"(Form submitted: upload the documents, registration {person.number}).",
    }
    assert nik not in " ".join(x.message + x.detail for x in found)


def test_a_non_vendor_application_gets_nik_duplicates_only(registration_setup):
    nik = factories.valid_nik(4646)
    company = vendor(registration_setup, nik=nik)
    earlier = non_vendor(registration_setup, nik=nik)
    person = non_vendor(registration_setup, nik=nik)
    found = f.findings_for(person)
    assert [x.code for x in found] == ["duplicate_nik", "duplicate_nik"]
    assert any(company.company.name in x.message for x in found)
    assert any(earlier.number in x.message for x in found)


# --- the blacklist register --------------------------------------------------------------------------------------
def test_an_npwp_on_the_blacklist_in_force_is_serious_with_sk_violation_and_period(registration_setup, verifier):
    npwp = factories.valid_npwp(4747)
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=10), today + datetime.timedelta(days=700)
    register(
        registration_setup,
        verifier,
        f"CV Nakal;{f.format_npwp(npwp)};;SK-07/LKPP/2026;Dokumen palsu;{start:%d/%m/%Y};{end:%d/%m/%Y}",
    )
    [finding] = f.findings_for(vendor(registration_setup, npwp=npwp))
    assert (finding.code, finding.severity) == ("blacklisted", "danger")
    period = f"from {start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    assert finding.message == (
        f"NPWP {f.format_npwp(npwp)} is on the blacklist (Daftar Hitam) in force today: SK SK-07/LKPP/2026, {period}."
    )
    assert finding.detail == "Listed as CV Nakal. Violation: Dokumen palsu"


def test_expired_and_later_entries_and_a_match_by_nib(registration_setup, verifier):
    npwp = factories.valid_npwp(4848)
    today = timezone.localdate()
    old = today - datetime.timedelta(days=800)
    later = today + datetime.timedelta(days=5)
    register(
        registration_setup,
        verifier,
        f"CV Lama;{npwp};;SK-1;Wanprestasi;{old:%d/%m/%Y};{old + datetime.timedelta(days=365):%d/%m/%Y}",
        f"CV Nanti;;9120000006666;;;{later:%d/%m/%Y};",
        "CV Lain;012345678901000;9120000007777;SK-3;;;",
    )
    found = f.findings_for(vendor(registration_setup, npwp=npwp, nib="9120000006666"))
    assert [(x.code, x.severity) for x in found] == [
        ("blacklisted_upcoming", "warning"),
        ("blacklisted_expired", "info"),
    ]
    upcoming, expired = found
    assert upcoming.message.startswith("NIB 9120000006666 is on the blacklist (Daftar Hitam) from a later date: ")
    assert "no SK number given" in upcoming.message and "without an end date" in upcoming.message
    assert expired.message.startswith(f"NPWP {f.format_npwp(npwp)} was on the blacklist (Daftar Hitam); the sanction")


def test_an_entry_with_both_numbers_and_no_dates_is_one_finding(registration_setup, verifier):
    npwp = factories.valid_npwp(4949)
    register(registration_setup, verifier, f"CV Dua;0{npwp};9120000008888;SK-9;Kolusi;;")
    [finding] = f.findings_for(vendor(registration_setup, npwp=npwp, nib="9120000008888"))
    assert finding.message == (
        f"NPWP {f.format_npwp(npwp)} and NIB 9120000008888 is on the blacklist (Daftar Hitam) in force today: "
        "SK SK-9, without dates."
    )


# --- format and plausibility -------------------------------------------------------------------------------------
def test_identity_numbers_entered_before_validation_tightened_are_warned_about(registration_setup):
    registration = vendor(registration_setup, nib="9120000009999")
    Company.objects.filter(pk=registration.company_id).update(
        admin_nik="3373011708850000", npwp="012345678901000", nib="1111111111111"
    )
    found = {x.code: x for x in f.findings_for(fresh(registration))}
    assert set(found) == {"invalid_nik", "invalid_npwp", "invalid_nib"}
    assert all(x.severity == "warning" for x in found.values())
    assert found["invalid_nik"].message == "The NIK's serial number (the last 4 digits) must not be 0000."
    assert found["invalid_nik"].detail == "Field: administrator's NIK."
    assert found["invalid_npwp"].message == "The NPWP's check digit (digit 9) does not match the digits before it."
    assert found["invalid_nib"].message == "The NIB 1111111111111 is not plausible: all its digits are the same."


def test_a_non_vendor_nik_is_checked_too(registration_setup):
    person = non_vendor(registration_setup, nik=factories.valid_nik(5050))
    Registration.objects.filter(pk=person.pk).update(person_nik="9973011708850001")
    assert codes(fresh(person)) == [("invalid_nik", "warning")]


# --- other organisations, queries, the partial -------------------------------------------------------------------
def test_another_organisations_data_gives_no_findings(registration_setup, other_setup, outsider):
    npwp, nib, nik = factories.valid_npwp(5151), "9120000005151", factories.valid_nik(5151)
    vendor(other_setup, npwp=npwp, nib=nib, nik=nik, company_email="sama@batang.co.id", status="active")
    non_vendor(other_setup, nik=nik)
    register(other_setup, outsider, f"CV Batang;{npwp};{nib};SK-1;Palsu;;")
    ours = vendor(registration_setup, npwp=npwp, nib=nib, nik=nik, company_email="sama@batang.co.id")
    assert f.findings_for(ours) == []


def test_the_number_of_queries_does_not_grow_with_the_findings(registration_setup, verifier, django_assert_num_queries):
    npwp, nik = factories.valid_npwp(5252), factories.valid_nik(5252)
    lonely = vendor(registration_setup)
    # the administrators with the company's addresses (read first, so the companies are found by their indexes
    # together), the companies, applicants with the NIK, the register
    with django_assert_num_queries(4):
        assert f.findings_for(lonely) == []
    for _ in range(4):
        vendor(registration_setup, npwp=npwp, nik=nik)
        non_vendor(registration_setup, nik=nik)
    register(registration_setup, verifier, *[f"CV {n};{npwp};;SK-{n};;;" for n in range(5)])
    crowded = vendor(registration_setup, npwp=npwp, nik=nik)
    with django_assert_num_queries(4):
        found = f.findings_for(crowded)
    assert len(found) == 4 * 2 + 4 + 5
    person = non_vendor(registration_setup, nik=nik)
    with django_assert_num_queries(2):  # companies and applicants with the NIK
        assert len(f.findings_for(person)) == 5 + 4


def test_the_partial_shows_each_finding_with_its_colour(registration_setup):
    found = [
        f.Finding("blacklisted", "danger", "NPWP on the list", "Listed as CV X."),
        f.Finding("invalid_nib", "warning", "NIB looks wrong"),
    ]
    rows = [{"finding": finding, "acknowledgement": None, "form": None} for finding in found]
    html = render_to_string("vendors/_findings.html", {"findings": rows})
    assert 'class="alert alert-danger py-2 mb-2" data-finding="blacklisted"' in html
    assert "Listed as CV X." in html and 'data-finding="invalid_nib"' in html
    assert 'data-finding="none"' in render_to_string("vendors/_findings.html", {"findings": []})
