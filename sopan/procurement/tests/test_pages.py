"""The procurement pages: the package list (scope, filters, pages, query count), a package's page (its fields, the
method rules with their source, Indonesian dates) and the RUP import (preview, confirm, refusals), in Indonesian."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sopan.core.models import AuditEvent
from sopan.core.testing import duplicate_ids, login
from sopan.procurement.models import Kind, Method, Package
from sopan.procurement.tests.factories import ROWS, csv_upload, make_package, person

pytestmark = pytest.mark.django_db

LIST = reverse("procurement:package-list")
IMPORT = reverse("procurement:rup-import")


@pytest.fixture
def head(organization):
    return person(organization, "kepala.ukpbj")


def _as(client, user):
    login(client, user)
    return client


def test_ukpbj_head_sees_the_list_with_rupiah_and_indonesian_dates(client, organization, head):
    make_package(organization, kd_rup="7100001", name="Jalan Lingkar", pagu=Decimal("1250000000"),
                 planned_selection_on=datetime.date(2026, 2, 2))  # fmt: skip
    response = _as(client, head).get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Paket Pengadaan" in html and "Jalan Lingkar" in html
    assert "Rp1.250.000.000" in html and "2 Februari 2026" in html
    assert "Pekerjaan konstruksi" in html and "Perencanaan" in html  # kind and status in Indonesian
    assert 'id="rup-import-link"' in html
    assert not duplicate_ids(html)


def test_ppk_sees_only_their_agencys_packages_and_no_import(client, organization):
    make_package(organization, kd_rup="7100001", name="Jalan Lingkar")
    make_package(organization, kd_rup="7100002", name="Alat Kesehatan", agency_code="DINKES")
    html = _as(client, person(organization, "ppk")).get(LIST).content.decode()
    assert "Jalan Lingkar" in html and "Alat Kesehatan" not in html
    assert 'id="rup-import-link"' not in html


@pytest.mark.parametrize("username", ["penyedia.admin", "verifikator", "kepala.lpse"])
def test_vendors_and_lpse_staff_get_403_and_no_menu_entry(client, organization, username):
    client = _as(client, person(organization, username))
    assert client.get(LIST).status_code == 403
    assert "Paket Pengadaan" not in client.get(reverse("core:home")).content.decode()


def test_the_menu_entry_is_shown_to_who_may_view_packages(client, organization):
    html = _as(client, person(organization, "pokja")).get(reverse("core:home")).content.decode()
    assert "Paket Pengadaan" in html and LIST in html


def test_filters_on_the_page(client, organization, head):
    make_package(organization, kd_rup="7100001", name="Jalan Lingkar")
    make_package(organization, kd_rup="7100002", name="Alat Kesehatan", agency_code="DINKES", kind=Kind.GOODS,
                 method=Method.E_PURCHASING)  # fmt: skip
    client = _as(client, head)
    dinkes = organization.units.get(code="DINKES")
    for query in ({"agency": dinkes.pk}, {"method": "e_purchasing"}, {"q": "kesehatan"}, {"q": "7100002"}):
        html = client.get(LIST, query).content.decode()
        assert "Alat Kesehatan" in html and "Jalan Lingkar" not in html, query


@pytest.mark.parametrize(
    "query",
    [{"year": "99999999999999999999"}, {"agency": "abc"}, {"ppk": "999999"}, {"status": "nope"}, {"cursor": "!!"}],
)
def test_malformed_filters_show_the_list_with_the_error(client, organization, head, query):
    make_package(organization, kd_rup="7100001", name="Jalan Lingkar")
    response = _as(client, head).get(LIST, query)
    assert response.status_code == 200
    assert "Jalan Lingkar" in response.content.decode()


def test_two_pages_without_duplicates(client, organization, head):
    for number in range(55):
        make_package(organization, kd_rup=f"72000{number:02d}", name=f"Paket nomor {number:02d}")
    client = _as(client, head)
    first = client.get(LIST)
    assert len(first.context["page"].items) == 50 and first.context["page"].has_next
    assert 'rel="next"' in first.content.decode()
    second = client.get(LIST, {"cursor": first.context["page"].next_cursor})
    codes = [p.kd_rup for p in first.context["page"].items + second.context["page"].items]
    assert len(codes) == 55 and len(set(codes)) == 55
    assert not second.context["page"].has_next


def test_the_list_costs_the_same_whatever_the_page_size(client, organization, head, django_assert_max_num_queries):
    client = _as(client, head)
    ppk = person(organization, "ppk")
    for number in range(3):
        make_package(organization, kd_rup=f"73000{number:02d}", commitment_officer=ppk)
    client.get(LIST)  # warm the per-session caches
    with django_assert_max_num_queries(15) as few:
        assert client.get(LIST).status_code == 200
    for number in range(3, 45):
        make_package(organization, kd_rup=f"73000{number:02d}", agency_code="DINKES", commitment_officer=ppk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"].items) == 45


# --- a package's page -----------------------------------------------------------------------------------------------
def test_package_page_shows_every_field_and_the_method_rule_with_its_source(client, organization, head):
    package = make_package(
        organization, kd_rup="7400001", name="Rehabilitasi Puskesmas", method=Method.DIRECT_PROCUREMENT,
        pagu=Decimal("450000000"), planned_selection_on=datetime.date(2026, 3, 2),
        planned_contract_on=datetime.date(2026, 4, 1), commitment_officer_name="Teguh Santoso",
        hps=Decimal("440000000"), spse_code="10012345",
    )  # fmt: skip
    response = _as(client, head).get(reverse("procurement:package-detail", kwargs={"pk": package.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("7400001", "Rehabilitasi Puskesmas", "Dinas Pekerjaan Umum dan Penataan Ruang", "Teguh Santoso",
                  "Rp450.000.000", "Rp440.000.000", "10012345", "2 Maret 2026", "1 April 2026", "APBD"):  # fmt: skip
        assert shown in html, shown
    # construction by direct procurement above Rp400 juta in 2026: the rule of Perpres 46/2025 and its source
    assert 'id="method-problems"' in html
    assert "Rp400.000.000" in html and "Perpres 46/2025" in html
    assert not duplicate_ids(html)


def test_package_page_without_a_rule_broken_shows_no_warning(client, organization, head):
    package = make_package(organization, kd_rup="7400002")  # construction by tender
    html = _as(client, head).get(reverse("procurement:package-detail", kwargs={"pk": package.pk})).content.decode()
    assert 'id="method-problems"' not in html


def test_package_of_another_organisation_is_404_and_of_another_agency_404_for_the_ppk(
    client, organization, other_organization, head
):
    from sopan.accounts.models import OrgUnit

    OrgUnit.objects.create(organization=other_organization, code="DPUPR", name="DPUPR Batang", kind="agency")
    foreign = make_package(other_organization, kd_rup="7400003")
    clinic = make_package(organization, kd_rup="7400004", agency_code="DINKES")
    assert _as(client, head).get(reverse("procurement:package-detail", kwargs={"pk": foreign.pk})).status_code == 404
    client = _as(client, person(organization, "ppk"))
    assert client.get(reverse("procurement:package-detail", kwargs={"pk": clinic.pk})).status_code == 404
    verifier = _as(client, person(organization, "verifikator"))
    assert verifier.get(reverse("procurement:package-detail", kwargs={"pk": clinic.pk})).status_code == 403


# --- the RUP import -------------------------------------------------------------------------------------------------
def test_preview_writes_nothing_then_confirm_imports_and_shows_the_counts(client, organization, head):
    client = _as(client, head)
    rows = [(*ROWS[0][:2], "450000000", *ROWS[0][3:]), *ROWS[1:]]
    preview = client.post(IMPORT, {"file": csv_upload(rows)})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Paket yang akan dibuat" in html and 'id="import-confirm"' in html
    # row 2 is construction by direct procurement for Rp450 juta in February 2026: a warning, not an error
    assert 'id="import-warnings"' in html and "Baris 2, kolom metode_pengadaan" in html
    assert not duplicate_ids(html)
    assert not Package.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="procurement.").exists()

    done = client.post(IMPORT, {"token": preview.context["token"]}, follow=True)
    assert done.redirect_chain[-1][0] == LIST
    assert "RUP diimpor: 3 paket dibuat, 0 diperbarui, 0 tidak berubah." in done.content.decode()
    assert sorted(Package.objects.values_list("kd_rup", flat=True)) == sorted(row[0] for row in ROWS)
    assert AuditEvent.objects.filter(action="procurement.rup.imported").count() == 1

    # the same confirmation twice imports nothing more: the kept file is gone
    again = client.post(IMPORT, {"token": preview.context["token"]})
    assert again.status_code == 400 and 'id="import-expired"' in again.content.decode()
    assert AuditEvent.objects.filter(action="procurement.rup.imported").count() == 1


def test_preview_with_a_row_error_names_row_and_column_and_offers_no_import(client, organization, head):
    rows = [ROWS[0], (*ROWS[1][:3], "Dinas Pariwisata", *ROWS[1][4:])]
    response = _as(client, head).post(IMPORT, {"file": csv_upload(rows)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tidak ada yang diimpor." in html
    assert "Baris 3, kolom nama_satker" in html and "Dinas Pariwisata" in html
    assert 'name="token"' not in html
    assert not Package.objects.exists()


def test_a_file_that_is_not_a_sirup_export_is_refused_on_the_field(client, organization, head):
    upload = csv_upload([("x", "y")], headers=("foo", "bar"))
    response = _as(client, head).post(IMPORT, {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_file_error">Tidak ada baris judul dengan kolom kd_rup' in html
    assert 'name="token"' not in html
    assert not Package.objects.exists()


def test_a_token_made_for_someone_else_imports_nothing(client, organization, head):
    preview = _as(client, head).post(IMPORT, {"file": csv_upload()})
    other = person(organization, "jabfung.ppbj")
    response = _as(client, other).post(IMPORT, {"token": preview.context["token"]})
    assert response.status_code == 400
    assert "Pratinjau sudah kedaluwarsa" in response.content.decode()
    assert not Package.objects.exists()


@pytest.mark.parametrize("username", ["ppk", "pokja", "verifikator"])
def test_who_may_not_import_gets_403(client, organization, username):
    client = _as(client, person(organization, username))
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": csv_upload()}).status_code == 403
    assert not Package.objects.exists()
