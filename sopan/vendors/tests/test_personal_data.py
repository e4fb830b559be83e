"""Unmasking a NIK (issue 13 §7, UU 27/2022): only by a POST that states why, never by a link a crawler or a browser's
prefetch could follow. The reason is kept in the audit event; the NIK is in that one response only, which no cache
keeps. Covers the vendor's file, a data change request and the verifier's workspace."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.vendors import personal_data
from sopan.vendors.accounts import changes
from sopan.vendors.accounts import services as accounts
from sopan.vendors.registration import services
from sopan.vendors.tests import factories
from sopan.vendors.tests.test_accounts import vendor_company
from sopan.vendors.tests.test_views_lpse import media  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

VIEWED = "vendors.identity.viewed"
REASON = {"nik-purpose": "verify", "nik-note": ""}


@pytest.fixture
def received(registration_setup, registration_officer, media, django_capture_on_commit_callbacks):  # noqa: F811
    """A vendor's file received at the front office, its documents stored (as in test_views_lpse)."""
    with django_capture_on_commit_callbacks(execute=True):
        return factories.received_registration(registration_setup, registration_officer)


def _viewed():
    return AuditEvent.objects.filter(action=VIEWED)


def _nik_change(company):
    new_nik = factories.valid_nik(99)
    request = changes.change_request_submit(
        company=company,
        changes={"admin_nik": new_nik},
        reason="Admin baru.",
        evidence=factories.pdf_upload(),
        by=company.admin_user,
    )
    return request, new_nik


# --- the reason ----------------------------------------------------------------------------------------------------
def test_a_reason_is_a_known_purpose_and_other_needs_words():
    assert personal_data.reveal_reason(purpose="verify", note="  ") == {"purpose": "verify", "note": ""}
    assert personal_data.reveal_reason(purpose="other", note=" Audit  internal ") == {
        "purpose": "other",
        "note": "Audit internal",
    }
    for purpose, note, field in [
        ("", "", "purpose"),
        ("curiosity", "", "purpose"),
        ("other", " ", "note"),
        ("authority", "", "note"),
        ("other", "x" * (personal_data.NOTE_MAX_LENGTH + 1), "note"),
    ]:
        with pytest.raises(ValidationError) as error:
            personal_data.reveal_reason(purpose=purpose, note=note)
        assert set(error.value.error_dict) == {field}, (purpose, note)


def test_the_company_service_keeps_the_reason_and_refuses_without_one(organization, verifier, personas):
    company = vendor_company(organization)
    accounts.company_identity_viewed(company=company, by=verifier, purpose="complaint", note="Pengaduan Pokja 3")
    event = _viewed().get()
    assert event.changes == {"what": "admin_nik", "purpose": "complaint", "note": "Pengaduan Pokja 3"}
    with pytest.raises(ValidationError):
        accounts.company_identity_viewed(company=company, by=verifier, purpose="", note="")
    with pytest.raises(PermissionDenied):
        accounts.company_identity_viewed(company=company, by=personas["helpdesk_agent"], purpose="verify", note="")
    assert _viewed().count() == 1


def test_the_registration_service_asks_a_reason_for_the_nik_only(received, verifier):
    with pytest.raises(ValidationError):
        services.identity_viewed(registration=received, document=None, by=verifier, what="nik")
    assert not _viewed().exists()
    ktp = received.documents.get(requirement__code="ktp", is_current=True)
    services.identity_viewed(registration=received, document=ktp, by=verifier, what="document")  # a scan: no reason
    services.identity_viewed(registration=received, document=None, by=verifier, what="nik", purpose="verify")
    assert [e.changes for e in _viewed().order_by("id")] == [
        {"what": "document", "document": "ktp"},
        {"what": "nik", "document": None, "purpose": "verify", "note": ""},
    ]


# --- the vendor's file ------------------------------------------------------------------------------------------
def test_a_get_with_nik_1_neither_reveals_nor_logs(client, organization, verifier):
    company = vendor_company(organization)
    login(client, verifier)
    response = client.get(reverse("vendors:company-detail", kwargs={"pk": company.pk}), {"nik": "1"})
    assert response.status_code == 200
    assert company.admin_nik not in response.content.decode()
    assert not _viewed().exists()


def test_the_vendor_file_offers_a_post_form_not_a_link(client, organization, verifier):
    company = vendor_company(organization)
    login(client, verifier)
    html = client.get(reverse("vendors:company-detail", kwargs={"pk": company.pk})).content.decode()
    action = reverse("vendors:company-identity-reveal", kwargs={"pk": company.pk})
    assert f'action="{action}"' in html and 'method="post"' in html and "?nik=1" not in html


