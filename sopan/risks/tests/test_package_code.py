"""A risk of a procurement package names it by its RUP code (kd_rup), resolved by the service within the organisation:
no list of every package on the new-risk page, whose query count does not grow with the packages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sopan.core.testing import login
from sopan.procurement.tests.factories import make_package
from sopan.risks.models import Risk
from sopan.risks.tests.factories import bind_risk_sops, id_, identified, owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(organization):
    return bind_risk_sops(organization)["procurement"]


def test_the_package_is_found_by_its_rup_code(organization, criteria):
    package = make_package(organization, kd_rup="41234567", name="Rehabilitasi Gedung Dinas")
    risk = identified(organization, context=Risk.Context.PACKAGE, context_text="", package_code=" 41234567 ")
    assert risk.package == package and risk.context_display == "41234567 Rehabilitasi Gedung Dinas"


@pytest.mark.parametrize("code", ["", "99999999", "55550000"])
def test_no_such_package_in_the_organisation_is_refused(organization, other_organization, criteria, code):
    make_package(other_organization, kd_rup="55550000", agency_code="LPSE")  # another organisation's: not found
    with pytest.raises(ValidationError) as error:
        identified(organization, context=Risk.Context.PACKAGE, package_code=code)
    message = (id_("Give the RUP code of the procurement package.") if not code else
               id_("No procurement package of this organisation has the RUP code “%(code)s”.", code=code))  # fmt: skip
    assert error.value.message_dict["package_code"] == [message]
    assert not Risk.objects.exists()


def test_a_code_outside_the_package_context_is_ignored(organization, criteria):
    make_package(organization, kd_rup="41234567")
    risk = identified(organization, context=Risk.Context.TASK, package_code="41234567")
    assert risk.package is None


def _form(criteria, **changes) -> dict:
    return {"title": "Spesifikasi mengarah", "criteria": criteria.pk, "procedure": "risk_management",
            "owner": owner(criteria.organization).pk, "context": "package", "package_code": "41234567",
            "cause": "Brosur", "consequence": "Sanggah"} | changes  # fmt: skip


def test_the_page_takes_the_code_and_shows_the_package(organization, criteria, client):
    make_package(organization, kd_rup="41234567", name="Pengadaan Alat Kesehatan")
    login(client, owner(organization))
    bad = client.post(reverse("risks:risk-create"), _form(criteria, package_code="123"))
    assert bad.status_code == 400
    assert id_("No procurement package of this organisation has the RUP code “%(code)s”.", code="123") in (
        bad.content.decode())  # fmt: skip
    assert 'value="123"' in bad.content.decode() and not Risk.objects.exists()
    response = client.post(reverse("risks:risk-create"), _form(criteria))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'id="risk-package">41234567 — Pengadaan Alat Kesehatan<' in page


def test_the_new_risk_page_does_not_grow_with_the_packages(organization, criteria, client):
    login(client, owner(organization))
    url = reverse("risks:risk-create")
    client.get(url)
    make_package(organization, kd_rup="70000000")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200 and 'name="package_code"' in page.content.decode()
        return len(queries)

    few = count()
    for n in range(1, 60):
        make_package(organization, kd_rup=f"7000{n:04d}", name=f"Paket {n}")
    assert count() == few
    assert "Paket 59" not in client.get(url).content.decode()
