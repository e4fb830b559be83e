"""`manage.py export_ocds` and the public endpoint (issue 17 §7): the same release package, accepted by the bundled
official OCDS 1.1.5 schema, under the organisation's own OCID prefix."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from sopan.procurement.models import OcdsPublisher
from sopan.procurement.ocds.validation import validate
from sopan.procurement.tests.factories import make_package

pytestmark = pytest.mark.django_db

PREFIX = "ocds-sl4t16"


@pytest.fixture
def published(organization):
    OcdsPublisher.objects.create(organization=organization, ocid_prefix=PREFIX)
    make_package(organization, kd_rup="51230001", name="Rehabilitasi Gedung Puskesmas Sidorejo")
    make_package(organization, kd_rup="51230002", name="Pengadaan Alat Kesehatan", kind="goods", method="tender")
    return organization


def test_export_writes_a_release_package_the_official_schema_accepts(published, tmp_path):
    target = tmp_path / "salatiga.json"
    out = io.StringIO()

    call_command("export_ocds", organization=published.slug, output=str(target), stdout=out)

    document = json.loads(target.read_text(encoding="utf-8"))
    assert validate(document) == []
    assert sorted({release["ocid"] for release in document["releases"]}) == [f"{PREFIX}-51230001", f"{PREFIX}-51230002"]
    assert document["uri"].endswith(f"/pengadaan/publik/{published.slug}/ocds.json")
    assert "2 paket" in out.getvalue() and not (tmp_path / "salatiga.json.partial").exists()


def test_the_prefix_given_on_the_command_line_wins_and_a_bad_one_is_refused(published, tmp_path):
    target = tmp_path / "out.json"
    call_command("export_ocds", organization=published.slug, output=str(target), ocid_prefix="ocds-abc123")
    assert all(r["ocid"].startswith("ocds-abc123-") for r in json.loads(target.read_text())["releases"])

    with pytest.raises(CommandError, match="Prefiks OCID"):
        call_command("export_ocds", organization=published.slug, output=str(tmp_path / "x.json"), ocid_prefix="OCDS")
    assert not (tmp_path / "x.json").exists()


def test_an_organisation_without_a_prefix_or_an_unknown_one_is_told_so(organization, other_organization, tmp_path):
    make_package(organization)
    with pytest.raises(CommandError, match="belum punya prefiks OCID"):
        call_command("export_ocds", organization=organization.slug, output=str(tmp_path / "a.json"))
    with pytest.raises(CommandError, match="Tidak ada organisasi"):
        call_command("export_ocds", organization="tidak-ada", output=str(tmp_path / "a.json"))


def test_the_public_endpoint_serves_the_same_document_to_anyone(client, published, tmp_path):
    target = tmp_path / "file.json"
    call_command("export_ocds", organization=published.slug, output=str(target), stdout=io.StringIO())

    response = client.get(f"/pengadaan/publik/{published.slug}/ocds.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content.decode() == target.read_text(encoding="utf-8")


def test_the_endpoint_follows_a_change_and_is_404_without_a_prefix(client, published, other_organization):
    make_package(published, kd_rup="51230003", name="Paket baru")
    document = client.get(f"/pengadaan/publik/{published.slug}/ocds.json").json()
    assert f"{PREFIX}-51230003" in {release["ocid"] for release in document["releases"]}

    make_package(other_organization, kd_rup="1", agency_code="LPSE")
    assert client.get(f"/pengadaan/publik/{other_organization.slug}/ocds.json").status_code == 404  # no prefix
    assert client.get("/pengadaan/publik/tidak-ada/ocds.json").status_code == 404