def test_a_post_without_a_reason_is_refused_in_indonesian_and_logs_nothing(client, organization, verifier):
    company = vendor_company(organization)
    login(client, verifier)
    url = reverse("vendors:company-identity-reveal", kwargs={"pk": company.pk})
    response = client.post(url, {"nik-purpose": "", "nik-note": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pilih alasan Anda perlu melihat NIK." in html
    assert company.admin_nik not in html
    assert not _viewed().exists()
    response = client.post(url, {"nik-purpose": "other", "nik-note": " "})
    assert response.status_code == 400 and "Tuliskan alasan Anda perlu melihat NIK." in response.content.decode()
    assert not _viewed().exists()


def test_a_post_with_a_reason_shows_the_nik_once_logs_it_and_is_not_cached(client, organization, lpse_head):
    company = vendor_company(organization)
    login(client, lpse_head)
    url = reverse("vendors:company-identity-reveal", kwargs={"pk": company.pk})
    response = client.post(url, {"nik-purpose": "other", "nik-note": "Klarifikasi data admin"})
    assert response.status_code == 200
    assert company.admin_nik in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = _viewed().get()
    assert event.actor == lpse_head and event.target_id == str(company.pk)
    assert event.changes == {"what": "admin_nik", "purpose": "other", "note": "Klarifikasi data admin"}
    # Not kept for later: the next page is masked again.
    page = client.get(reverse("vendors:company-detail", kwargs={"pk": company.pk})).content.decode()
    assert company.admin_nik not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("helpdesk_agent", 403), ("system_admin", 403), ("registration_officer", 403), ("outsider", 404)],
)
def test_others_cannot_reveal_the_nik(client, organization, personas, persona, status):
    company = vendor_company(organization)
    login(client, personas[persona])
    response = client.post(reverse("vendors:company-identity-reveal", kwargs={"pk": company.pk}), REASON)
    assert response.status_code == status
    assert not _viewed().exists()


# --- a data change request -------------------------------------------------------------------------------------
def test_a_nik_change_is_shown_only_after_a_post_with_a_reason(client, organization, verifier):
    company = vendor_company(organization)
    request, new_nik = _nik_change(company)
    login(client, verifier)
    page = reverse("vendors:change-decide", kwargs={"pk": request.pk})
    assert new_nik not in client.get(page, {"nik": "1"}).content.decode()
    assert not _viewed().exists()

    url = reverse("vendors:change-identity-reveal", kwargs={"pk": request.pk})
    assert f'action="{url}"' in client.get(page).content.decode()
    refused = client.post(url, {"nik-purpose": "", "nik-note": ""})
    assert refused.status_code == 400 and new_nik not in refused.content.decode()
    assert not _viewed().exists()

    shown = client.post(url, {"nik-purpose": "change", "nik-note": ""})
    assert shown.status_code == 200 and new_nik in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert _viewed().get().changes == {"what": "admin_nik", "purpose": "change", "note": ""}


def test_a_change_without_a_nik_has_nothing_to_reveal(client, organization, verifier):
    company = vendor_company(organization)
    request = changes.change_request_submit(
        company=company, changes={"address": "Jl. Sudirman 5"}, reason="Pindah.", evidence=None, by=company.admin_user
    )
    login(client, verifier)
    response = client.post(reverse("vendors:change-identity-reveal", kwargs={"pk": request.pk}), REASON)
    assert response.status_code == 404
    assert not _viewed().exists()


# --- the verifier's workspace ---------------------------------------------------------------------------------------
def test_the_workspace_asks_a_reason_before_showing_the_nik(client, received, verifier):
    nik = received.company.admin_nik
    login(client, verifier)
    url = reverse("vendors:identity-reveal", kwargs={"pk": received.pk})
    refused = client.post(url)
    assert refused.status_code == 400
    assert nik not in refused.content.decode() and "Pilih alasan Anda perlu melihat NIK." in refused.content.decode()
    assert not _viewed().exists()

    shown = client.post(url, REASON)
    assert shown.status_code == 200 and nik in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert _viewed().get().changes == {"what": "nik", "document": None, "purpose": "verify", "note": ""}


def test_the_workspace_fragment_shows_the_refusal_in_place(client, received, verifier):
    """htmx swaps only successful answers, so the fragment with the error comes back as 200 and nothing is logged."""
    login(client, verifier)
    url = reverse("vendors:identity-reveal", kwargs={"pk": received.pk})
    response = client.post(url, {"nik-purpose": "", "nik-note": ""}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert "Pilih alasan Anda perlu melihat NIK." in fragment and received.company.admin_nik not in fragment
    assert not _viewed().exists()
