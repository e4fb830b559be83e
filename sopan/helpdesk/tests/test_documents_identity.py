"""The helpdesk's documents print as the office's documents (issue 14 §2): the kop surat (name, unit, address,
telephone, e-mail, website) and the signature blocks (place and date, position, name, NIP) on the Formulir
Konsultasi (seed 004, steps 6–7), the Berita Acara Gangguan (Perwali Salatiga 41/2024 annex 2.6.4 b) and the
Laporan Layanan Helpdesk (Pasal 11)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sopan.accounts.models import Organization
from sopan.core.documents import office
from sopan.helpdesk.announcements import printing as printing_announcements
from sopan.helpdesk.models import HelpdeskSettings
from sopan.helpdesk.reports import export as reports_export
from sopan.helpdesk.reports.selectors import current_period, report_for
from sopan.helpdesk.tests.factories import closed_outage, problem, reporter
from sopan.helpdesk.tickets import printing
from sopan.helpdesk.tickets import services as ticket_services

pytestmark = pytest.mark.django_db

HEAD_NIP = "NIP 19800512 200501 2 003"  # the demo Kepala LPSE (sopan.accounts.demo)
AGENT_NIP = "NIP 19920118 201903 2 006"  # the demo helpdesk agent


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def assert_kop(text: str, organization) -> None:
    assert "PEMERINTAH KOTA SALATIGA" in text
    assert "LAYANAN PENGADAAN SECARA ELEKTRONIK (LPSE)" in text
    assert organization.address in text
    assert f"Telepon {organization.phone}" in text
    assert f"Pos-el {organization.email}" in text


def test_consultation_form_has_the_kop_and_the_agent_signs_with_nip(helpdesk_setup, personas):
    """Formulir Konsultasi, archived with the solution (seed 004, step 7)."""
    agent = personas["helpdesk_agent"]
    ticket = ticket_services.ticket_create(
        organization=helpdesk_setup, channel="web", reporter=reporter(), problem=problem(), by=None
    )
    ticket = ticket_services.ticket_assign(ticket=ticket, version=None, by=agent, assignee=agent)
    ticket = ticket_services.ticket_resolve(ticket=ticket, version=None, by=agent, resolution="Bersihkan cache.")
    resolved = timezone.localtime(ticket.resolved_at)

    text = pdf_text(printing.consultation_form_pdf(ticket))

    assert_kop(text, helpdesk_setup)
    assert f"Salatiga, {office.indonesian_date(resolved)}" in text
    assert "Petugas Layanan dan Dukungan LPSE Kota Salatiga" in text
    assert agent.full_name in text and AGENT_NIP in text


def test_berita_acara_has_the_kop_the_officer_and_the_head_side_by_side(organization, personas):
    """Berita Acara Gangguan: made by the officer who closed the outage, acknowledged by the Kepala LPSE."""
    agent, head = personas["helpdesk_agent"], personas["lpse_head"]
    announcement = closed_outage(organization, by=agent, cause="Kabel putus.")
    signed = timezone.localtime(announcement.updated_at)

    text = pdf_text(printing_announcements.report_pdf(announcement))

    assert_kop(text, organization)
    assert "Yang membuat," in text and "Mengetahui," in text
    assert f"Salatiga, {office.indonesian_date(signed)}" in text
    assert "Kepala LPSE Kota Salatiga" in text and head.full_name in text and HEAD_NIP in text
    assert "Petugas Layanan Dukungan LPSE Kota Salatiga" in text and agent.full_name in text and AGENT_NIP in text


def test_helpdesk_report_has_the_kop_and_the_head_signs(helpdesk_setup, personas):
    head = personas["lpse_head"]
    report = report_for(head, current_period(helpdesk_setup))

    text = pdf_text(reports_export.pdf(report))

    assert_kop(text, helpdesk_setup)
    assert f"Salatiga, {office.indonesian_date(timezone.localdate(report.generated_at))}" in text
    assert "Kepala LPSE Kota Salatiga" in text and head.full_name in text and HEAD_NIP in text


def test_without_a_kepala_lpse_the_report_leaves_name_and_nip_to_fill_in(helpdesk_setup, personas):
    head = personas["lpse_head"]
    report = report_for(head, current_period(helpdesk_setup))
    head.is_active = False
    head.save(update_fields=["is_active"])

    text = pdf_text(reports_export.pdf(report))

    assert head.full_name not in text
    assert "(.........................................)" in text and "NIP ....." in text


def test_the_help_pages_give_the_helpdesks_own_mailbox_and_the_registration_pages_the_organisations(
    client, organization
):
    """/bantuan/ shows the address the helpdesk answers at (its settings' mailbox, where reports by e-mail arrive);
    /daftar/ keeps the organisation's own e-mail."""
    Organization.objects.filter(pk=organization.pk).update(email="lpse@salatiga.invalid")
    HelpdeskSettings.objects.update_or_create(
        organization=organization, defaults={"helpdesk_email": "helpdesk@salatiga.invalid"}
    )

    help_page = client.get(reverse("helpdesk:public-home", kwargs={"org": organization.slug})).content.decode()
    signup = client.get(reverse("vendors:signup", kwargs={"org": organization.slug})).content.decode()

    assert 'href="mailto:helpdesk@salatiga.invalid"' in help_page and "lpse@salatiga.invalid" not in help_page
    assert 'href="mailto:lpse@salatiga.invalid"' in signup
