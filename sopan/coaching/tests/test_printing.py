"""The printed invitation (SOP step 6) with its check-in code, and the report of the results (step 8) with the
attendance per criterion; printed with the storage production uses."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sopan.coaching.tests.factories import bind_coaching_sop, id_, programme_until
from sopan.core.testing import login
from sopan.procurement.tests.factories import person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_static")]


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def org(organization):
    bind_coaching_sop(organization)
    return organization


def test_the_invitation_prints_the_invitee_the_schedule_and_the_code(org, client):
    programme = programme_until(org, "invited")
    invitation = programme.invitations.select_related("company").order_by("id").first()
    login(client, person(org, "tim.pembinaan"))
    response = client.get(reverse("coaching:invitation-print", kwargs={"pk": programme.pk, "iid": invitation.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response))
    for expected in ("UNDANGAN", invitation.company.name, programme.title, "Aula UKPBJ", "WIB",
                     invitation.code_display, "Sosialisasi"):  # fmt: skip
        assert expected in text, expected


def test_the_report_prints_attendance_per_criterion_once_reported(org, client):
    programme = programme_until(org, "held")
    login(client, person(org, "kepala.ukpbj"))
    url = reverse("coaching:report-print", kwargs={"pk": programme.pk})
    early = client.get(url)
    assert early.status_code == 404 and id_("The programme is not reported yet.") in early.content.decode()
    from sopan.coaching import services

    services.programme_report(programme=programme, report="Peserta memahami SPSE.", by=person(org, "tim.pembinaan"))
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(b"".join(response))
    assert "LAPORAN HASIL PEMBINAAN" in text and "Peserta memahami SPSE." in text
    assert "Pelaku usaha baru 2 1" in text  # invited 2, attended 1, by the criterion "new registrants"
    assert "Lestari Ningsih" in text  # the coaching team's member who reported
