"""Announcements of outages and maintenance (issue 5 §4; Perwali Salatiga 41/2024 Pasal 9 ayat 4, annex 2.6.4 b):
announcing, correcting, closing with the Berita Acara Gangguan and its yearly number, the staff and public pages, the
Atom feed and the PDF."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sopan.core.models import AuditEvent, NumberSeries
from sopan.core.testing import login
from sopan.helpdesk.announcements import printing as printing_announcements
from sopan.helpdesk.announcements import selectors, services
from sopan.helpdesk.models import Announcement
from sopan.helpdesk.tests.factories import make_announcement
from sopan.helpdesk.tickets.numbers import next_number

ATOM = "{http://www.w3.org/2005/Atom}"
MAX_QUERIES = 14
WIB = datetime.timezone(datetime.timedelta(hours=7))


def announce(organization, by, **fields) -> Announcement:
    values = {
        "kind": "outage",
        "title": "Gangguan akses SPSE",
        "body": "SPSE tidak dapat diakses karena gangguan jaringan.",
        "services": "SPSE",
        "started_at": timezone.now() - datetime.timedelta(hours=2),
        **fields,
    }
    return services.announcement_create(organization=organization, by=by, **values)


def close(announcement, by, **fields) -> Announcement:
    values = {"cause": "Kabel fiber optik putus; diganti oleh penyedia jaringan.", **fields}
    return services.announcement_close(announcement=announcement, by=by, **values)


def pdf_text(content: bytes, html: str) -> str:
    """The text of a PDF: through pdftotext (poppler-utils) or pypdf when this machine has one, else the HTML it was
    rendered from (WeasyPrint compresses its streams, so the bytes alone do not show the text)."""
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    try:
        import io

        import pypdf
    except ImportError:
        return html
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def agent(personas, helpdesk_setup):
    return personas["helpdesk_agent"]


@pytest.fixture
def english_agent(agent):
    agent.language = "en"
    agent.save(update_fields=["language"])
    return agent


# --- services: announcing ----------------------------------------------------------------------------------------
def test_agent_announces_an_outage_and_the_announcement_is_audited(organization, agent):
    started = timezone.now() - datetime.timedelta(minutes=30)
    announcement = announce(
        organization,
        agent,
        services="  SPSE,   SiRUP ",
        affected_tenders="10012345000\n\n  10012346000 \n10012345000\n",
        started_at=started,
        expected_end_at=started + datetime.timedelta(hours=3),
    )
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.ACTIVE and announcement.created_by == agent
    assert announcement.services == "SPSE, SiRUP"
    assert announcement.tender_codes == ["10012345000", "10012346000"]
    assert announcement.report_number == "" and announcement.ended_at is None
    event = AuditEvent.objects.get(action="helpdesk.announcement.created", target_id=str(announcement.pk))
    assert event.actor == agent and event.changes["title"] == "Gangguan akses SPSE"


def test_planned_maintenance_may_be_announced_before_it_starts(organization, agent):
    tonight = timezone.now() + datetime.timedelta(hours=10)
    announcement = announce(
        organization,
        agent,
        kind="maintenance",
        started_at=tonight,
        expected_end_at=tonight + datetime.timedelta(hours=2),
    )
    listed = selectors.public_active_announcements(organization)
    assert listed == [announcement] and listed[0].is_upcoming


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"title": "  "}, "title", "Give the announcement a title."),
        ({"body": ""}, "body", "Write what users should know."),
        ({"services": " "}, "services", "Name the affected services"),
        ({"kind": "rumour"}, "kind", "outage or maintenance"),
        (
            {"started_at": timezone.now() + datetime.timedelta(hours=1)},
            "started_at",
            "An outage cannot start in the future",
        ),
        (
            {"expected_end_at": timezone.now() - datetime.timedelta(hours=3)},
            "expected_end_at",
            "The expected end must be after the start",
        ),
        ({"affected_tenders": "x" * 61}, "affected_tenders", "at most 60 characters"),
    ],
)
def test_wrong_announcements_are_refused_with_the_field_named(organization, agent, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        announce(organization, agent, **fields)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("persona", ["verifier", "registration_officer", "ppk", "pokja", "vendor_admin", "auditor"])
def test_people_who_do_not_manage_announcements_cannot_announce(organization, personas, persona):
    with pytest.raises(PermissionDenied):
        announce(organization, personas[persona])


def test_the_head_of_another_lpse_cannot_announce_for_this_organisation(organization, outsider):
    with pytest.raises(PermissionDenied):
        announce(organization, outsider)


def test_an_ongoing_announcement_is_corrected_and_the_change_audited(organization, agent):
    announcement = announce(organization, agent)
    expected = announcement.started_at + datetime.timedelta(hours=5)
    services.announcement_update(
        announcement=announcement, by=agent, services="SPSE, e-Katalog", expected_end_at=expected
    )
    announcement.refresh_from_db()
    assert announcement.services == "SPSE, e-Katalog" and announcement.expected_end_at == expected
    event = AuditEvent.objects.get(action="helpdesk.announcement.updated")
    assert event.changes["services"] == ["SPSE", "SPSE, e-Katalog"] and set(event.changes) == {
        "services",
        "expected_end_at",
    }


def test_an_update_that_changes_nothing_writes_no_audit_event(organization, agent):
    announcement = announce(organization, agent)
    services.announcement_update(announcement=announcement, by=agent, title=announcement.title)
    assert not AuditEvent.objects.filter(action="helpdesk.announcement.updated").exists()


def test_an_update_is_checked_like_a_new_announcement(organization, agent):
    announcement = announce(organization, agent)
    with pytest.raises(ValidationError) as caught:
        services.announcement_update(
            announcement=announcement, by=agent, expected_end_at=announcement.started_at - datetime.timedelta(minutes=1)
        )
    assert "expected_end_at" in caught.value.message_dict


# --- services: closing and the Berita Acara number ---------------------------------------------------------------
def test_closing_records_the_end_the_cause_and_numbers_the_berita_acara(organization, agent):
    announcement = announce(organization, agent)
    ended = timezone.now() - datetime.timedelta(minutes=10)
    closed = close(announcement, agent, ended_at=ended)
    closed.refresh_from_db()
    year = timezone.localtime(timezone.now(), datetime.timezone(datetime.timedelta(hours=7))).year
    assert closed.status == Announcement.Status.CLOSED and closed.ended_at == ended and closed.closed_by == agent
    assert closed.cause.startswith("Kabel fiber optik putus") and closed.report_number == f"BA-{year}-0001"
    event = AuditEvent.objects.get(action="helpdesk.announcement.closed")
    assert event.changes["report_number"] == closed.report_number and event.changes["status"] == ["active", "closed"]


def test_closing_without_an_end_ends_it_now(organization, agent):
    before = timezone.now()
    closed = close(announce(organization, agent), agent)
    assert before <= closed.ended_at <= timezone.now()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"ended_at": timezone.now() - datetime.timedelta(days=1)}, "ended_at", "The end cannot be before the start"),
        ({"ended_at": timezone.now() + datetime.timedelta(hours=1)}, "ended_at", "The end cannot be in the future"),
        ({"cause": "   "}, "cause", "Write the cause and the action taken"),
    ],
)
def test_a_wrong_closing_is_refused_and_draws_no_number(organization, agent, fields, field, message):
    announcement = announce(organization, agent)
    with pytest.raises(ValidationError) as caught:
        close(announcement, agent, **fields)
    assert message in " ".join(caught.value.message_dict[field])
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.ACTIVE and announcement.report_number == ""
    assert not NumberSeries.objects.filter(series="BA").exists() or NumberSeries.objects.get(series="BA").value == 0


def test_an_ended_announcement_can_be_neither_changed_nor_closed_again(organization, agent):
    closed = close(announce(organization, agent), agent)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.announcement_update(announcement=closed, by=agent, title="Lain")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        close(closed, agent)
    closed.refresh_from_db()
    assert closed.title == "Gangguan akses SPSE" and closed.report_number.endswith("-0001")


def test_berita_acara_numbers_follow_each_other_per_organisation(organization, other_organization, agent, outsider):
    numbers = [close(announce(organization, agent), agent).report_number for _ in range(3)]
    year = numbers[0].split("-")[1]
    assert numbers == [f"BA-{year}-0001", f"BA-{year}-0002", f"BA-{year}-0003"]
    theirs = close(announce(other_organization, outsider), outsider)
    assert theirs.report_number == f"BA-{year}-0001"


def test_next_number_is_a_yearly_sequence_per_kind(organization):
    assert next_number(organization, "HD", 2026, 6) == "HD-2026-000001"
    assert next_number(organization, "HD", 2026, 6) == "HD-2026-000002"
    assert next_number(organization, "FK", 2026, 5) == "FK-2026-00001"
    assert next_number(organization, "HD", 2027, 6) == "HD-2027-000001"
    assert NumberSeries.objects.get(organization=organization, series="HD", year=2026).value == 2


def test_closing_someone_elses_announcement_is_refused(organization, agent, outsider):
    announcement = announce(organization, agent)
    with pytest.raises(PermissionDenied):
        close(announcement, outsider)
    with pytest.raises(PermissionDenied):
        services.announcement_update(announcement=announcement, by=outsider, title="Diretas")


# --- selectors ---------------------------------------------------------------------------------------------------
def test_an_announcement_of_another_organisation_is_404_for_its_staff(organization, agent, outsider, personas):
    announcement = announce(organization, agent)
    assert selectors.announcement_get_for(agent, announcement.pk) == announcement
    with pytest.raises(Http404):
        selectors.announcement_get_for(outsider, announcement.pk)
    with pytest.raises(Http404):
        selectors.announcement_get_for(personas["verifier"], announcement.pk)


def test_the_public_list_shows_ongoing_before_planned_and_only_this_organisation(
    organization, other_organization, agent, outsider
):
    now = timezone.now()
    planned = announce(organization, agent, kind="maintenance", started_at=now + datetime.timedelta(days=1))
    ongoing = announce(organization, agent, started_at=now - datetime.timedelta(hours=1))
    ended = close(announce(organization, agent, title="Gangguan lama"), agent)
    old = make_announcement(
        organization,
        status="closed",
        started_at=now - datetime.timedelta(days=400),
        ended_at=now - datetime.timedelta(days=399),
    )
    announce(other_organization, outsider, title="Gangguan di Batang")
    assert selectors.public_active_announcements(organization) == [ongoing, planned]
    assert selectors.public_closed_announcements(organization).items == [ended]
    assert old not in selectors.public_closed_announcements(organization).items


# --- staff pages -------------------------------------------------------------------------------------------------
def test_agent_announces_and_closes_an_outage_through_the_pages(client, organization, english_agent):
    login(client, english_agent)
    today = timezone.localtime(timezone.now(), WIB).date() - datetime.timedelta(days=1)
    response = client.post(
        reverse("helpdesk:announcement-create"),
        {
            "kind": "outage",
            "title": "SPSE tidak dapat diakses",
            "body": "Gunakan jalur lain sementara.",
            "services": "SPSE",
            "affected_tenders": "10012345000",
            "started_at": f"{today:%Y-%m-%d}T08:00",
            "expected_end_at": f"{today:%Y-%m-%d}T12:00",
        },
    )
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "helpdesk:announcement-detail", kwargs={"pk": announcement.pk}
    )
    # The form's times are the organisation's (WIB): 08.00 WIB is 01.00 UTC.
    assert announcement.started_at == datetime.datetime.combine(today, datetime.time(8), WIB)
    detail = client.get(response["Location"]).content.decode()
    assert "SPSE tidak dapat diakses" in detail and "08:00 WIB" in detail.replace(".", ":")
    response = client.post(
        reverse("helpdesk:announcement-close", kwargs={"pk": announcement.pk}),
        {"ended_at": f"{today:%Y-%m-%d}T11:25", "cause": "Kabel putus, sudah diganti."},
    )
    announcement.refresh_from_db()
    assert response.status_code == 302 and announcement.status == "closed"
    assert announcement.ended_at == datetime.datetime.combine(today, datetime.time(11, 25), WIB)
    detail = client.get(reverse("helpdesk:announcement-detail", kwargs={"pk": announcement.pk})).content.decode()
    assert announcement.report_number in detail
    assert reverse("helpdesk:announcement-report", kwargs={"pk": announcement.pk}) in detail
    # An ended announcement's edit page sends back to it.
    edit = client.get(reverse("helpdesk:announcement-update", kwargs={"pk": announcement.pk}))
    assert edit.status_code == 302


def test_the_form_shows_the_services_refusal_on_the_field(client, organization, english_agent):
    login(client, english_agent)
    response = client.post(
        reverse("helpdesk:announcement-create"),
        {
            "kind": "outage",
            "title": "SPSE lambat",
            "body": "Akses lambat.",
            "services": "SPSE",
            "started_at": "2026-01-12T08:00",
            "expected_end_at": "2026-01-12T07:00",
        },
    )
    assert response.status_code == 400 and not Announcement.objects.exists()
    assert "The expected end must be after the start" in response.context["form"].errors["expected_end_at"][0]
    assert "The expected end must be after the start" in response.content.decode()


def test_the_close_form_refuses_an_end_before_the_start(client, organization, english_agent):
    announcement = announce(organization, english_agent)
    login(client, english_agent)
    before = timezone.localtime(announcement.started_at - datetime.timedelta(hours=1), WIB)
    response = client.post(
        reverse("helpdesk:announcement-close", kwargs={"pk": announcement.pk}),
        {"ended_at": before.strftime("%Y-%m-%dT%H:%M"), "cause": "Sudah pulih."},
    )
    assert response.status_code == 400 and "The end cannot be before the start" in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.status == "active"


def test_the_edit_page_corrects_an_ongoing_announcement(client, organization, english_agent):
    announcement = announce(organization, english_agent)
    login(client, english_agent)
    url = reverse("helpdesk:announcement-update", kwargs={"pk": announcement.pk})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["started_at"] = timezone.localtime(announcement.started_at, WIB).strftime("%Y-%m-%dT%H:%M")
    data["services"] = "SPSE, SiRUP"
    response = client.post(url, data)
    announcement.refresh_from_db()
    assert response.status_code == 302 and announcement.services == "SPSE, SiRUP"


def test_staff_list_pages_with_a_constant_number_of_queries(
    client, organization, english_agent, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(60):
        make_announcement(
            organization,
            title=f"Gangguan {n:02d}",
            started_at=now - datetime.timedelta(hours=n),
            created_by=english_agent,
        )
    login(client, english_agent)
    url = reverse("helpdesk:announcement-list")
    with django_assert_max_num_queries(MAX_QUERIES):
        first = client.get(url)
    assert first.status_code == 200 and len(first.context["page"].items) == 50 and first.context["page"].has_next
    with django_assert_max_num_queries(MAX_QUERIES):
        second = client.get(url, {"cursor": first.context["page"].next_cursor})
    assert [a.title for a in second.context["page"].items] == [f"Gangguan {n:02d}" for n in range(50, 60)]
    closed_only = client.get(url, {"status": "closed"})
    assert closed_only.context["page"].items == []


def test_staff_who_do_not_manage_announcements_are_refused(client, organization, agent, personas):
    announcement = announce(organization, agent)
    login(client, personas["verifier"])
    assert client.get(reverse("helpdesk:announcement-list")).status_code == 403
    assert client.get(reverse("helpdesk:announcement-detail", kwargs={"pk": announcement.pk})).status_code == 404


def test_the_head_of_another_lpse_gets_404_for_this_organisations_announcement(client, organization, agent, outsider):
    announcement = close(announce(organization, agent), agent)
    login(client, outsider)
    for name in ("announcement-detail", "announcement-update", "announcement-close", "announcement-report"):
        assert client.get(reverse(f"helpdesk:{name}", kwargs={"pk": announcement.pk})).status_code == 404
    assert announcement.title not in client.get(reverse("helpdesk:announcement-list")).content.decode()


# --- public pages and the feed -----------------------------------------------------------------------------------
def test_anyone_sees_the_public_page_in_the_organisations_time_without_the_staff_names(
    client, organization, other_organization, agent, outsider, django_assert_max_num_queries
):
    started = datetime.datetime(2026, 1, 12, 8, 0, tzinfo=WIB)
    ongoing = announce(organization, agent, started_at=started, title="SPSE tidak dapat diakses")
    ended = close(announce(organization, agent, title="Gangguan SiRUP", services="SiRUP"), agent)
    for n in range(25):
        make_announcement(
            organization,
            title=f"Gangguan lama {n}",
            status="closed",
            started_at=timezone.now() - datetime.timedelta(days=3, hours=n),
            ended_at=timezone.now() - datetime.timedelta(days=2, hours=n),
        )
    announce(other_organization, outsider, title="Gangguan di Batang")
    url = reverse("helpdesk:public-announcement-list", kwargs={"org": organization.slug})
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("SPSE tidak dapat diakses") < page.index("Gangguan SiRUP")
    assert "Gangguan di Batang" not in page and agent.get_full_name() not in page
    assert "08.00 WIB" in page or "08:00 WIB" in page
    assert response.context["page"].has_next
    with django_assert_max_num_queries(MAX_QUERIES):
        second = client.get(url, {"cursor": response.context["page"].next_cursor})
    assert len(second.context["page"].items) == 6
    detail = client.get(
        reverse("helpdesk:public-announcement-detail", kwargs={"org": organization.slug, "pk": ended.pk})
    )
    assert detail.status_code == 200 and ended.report_number in detail.content.decode()
    assert reverse("helpdesk:public-announcement-report", kwargs={"org": organization.slug, "pk": ended.pk}) in (
        detail.content.decode()
    )
    ongoing_page = client.get(
        reverse("helpdesk:public-announcement-detail", kwargs={"org": organization.slug, "pk": ongoing.pk})
    ).content.decode()
    assert "berita-acara.pdf" not in ongoing_page


def test_the_public_announcement_pages_lead_back_to_the_help_page(client, organization, agent):
    # Given an ongoing outage, which a visitor may reach straight from the feed or a shared link
    announcement = announce(organization, agent)
    home = reverse("helpdesk:public-home", kwargs={"org": organization.slug})
    listing = reverse("helpdesk:public-announcement-list", kwargs={"org": organization.slug})
    detail = reverse("helpdesk:public-announcement-detail", kwargs={"org": organization.slug, "pk": announcement.pk})

    # Then both pages link to the help page (to report the problem or track a ticket), the detail to the list too
    list_page = client.get(listing).content.decode()
    detail_page = client.get(detail).content.decode()
    assert f'href="{home}"' in list_page
    assert f'href="{home}"' in detail_page and f'href="{listing}"' in detail_page


def test_an_announcement_is_not_found_under_another_organisations_address(
    client, organization, other_organization, agent
):
    announcement = announce(organization, agent)
    url = reverse("helpdesk:public-announcement-detail", kwargs={"org": other_organization.slug, "pk": announcement.pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("helpdesk:public-announcement-list", kwargs={"org": "tidak-ada"})).status_code == 404


def test_the_atom_feed_is_valid_xml_with_one_entry_per_announcement(
    client, organization, other_organization, agent, outsider, django_assert_max_num_queries
):
    ongoing = announce(organization, agent, affected_tenders="10012345000")
    ended = close(announce(organization, agent, title="Gangguan SiRUP"), agent)
    announce(other_organization, outsider, title="Gangguan di Batang")
    url = reverse("helpdesk:public-announcement-feed", kwargs={"org": organization.slug})
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed" and organization.name in root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}id") == f"{settings.SITE_URL}{url}"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    by_link = {entry.find(f"{ATOM}link").get("href"): entry for entry in entries}
    ended_link = settings.SITE_URL + reverse(
        "helpdesk:public-announcement-detail", kwargs={"org": organization.slug, "pk": ended.pk}
    )
    ongoing_link = settings.SITE_URL + reverse(
        "helpdesk:public-announcement-detail", kwargs={"org": organization.slug, "pk": ongoing.pk}
    )
    assert set(by_link) == {ended_link, ongoing_link}
    assert by_link[ended_link].findtext(f"{ATOM}title").endswith("Gangguan SiRUP")
    assert by_link[ended_link].findtext(f"{ATOM}title") != "Gangguan SiRUP"  # marked as ended
    assert "10012345000" in by_link[ongoing_link].findtext(f"{ATOM}summary")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))


def test_the_feed_of_an_organisation_without_announcements_is_an_empty_valid_feed(client, organization):
    response = client.get(reverse("helpdesk:public-announcement-feed", kwargs={"org": organization.slug}))
    root = ET.fromstring(response.content)
    assert response.status_code == 200 and root.findall(f"{ATOM}entry") == []


# --- the Berita Acara ----------------------------------------------------------------------------------------------
def test_the_berita_acara_is_a_pdf_with_the_number_the_times_and_the_duration(client, organization, english_agent):
    start = datetime.datetime(2026, 1, 12, 8, 0, tzinfo=WIB)
    announcement = announce(
        organization,
        english_agent,
        services="SPSE, SiRUP",
        affected_tenders="10012345000\n10012346000",
        started_at=start,
        expected_end_at=start + datetime.timedelta(hours=4),
    )
    announcement = close(announcement, english_agent, ended_at=start + datetime.timedelta(hours=3, minutes=25))
    login(client, english_agent)
    response = client.get(reverse("helpdesk:announcement-report", kwargs={"pk": announcement.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert announcement.report_number in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content, printing_announcements.report_html(announcement)).split())
    assert "BERITA ACARA GANGGUAN" in text and f"Nomor: {announcement.report_number}" in text
    assert "Senin, 12 Januari 2026 pukul 08.00 WIB" in text
    assert "Senin, 12 Januari 2026 pukul 11.25 WIB" in text
    assert "3 jam 25 menit" in text and "10012346000" in text and "SPSE, SiRUP" in text
    assert "Kabel fiber optik putus" in text and "Kepala LPSE" in text
    assert "PEMERINTAH KOTA SALATIGA" in text  # the letterhead


def test_the_berita_acara_uses_the_organisations_zone(organization, agent):
    organization.timezone = "Asia/Makassar"
    organization.save(update_fields=["timezone"])
    start = datetime.datetime(2026, 3, 2, 0, 30, tzinfo=datetime.UTC)
    announcement = close(
        announce(organization, agent, kind="maintenance", started_at=start),
        agent,
        ended_at=start + datetime.timedelta(days=1, hours=2),
    )
    announcement.organization.refresh_from_db()
    html = printing_announcements.report_html(announcement)
    assert "Senin, 2 Maret 2026 pukul 08.30 WITA" in html and "1 hari 2 jam" in html
    assert "BERITA ACARA PEMELIHARAAN SISTEM" in html


def test_an_ongoing_announcement_has_no_berita_acara(client, organization, agent):
    announcement = announce(organization, agent)
    login(client, agent)
    assert client.get(reverse("helpdesk:announcement-report", kwargs={"pk": announcement.pk})).status_code == 404
    public = reverse("helpdesk:public-announcement-report", kwargs={"org": organization.slug, "pk": announcement.pk})
    client.logout()
    assert client.get(public).status_code == 404


def test_anyone_downloads_the_berita_acara_of_an_ended_outage(client, organization, agent):
    announcement = close(announce(organization, agent), agent)
    url = reverse("helpdesk:public-announcement-report", kwargs={"org": organization.slug, "pk": announcement.pk})
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "delta, text",
    [
        (datetime.timedelta(0), "0 menit"),
        (datetime.timedelta(minutes=45, seconds=59), "45 menit"),
        (datetime.timedelta(hours=3), "3 jam"),
        (datetime.timedelta(days=2, minutes=5), "2 hari 5 menit"),
    ],
)
def test_durations_are_written_in_indonesian(delta, text):
    assert printing_announcements.duration_text(delta) == text
