"""The periodic report's writes (Perwali Salatiga 41/2024 Pasal 11): generated from live data, the narrative, the
figures frozen at submission, approval by the Kepala LPSE, forwarding through the Kepala UKPBJ and the submission to
the Wali Kota recorded with a numbered letter; each refusal with its message and nothing changed."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sopan.accounts.models import RoleAssignment
from sopan.core.models import AuditEvent
from sopan.helpdesk.tests.factories import make_announcement
from sopan.reports import printing, selectors, services
from sopan.reports.models import Report
from sopan.reports.periods import DUE_DAYS_AFTER_PERIOD, Quarter
from sopan.reports.tests.factories import (
    approved,
    draft,
    forwarded,
    kepala_lpse,
    kepala_ukpbj,
    last_quarter,
    written,
)

pytestmark = pytest.mark.django_db
S = Report.Status


def _outages(report) -> dict:
    section = next(s for s in selectors.sections_of(report) if s.key == "outages")
    return {str(f.label): f.value for f in section.facts}


def _outage_in(report):
    start = datetime.datetime.combine(report.period_start, datetime.time(9), timezone.get_current_timezone())
    make_announcement(report.organization, started_at=start, ended_at=start + datetime.timedelta(hours=2))


def test_the_kepala_lpse_generates_the_last_quarter_with_every_section_in_indonesian(organization):
    report = draft(organization)
    quarter = last_quarter(organization)
    assert (report.status, report.title) == (S.DRAFT, quarter.title)
    assert (report.period_start, report.period_end) == (quarter.start, quarter.end)
    assert report.due_on == quarter.end + datetime.timedelta(days=DUE_DAYS_AFTER_PERIOD)
    keys = [s["key"] for s in report.snapshot]
    assert keys == ["registrations", "helpdesk", "outages", "sop_compliance", "risks", "indicators", "training"]
    assert report.snapshot[0]["title"] == "Registrasi dan verifikasi pengguna SPSE"  # the official language
    assert AuditEvent.objects.filter(action="reports.report.created", target_id=str(report.pk)).exists()


def test_a_quarter_is_generated_once_and_not_before_it_begins(organization):
    draft(organization)
    quarter = last_quarter(organization)
    with translation.override("id"), pytest.raises(ValidationError) as twice:
        services.report_create_quarterly(organization=organization, year=quarter.year, quarter=quarter.quarter,
                                         by=kepala_lpse(organization))  # fmt: skip
    assert twice.value.message_dict["quarter"] == ["Laporan triwulan ini sudah ada."]
    future = Quarter.containing(selectors.today_of(organization))
    future = Quarter(future.year + 1, future.quarter)
    with pytest.raises(ValidationError) as early:
        services.report_create_quarterly(organization=organization, year=future.year, quarter=future.quarter,
                                         by=kepala_lpse(organization))  # fmt: skip
    assert "quarter" in early.value.message_dict
    assert Report.objects.count() == 1


def test_a_special_report_with_a_reversed_or_future_period_is_refused(organization):
    today = selectors.today_of(organization)
    with pytest.raises(ValidationError) as reversed_:
        services.report_create_special(organization=organization, title="Laporan khusus gangguan", start=today,
                                       end=today - datetime.timedelta(days=3),
                                       by=kepala_lpse(organization))  # fmt: skip
    assert "end" in reversed_.value.message_dict
    with pytest.raises(ValidationError) as future:
        services.report_create_special(organization=organization, title="", start=today,
                                       end=today + datetime.timedelta(days=3),
                                       by=kepala_lpse(organization))  # fmt: skip
    assert set(future.value.message_dict) == {"title", "end"}
    assert not Report.objects.exists()
    special = services.report_create_special(organization=organization, title="Laporan khusus gangguan SPSE",
                                             start=today - datetime.timedelta(days=7), end=today,
                                             by=kepala_lpse(organization))  # fmt: skip
    assert special.kind == Report.Kind.SPECIAL and special.year is None and special.snapshot


def test_only_the_kepala_lpse_prepares_and_approves(organization, personas):
    with pytest.raises(PermissionDenied):
        services.report_create_quarterly(organization=organization, year=2025, quarter=1, by=personas["ukpbj_head"])
    report = written(organization)
    for who in ("ukpbj_head", "helpdesk_agent", "vendor_admin"):
        with pytest.raises(PermissionDenied):
            services.report_submit(report=report, by=personas[who])


def test_submitting_needs_the_introduction_and_the_conclusion(organization):
    report = draft(organization)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, by=kepala_lpse(organization))
    assert refused.value.messages == ["Tulis pendahuluan dan kesimpulan sebelum mengajukan laporan."]
    assert Report.objects.get(pk=report.pk).status == S.DRAFT


def test_a_draft_is_generated_again_but_the_submitted_figures_no_longer_change(organization):
    report = written(organization)
    assert _outages(report)["Gangguan"] == "0"
    _outage_in(report)
    report = services.report_regenerate(report=report, by=kepala_lpse(organization), seen_version=report.version)
    assert _outages(report)["Gangguan"] == "1"
    report = services.report_submit(report=report, by=kepala_lpse(organization))
    report = services.report_approve(report=report, by=kepala_lpse(organization))
    frozen, printed = report.snapshot, printing.pdf(report)
    _outage_in(report)  # later data
    report.refresh_from_db()
    assert report.snapshot == frozen and _outages(report)["Gangguan"] == "1"
    assert printing.pdf(report) == printed  # the same snapshot prints the same bytes
    with pytest.raises(ValidationError):
        services.report_regenerate(report=report, by=kepala_lpse(organization))


def test_the_narrative_is_kept_per_section_and_refused_for_an_unknown_one_or_a_stale_form(organization):
    report = written(organization)
    assert report.commentary == {"helpdesk": "Komentar helpdesk."}
    with pytest.raises(ValidationError):
        services.narrative_save(report=report, introduction="x", conclusion="y", commentary={"nope": "z"},
                                by=kepala_lpse(organization))  # fmt: skip
    with pytest.raises(ValidationError) as stale:
        services.narrative_save(report=report, introduction="x", conclusion="y", commentary={},
                                by=kepala_lpse(organization), seen_version=report.version - 1)  # fmt: skip
    assert stale.value.code == "stale"
    assert Report.objects.get(pk=report.pk).introduction == "Pendahuluan."


def test_the_kepala_lpse_returns_the_report_with_a_note(organization):
    head = kepala_lpse(organization)
    report = services.report_submit(report=written(organization), by=head)
    with pytest.raises(ValidationError):
        services.report_return(report=report, note="  ", by=head)
    report = services.report_return(report=report, note="Lengkapi komentar SLA.", by=head)
    assert (report.status, report.return_note, report.submitted_at) == (S.DRAFT, "Lengkapi komentar SLA.", None)
    assert AuditEvent.objects.filter(action="reports.report.returned", target_id=str(report.pk)).exists()


def test_forwarded_through_the_kepala_ukpbj_and_sent_with_a_numbered_letter(organization):
    report = forwarded(organization)
    assert (report.status, report.forwarded_by) == (S.FORWARDED, kepala_ukpbj(organization))
    today = selectors.today_of(organization)
    with pytest.raises(ValidationError) as future:
        services.report_send(report=report, sent_on=today + datetime.timedelta(days=1), by=kepala_ukpbj(organization))
    assert "sent_on" in future.value.message_dict
    report = services.report_send(report=report, sent_on=today, by=kepala_ukpbj(organization))
    assert report.status == S.SENT and report.letter_number == f"001/LAP-LPSE/{today.year}"
    event = AuditEvent.objects.get(action="reports.report.sent", target_id=str(report.pk))
    assert event.changes["letter_number"] == report.letter_number
    assert not selectors.report_get_for(kepala_ukpbj(organization), report.pk).overdue


def test_who_approved_cannot_forward_alone(organization):
    report = approved(organization)
    head = kepala_lpse(organization)
    kepala_ukpbj(organization)
    held = RoleAssignment.objects.filter(organization=organization, role="ukpbj_head").first()
    held.pk, held.user = None, head
    held.save()
    head = type(head).objects.get(pk=head.pk)  # capabilities read afresh
    with pytest.raises(ValidationError):
        services.report_forward(report=report, by=head)
    assert Report.objects.get(pk=report.pk).status == S.APPROVED


def test_a_report_not_sent_by_its_due_date_is_overdue_in_the_list(organization, django_assert_max_num_queries):
    old = Quarter.containing(selectors.today_of(organization)).previous().previous()
    draft(organization, quarter=old)
    draft(organization)
    reader = kepala_ukpbj(organization)
    assert reader.capabilities  # the roles, read once a request by the middleware
    with django_assert_max_num_queries(3):
        page = selectors.report_list_for(reader)
    overdue = {r.title: r.overdue for r in page.items}
    assert overdue[old.title] is True


def test_the_docx_holds_the_same_content_as_the_pdf(organization):
    report = approved(organization)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(printing.docx(report))).paragraphs)
    document = printing.document_of(report)
    assert "Pendahuluan." in text and "Kesimpulan." in text and "Komentar helpdesk." in text
    for chapter in document.chapters:
        assert f"{chapter.number}. {chapter.section.title}" in text
    assert printing.pdf(report).startswith(b"%PDF")
