"""The organisation's identity (issue 14 §2–3): the fields its kop surat, signature blocks and public pages print,
their validation, who may change them, and the public pages that show them."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from PIL import Image

from sopan.accounts import services
from sopan.accounts.models import Organization, phone_digits_international
from sopan.core.models import AuditEvent
from sopan.core.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _settings_data(organization: Organization, **changes) -> dict:
    """The settings form as the page fills it: every field the service updates, but the logo (a file)."""
    fields = [name for name in services.ORGANIZATION_FIELDS if name != "logo"]
    return {**{name: getattr(organization, name) for name in fields}, **changes}


# --- the model's rules ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "number, international",
    [
        ("(0298) 326767", "62298326767"),
        ("0298-326767", "62298326767"),
        ("+62 298 326 767", "62298326767"),
        ("0812-2600-1234", "6281226001234"),
        ("62 812 2600 1234", "6281226001234"),
    ],
)
def test_indonesian_numbers_are_read_in_their_usual_spellings(number, international):
    assert phone_digits_international(number) == international


@pytest.mark.parametrize(
    "field, value",
    [
        ("phone", "12345"),  # no area code
        ("phone", "+1 202 555 0100"),  # not Indonesian
        ("phone", "0298 326767 ext. 5"),  # letters
        ("whatsapp", "(0298) 326767"),  # a landline cannot receive WhatsApp
        ("postal_code", "5072"),
        ("email", "lpse@"),
        ("website", "ftp://lpse.salatiga.go.id"),
        ("website", "lpse salatiga"),
    ],
)
def test_a_wrong_identity_value_is_refused_by_the_service(organization, lpse_head, field, value):
    with pytest.raises(ValidationError) as refused:
        services.organization_update(organization=organization, by=lpse_head, **{field: value})

    assert field in refused.value.message_dict
    organization.refresh_from_db()
    assert getattr(organization, field) != value


def test_the_settings_page_says_what_is_wrong_in_indonesian(client, lpse_head, organization):
    login(client, lpse_head)  # the Kepala LPSE works in Indonesian, the default

    response = client.post(
        reverse("accounts:organization-settings"),
        _settings_data(organization, phone="12345", whatsapp="(0298) 326767", website="ftp://x.go.id"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["phone"] == [
        "Tuliskan nomor telepon Indonesia beserta kode areanya, misalnya (0298) 326767, 0812-2600-1234 atau "
        "+62 298 326767."
    ]
    assert errors["whatsapp"] == [
        "WhatsApp memerlukan nomor ponsel Indonesia yang diawali 08 atau +62 8, misalnya 0812-2600-1234."
    ]
    assert errors["website"] == ["Tuliskan alamat laman, misalnya https://lpse.salatiga.go.id."]


# --- who changes it, audited ------------------------------------------------------------------------------------
def test_the_lpse_head_sets_the_identity_and_it_is_audited(client, lpse_head, organization):
    login(client, lpse_head)
    data = _settings_data(
        organization,
        place="Salatiga",
        phone="(0298) 326767",
        whatsapp="0812-2600-1234",
        email="lpse@salatiga.go.id",
        website="lpse.salatiga.go.id",  # typed without its scheme
        helpdesk_hours="Senin–Jumat 08.00–16.00 WIB",
    )

    response = client.post(reverse("accounts:organization-settings"), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.website == "https://lpse.salatiga.go.id"
    assert organization.whatsapp_link == "https://wa.me/6281226001234"
    event = AuditEvent.objects.filter(action="accounts.organization.updated").latest("id")
    assert event.actor == lpse_head and event.changes["phone"][1] == "(0298) 326767"


@pytest.mark.parametrize("persona", ["helpdesk_agent", "verifier", "vendor_admin"])
def test_staff_without_the_administration_role_may_not_change_the_identity(client, personas, organization, persona):
    person = personas[persona]
    before = organization.phone

    with pytest.raises(PermissionDenied):
        services.organization_update(organization=organization, by=person, phone="(0298) 111111")
    login(client, person)
    response = client.post(reverse("accounts:organization-settings"), _settings_data(organization, phone="0298 1111"))

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.phone == before


def test_another_organisations_administrator_cannot_change_ours(client, outsider, organization):
    with pytest.raises(PermissionDenied):
        services.organization_update(organization=organization, by=outsider, phone="(0285) 391111")

    # The page edits the administrator's own organisation only: posting there leaves Salatiga unchanged.
    login(client, outsider)
    client.post(reverse("accounts:organization-settings"), _settings_data(outsider.organization, phone="0285 391111"))
    organization.refresh_from_db()
    assert organization.phone != "0285 391111"


# --- the logo: checked by content, stored when the transaction commits ------------------------------------------
def test_the_logo_is_written_only_when_the_change_commits(organization, lpse_head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        updated = services.organization_update(
            organization=organization, by=lpse_head, logo=SimpleUploadedFile("logo.png", _png())
        )
        assert not default_storage.exists(updated.logo.name)  # not yet: the transaction is still open

    for callback in pending:
        callback()
    assert default_storage.exists(updated.logo.name)


def test_a_rolled_back_change_leaves_no_logo_file(organization, lpse_head, tmp_path, settings):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.organization_update(organization=organization, by=lpse_head, logo=SimpleUploadedFile("l.png", _png()))
        raise Abort

    organization.refresh_from_db()
    assert not organization.logo
    logos = settings.MEDIA_ROOT / "organizations" / "logos"
    assert not logos.exists() or not any(path.is_file() for path in logos.rglob("*"))


def test_the_service_checks_the_logo_content_whatever_the_caller(organization, lpse_head):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.organization_update(
            organization=organization, by=lpse_head, logo=SimpleUploadedFile("logo.png", b"<html>not an image</html>")
        )

    assert "logo" in refused.value.message_dict


# --- the public pages -------------------------------------------------------------------------------------------
def _public_pages(organization) -> list[str]:
    return [
        reverse("helpdesk:public-home", kwargs={"org": organization.slug}),
        reverse("helpdesk:public-report", kwargs={"org": organization.slug}),
        reverse("helpdesk:public-track", kwargs={"org": organization.slug}),
        reverse("vendors:signup", kwargs={"org": organization.slug}),
    ]


def test_public_pages_show_the_organisations_identity(
    client, organization, lpse_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_update(
            organization=organization, by=lpse_head, logo=SimpleUploadedFile("logo.png", _png())
        )
    organization.refresh_from_db()
    for url in _public_pages(organization):
        page = client.get(url).content.decode()

        assert organization.name in page, url
        assert "Jl. Letjend Sukowati No. 51" in page
        assert organization.helpdesk_phone in page and 'href="tel:+62298' in page
        assert f'href="{organization.whatsapp_link}"' in page and "https://wa.me/6281255500103" in page
        assert f'href="mailto:{organization.email}"' in page
        assert organization.helpdesk_hours in page
        logo = reverse("accounts:organization-logo", kwargs={"slug": organization.slug})
        assert f'src="{logo}"' in page  # served from our storage, nothing from outside
        assert "https://cdn" not in page


def test_public_pages_escape_what_the_administrators_wrote(client, organization):
    Organization.objects.filter(pk=organization.pk).update(
        helpdesk_hours='<script>alert("x")</script> Senin–Jumat', address="Jl. <b>Merdeka</b> 1"
    )

    page = client.get(reverse("helpdesk:public-home", kwargs={"org": organization.slug})).content.decode()

    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;" in page
    assert "<b>Merdeka</b>" not in page and "Jl. &lt;b&gt;Merdeka&lt;/b&gt; 1" in page


def test_an_organisation_without_contacts_shows_no_empty_links(client, organization):
    Organization.objects.filter(pk=organization.pk).update(phone="", helpdesk_phone="", whatsapp="", email="")

    page = client.get(reverse("helpdesk:public-home", kwargs={"org": organization.slug})).content.decode()

    assert "wa.me" not in page and 'href="tel:' not in page and 'href="mailto:' not in page
    assert organization.name in page and 'id="public-identity"' in page


def test_the_settings_page_previews_the_kop_surat_and_the_dated_line(client, lpse_head, organization):
    login(client, lpse_head)

    page = client.get(reverse("accounts:organization-settings")).content.decode()

    assert 'id="kop-preview"' in page
    assert "LAYANAN PENGADAAN SECARA ELEKTRONIK (LPSE)" in page
    assert f"Telepon {organization.phone}" in page
    assert "Surat diberi tanggal “Salatiga, " in page  # Indonesian, the Kepala LPSE's language
    for name in ("place", "phone", "helpdesk_phone", "whatsapp", "email", "website", "helpdesk_hours"):
        assert f'name="{name}"' in page


# --- the demo ---------------------------------------------------------------------------------------------------
def test_every_demo_organisation_gets_a_full_valid_identity_without_overwriting_one_set(db):
    from sopan.accounts import demo
    from sopan.accounts.demo import BATANG, PAGAR_ALAM

    Organization.objects.create(name="Pemerintah Kota Salatiga", slug="salatiga", phone="(0298) 326767")
    for spec in (demo.SALATIGA, BATANG, PAGAR_ALAM):
        organization = demo.ensure_organization(spec)
        organization.refresh_from_db()

        organization.full_clean()  # every value passes the settings page's rules
        for field in ("place", "postal_code", "phone", "whatsapp", "email", "website", "helpdesk_hours"):
            assert getattr(organization, field), (spec["slug"], field)
        assert organization.email.endswith(".invalid") and "demo" in organization.helpdesk_hours  # clearly demo data
    assert Organization.objects.get(slug="salatiga").phone == "(0298) 326767"  # kept, not overwritten


@pytest.mark.parametrize("number", ["0812-2600-1234", "+62 812 2600 1234", "62 812 2600 1234", "+62812-2600-1234"])
def test_a_mobile_number_with_08_or_plus_62_gives_the_same_whatsapp_digits(number):
    assert phone_digits_international(number, mobile=True) == "6281226001234"


@pytest.mark.parametrize("number", ["0801 2345 6789", "+62 801 2345 6789", "0298 326767"])
def test_whatsapp_refuses_a_number_outside_the_mobile_ranges_phonenumbers_knows(number):
    # 0801 starts with 8 like a mobile number, but no operator has that range.
    assert phone_digits_international(number) is not None
    assert phone_digits_international(number, mobile=True) is None
