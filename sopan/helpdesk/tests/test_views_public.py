"""The public side of the helpdesk as reporters use it (issue 5 §1 web form, §5 tracking; bad input: floods,
disguised attachments, a reply to a closed ticket): the help page, the report form with its proof of work and rate
limit, tracking without enumeration, and the reporter's link — conversation without notes, attachments, reply,
confirm — never reaching another organisation's tickets."""

from __future__ import annotations

import datetime
import re

import altcha
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sopan.core import antibot
from sopan.core.templatetags.sopan import local_datetime
from sopan.core.testing import duplicate_ids, login, run_background_tasks
from sopan.helpdesk.models import Attachment, Contact, Message, Ticket
from sopan.helpdesk.tests.factories import add_conversation, committed, make_ticket, problem, reporter
from sopan.helpdesk.tickets import services, views_public
from sopan.vendors.tests.factories import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture(autouse=True)
def _public_settings(settings, tmp_path):
    settings.ANTIBOT_ENABLED = False  # the tests of the proof of work below switch it on
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def english(client):
    """Anonymous pages in English (Indonesian is the default)."""
    client.cookies["sopan_language"] = "en"
    return client


def _form(**overrides) -> dict:
    data = {
        "name": "Budi Santoso",
        "email": "budi@majujaya.co.id",
        "phone": "0812 3456 7890",
        "institution": "CV Maju Jaya",
        "user_type": "vendor",
        "application": "spse",
        "tender_code": "10012345",
        "affects_tender": "on",
        "error_code": "500 Internal Server Error",
        "subject": "Gagal unggah dokumen penawaran",
        "description": "Saat mengunggah penawaran muncul galat 500.",
    }
    data.update(overrides)
    return data


def _url(name: str, organization, **kwargs) -> str:
    return reverse(f"helpdesk:{name}", kwargs={"org": organization.slug, **kwargs})


def _ticket_url(ticket: Ticket, name: str = "public-ticket", **kwargs) -> str:
    return _url(name, ticket.organization, token=ticket.public_token, **kwargs)


def _web_ticket(organization, **reporter_fields) -> Ticket:
    with committed():
        return services.ticket_create(
            organization=organization,
            channel="web",
            reporter=reporter(**reporter_fields),
            problem=problem(),
            by=None,
        )


def _without_csrf(page: str) -> str:
    return re.sub(r'csrfmiddlewaretoken" value="[^"]+"|X-CSRFToken": "[^"]+"', "", page)


def _exe_named_png() -> SimpleUploadedFile:
    # The start of a Windows program (MZ header, "This program cannot be run in DOS mode").
    content = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00"
    content += (
        b"\x0e\x1f\xba\x0e\x00\xb4\t\xcd!\xb8\x01L\xcd!This program cannot be run in DOS mode.\r\r\n$" + b"\0" * 200
    )
    return SimpleUploadedFile("tangkapan-layar.png", content, content_type="image/png")


def _solved_payload() -> str:
    """What the widget posts, solved in Python the way the browser does (see sopan/core/tests/test_antibot.py)."""
    challenge = altcha.Challenge.from_dict(antibot.challenge_json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def _limit(rate: str) -> int:
    return int(rate.split("/")[0])


# --- the help page -------------------------------------------------------------------------------------------------
def test_help_page_offers_report_track_and_the_pages_that_exist(english, organization):
    response = english.get(_url("public-home", organization))
    page = response.content.decode()
    assert response.status_code == 200
    assert _url("public-report", organization) in page and _url("public-track", organization) in page
    for name, anchor in (("public-faq", "link-faq"), ("public-announcement-list", "link-announcements")):
        try:
            url = _url(name, organization)
        except NoReverseMatch:
            assert f'id="{anchor}"' not in page
        else:
            assert url in page


def test_help_page_of_an_unknown_organisation_is_404(client, organization):
    assert client.get(reverse("helpdesk:public-home", kwargs={"org": "tidak-ada"})).status_code == 404
    assert client.get(reverse("helpdesk:public-report", kwargs={"org": "tidak-ada"})).status_code == 404


# --- the web report ------------------------------------------------------------------------------------------------
def test_a_member_of_the_public_reports_a_problem_and_gets_the_number_and_link(english, helpdesk_setup):
    organization = helpdesk_setup
    with committed():
        response = english.post(_url("public-report", organization), _form())

    ticket = Ticket.objects.get(organization=organization)
    assert response.status_code == 302 and response["Location"] == _ticket_url(ticket, "public-report-done")
    assert ticket.channel == "web" and ticket.status == S.RECORDED and ticket.reporter_user is None
    assert (ticket.reporter_email, ticket.reporter_institution, ticket.user_type) == (
        "budi@majujaya.co.id",
        "CV Maju Jaya",
        "vendor",
    )
    assert ticket.affects_tender and ticket.tender_code == "10012345" and ticket.error_code.startswith("500")
    first = ticket.messages.get()
    assert first.kind == Message.Kind.FROM_REPORTER and first.body == "Saat mengunggah penawaran muncul galat 500."

    done = english.get(response["Location"])
    page = done.content.decode()
    assert ticket.number in page and _ticket_url(ticket) in page

    # The creation mail is queued for the reporter, and the worker delivers it.
    queued = DBTaskResult.objects.filter(task_path__endswith="send_ticket_mail")
    assert [(t.args_kwargs["kwargs"]["ticket_id"], t.args_kwargs["kwargs"]["kind"]) for t in queued] == [
        (ticket.pk, "created")
    ]
    run_background_tasks()
    task = queued.get()
    assert task.status == "SUCCESSFUL", task.traceback
    assert [m.to for m in mail.outbox] == [["budi@majujaya.co.id"]] and ticket.number in mail.outbox[0].subject
    assert _ticket_url(ticket) in mail.outbox[0].body


def test_a_web_report_costs_the_same_queries_after_3_or_30_tickets_of_the_reporter(
    english, helpdesk_setup, django_assert_num_queries
):
    url = _url("public-report", helpdesk_setup)

    def report() -> None:
        screenshot = SimpleUploadedFile("layar.png", png_bytes(), content_type="image/png")
        response = english.post(url, {**_form(), "attachments": [screenshot]})
        assert response.status_code == 302, response.content.decode()[:500]

    # Given a reporter with 3 tickets (the first reported here warms the caches and makes their contact)
    report()
    contact = Contact.objects.get()
    for _ in range(2):
        make_ticket(helpdesk_setup, contact=contact)
    with CaptureQueriesContext(connection) as captured:
        report()
    few = len(captured)  # now: the next request empties the log the capture reads from
    # When they and others have reported 27 more
    for n in range(27):
        make_ticket(helpdesk_setup, contact=contact if n % 2 else None)

    # Then the next report costs the same queries
    with django_assert_num_queries(few):
        report()
    assert Ticket.objects.filter(contact=contact).count() == 18


def test_the_report_form_says_what_is_missing_and_creates_nothing(english, helpdesk_setup):
    response = english.post(_url("public-report", helpdesk_setup), _form(email="", subject="", description=""))
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"email", "subject", "description"}
    assert not Ticket.objects.exists() and not Contact.objects.exists()


def test_a_tender_flag_without_the_tender_code_is_refused_on_its_field(english, helpdesk_setup):
    response = english.post(_url("public-report", helpdesk_setup), _form(tender_code=""))
    assert response.status_code == 400
    assert "Name the tender or package" in " ".join(response.context["form"].errors["tender_code"])
    assert not Ticket.objects.exists()


def test_a_logged_in_vendor_finds_their_details_filled_in_and_the_ticket_is_theirs(client, helpdesk_setup, personas):
    vendor = personas["vendor_admin"]
    login(client, vendor)
    form = client.get(_url("public-report", helpdesk_setup)).context["form"]
    assert form["name"].value() == vendor.get_full_name()
    assert form["email"].value() == vendor.email
    assert form["user_type"].value() == "vendor"

    with committed():
        client.post(_url("public-report", helpdesk_setup), _form(email=vendor.email, name=vendor.get_full_name()))
    ticket = Ticket.objects.get()
    assert ticket.reporter_user == vendor and ticket.contact.user == vendor


@pytest.mark.parametrize(
    ("persona", "user_type"), [("ppk", "ppk"), ("pokja", "pokja"), ("auditor", "auditor"), ("verifier", "lpse")]
)
def test_the_user_type_is_chosen_from_the_persons_roles(client, organization, personas, persona, user_type):
    login(client, personas[persona])
    assert client.get(_url("public-report", organization)).context["form"]["user_type"].value() == user_type


def test_screenshots_and_a_pdf_are_attached_to_the_first_message(english, helpdesk_setup):
    files = [
        SimpleUploadedFile("layar.png", png_bytes(), content_type="image/png"),
        SimpleUploadedFile("bukti.pdf", pdf_bytes("bukti"), content_type="application/pdf"),
    ]
    with committed():
        response = english.post(_url("public-report", helpdesk_setup), {**_form(), "attachments": files})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    stored = sorted(ticket.attachments.all(), key=lambda a: a.name)
    assert [(a.name, a.content_type) for a in stored] == [("bukti.pdf", "application/pdf"), ("layar.png", "image/png")]
    assert all(a.message.kind == Message.Kind.FROM_REPORTER for a in stored)
    with stored[1].file.open("rb") as handle:
        assert handle.read() == png_bytes()


@pytest.mark.parametrize(
    ("upload", "said"),
    [
        (_exe_named_png, "This file is a Windows program"),
        (
            lambda: SimpleUploadedFile("laporan.pdf", b"Ini catatan biasa, bukan PDF.\n" * 20),
            "not PDF, JPG or PNG",
        ),
    ],
    ids=["program-named-png", "text-named-pdf"],
)
def test_a_disguised_attachment_is_refused_naming_the_file_and_nothing_is_created(
    english, helpdesk_setup, upload, said
):
    uploaded = upload()
    good = SimpleUploadedFile("bukti-benar.png", png_bytes(), content_type="image/png")
    with committed():
        response = english.post(_url("public-report", helpdesk_setup), {**_form(), "attachments": [good, uploaded]})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["attachments"])
    assert uploaded.name in errors and said in errors and "bukti-benar.png" not in errors
    assert uploaded.name in response.content.decode()
    assert not Ticket.objects.exists() and not Contact.objects.exists() and not Attachment.objects.exists()


def test_an_attachment_over_the_organisations_limit_and_a_fourth_file_are_refused(english, helpdesk_setup):
    from sopan.helpdesk.models import HelpdeskSettings

    HelpdeskSettings.objects.create(organization=helpdesk_setup, max_upload_mb=1)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
    response = english.post(_url("public-report", helpdesk_setup), {**_form(), "attachments": [big]})
    assert response.status_code == 400
    assert "besar.pdf" in " ".join(response.context["form"].errors["attachments"])
    assert "the limit of 1 MB" in " ".join(response.context["form"].errors["attachments"])

    four = [SimpleUploadedFile(f"layar{i}.png", png_bytes(), content_type="image/png") for i in range(4)]
    response = english.post(_url("public-report", helpdesk_setup), {**_form(), "attachments": four})
    assert response.context["form"].errors["attachments"] == ["Attach at most 3 files."]
    assert not Ticket.objects.exists()


def test_a_flood_of_reports_from_one_address_is_stopped_with_429(client, helpdesk_setup):
    url = _url("public-report", helpdesk_setup)
    limit = _limit(views_public.REPORT_RATE)
    for _ in range(limit):
        assert client.post(url, _form(subject=""), REMOTE_ADDR="203.0.113.9").status_code == 400
    response = client.post(url, _form(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert not Ticket.objects.exists()
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200  # looking at the form stays free
    with committed():
        assert client.post(url, _form(), REMOTE_ADDR="203.0.113.10").status_code == 302  # another address is served
    assert Ticket.objects.count() == 1


def test_a_report_without_the_proof_of_work_is_refused(english, helpdesk_setup, settings):
    settings.ANTIBOT_ENABLED = True
    response = english.post(_url("public-report", helpdesk_setup), _form())
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["altcha"]] == ["antibot_missing"]
    assert "altcha-widget" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_report_with_a_solved_challenge_is_accepted_once(english, helpdesk_setup, settings):
    settings.ANTIBOT_ENABLED = True
    data = {**_form(), "altcha": _solved_payload()}
    with committed():
        assert english.post(_url("public-report", helpdesk_setup), data).status_code == 302
    replayed = english.post(_url("public-report", helpdesk_setup), data)
    assert [e.code for e in replayed.context["form"].errors.as_data()["altcha"]] == ["antibot_replayed"]
    assert Ticket.objects.count() == 1


# --- tracking ------------------------------------------------------------------------------------------------------
def test_tracking_with_the_number_and_email_leads_to_the_reporters_page(english, helpdesk_setup):
    ticket = _web_ticket(helpdesk_setup, email="siti@example.com")
    response = english.post(
        _url("public-track", helpdesk_setup), {"number": ticket.number.lower(), "email": " SITI@example.com "}
    )
    assert response.status_code == 302 and response["Location"] == _ticket_url(ticket)


def test_tracking_takes_the_number_as_people_type_it(english, helpdesk_setup):
    """`hd-2026-7` is `HD-2026-000007`: case, spaces, other separators and the zero padding do not matter."""
    ticket = _web_ticket(helpdesk_setup, email="siti@example.com")
    kind, year, serial = ticket.number.split("-")
    assert serial.startswith("0")  # the padding a reporter leaves out
    for typed in (
        f"{kind.lower()}-{year}-{int(serial)}",
        f" {kind} {year} {serial} ",
        f"{kind}/{year}/{int(serial)}",
        f"{kind}{year}{serial}",
        f"{kind.lower()}_{year}.{int(serial)}",
        f"{kind}\u2013{year}\u2013{int(serial)}",  # an en dash, as word processors write it
    ):
        response = english.post(_url("public-track", helpdesk_setup), {"number": typed, "email": "siti@example.com"})
        assert response.status_code == 302 and response["Location"] == _ticket_url(ticket), typed


def test_a_not_found_answer_blames_neither_field(english, helpdesk_setup):
    """Nothing matched: the page says the number and the address do not match a ticket, marks neither field wrong
    and names neither as the wrong one (so it reveals nothing about which one exists)."""
    ticket = _web_ticket(helpdesk_setup, email="siti@example.com")
    response = english.post(
        _url("public-track", helpdesk_setup), {"number": ticket.number, "email": "joko@example.com"}
    )
    form = response.context["form"]
    assert response.context["not_found"] and not form.errors
    page = response.content.decode()
    assert "The ticket number and the e-mail address you entered do not match any ticket." in page
    assert "is-invalid" not in page


def test_a_number_that_is_no_ticket_number_is_explained_on_the_number_field(english, helpdesk_setup):
    response = english.post(_url("public-track", helpdesk_setup), {"number": "2026-7", "email": "siti@example.com"})
    assert response.status_code == 200 and not response.context["not_found"]
    errors = response.context["form"].errors
    assert list(errors) == ["number"] and "for example HD-2026-000123" in errors["number"][0]


def test_a_wrong_number_and_a_wrong_email_get_the_same_answer(english, helpdesk_setup):
    ticket = _web_ticket(helpdesk_setup, email="siti@example.com")
    other = _web_ticket(helpdesk_setup, email="joko@example.com")
    url = _url("public-track", helpdesk_setup)
    pages = []
    for number, email in ((ticket.number, "joko@example.com"), ("HD-2000-999999", "siti@example.com")):
        response = english.post(url, {"number": number, "email": email})
        assert response.status_code == 200 and response.context["not_found"]
        page = _without_csrf(response.content.decode())
        page = page.replace(number, "NUMBER").replace(email, "EMAIL")
        pages.append(page)
    assert pages[0] == pages[1]
    assert 'id="not-found"' in pages[0]
    assert other.number not in pages[0] and ticket.subject not in pages[0]


def test_a_ticket_of_another_organisation_is_not_found_by_tracking(english, helpdesk_setup, other_organization):
    ticket = _web_ticket(helpdesk_setup, email="siti@example.com")
    response = english.post(
        _url("public-track", other_organization), {"number": ticket.number, "email": "siti@example.com"}
    )
    assert response.status_code == 200 and response.context["not_found"]


def test_guessing_ticket_numbers_is_stopped_with_429(client, helpdesk_setup):
    url = _url("public-track", helpdesk_setup)
    for n in range(_limit(views_public.TRACK_RATE)):
        client.post(url, {"number": f"HD-2026-{n:06d}", "email": "siti@example.com"})
    assert client.post(url, {"number": "HD-2026-999999", "email": "siti@example.com"}).status_code == 429


# --- the reporter's page -------------------------------------------------------------------------------------------
def test_the_reporters_page_shows_status_times_and_the_conversation_but_never_notes(
    english, helpdesk_setup, helpdesk_agent, django_assert_max_num_queries
):
    ticket = _web_ticket(helpdesk_setup)
    with committed():
        services.ticket_note(ticket=ticket, by=helpdesk_agent, body="Catatan internal: pelapor sering salah unggah.")
        services.ticket_reply(
            ticket=ticket, version=ticket.version, by=helpdesk_agent, body="Mohon kirim tangkapan layar."
        )
    with django_assert_max_num_queries(12):
        response = english.get(_ticket_url(ticket))
    page = response.content.decode()
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.number in page and ticket.get_status_display() in page and ticket.priority.label in page
    with timezone.override(helpdesk_setup.timezone):
        assert local_datetime(ticket.resolution_due_at) in page
    assert "WIB" in page
    assert "Mohon kirim tangkapan layar." in page and "Saat mengunggah penawaran" in page
    assert "Catatan internal" not in page
    assert all(m.kind != Message.Kind.NOTE for m in response.context["conversation"])


def test_tracking_and_the_reporters_page_cost_the_same_queries_for_3_or_30_messages(
    english, helpdesk_setup, helpdesk_agent, personas
):
    # Given a reporter's ticket with 3 messages, each with a file, found once by tracking (warming the caches)
    ticket = _web_ticket(helpdesk_setup, email="siti@example.com")
    add_conversation(ticket, 2, authors=[helpdesk_agent])
    track = {"number": ticket.number, "email": "siti@example.com"}

    def measure() -> tuple[int, int, list]:
        with CaptureQueriesContext(connection) as tracking:
            assert english.post(_url("public-track", helpdesk_setup), track).status_code == 302
        tracked = len(tracking)  # now: the next request empties the log the capture reads from
        with CaptureQueriesContext(connection) as page:
            response = english.get(_ticket_url(ticket))
        assert response.status_code == 200
        return tracked, len(page), response.context["conversation"]

    measure()
    tracked, shown, conversation = measure()
    assert len(conversation) == 3
    # the ticket with its organisation and priority, the messages, their files, the helpdesk settings
    assert shown == 4
    # When the conversation grows to 30 messages by several agents, and the reporter sends 29 more tickets
    add_conversation(ticket, 27, authors=[helpdesk_agent, personas["lpse_head"], personas["verifier"]])
    contact = ticket.contact
    for _ in range(29):
        make_ticket(helpdesk_setup, contact=contact)

    # Then tracking and the reporter's page cost the same queries
    tracked_more, shown_more, conversation = measure()
    assert (tracked_more, shown_more) == (tracked, shown)
    assert len(conversation) == 21  # the 9 internal notes among them are not the reporter's to see


def test_a_wrong_token_or_another_organisations_slug_is_404(client, helpdesk_setup, other_organization):
    ticket = _web_ticket(helpdesk_setup)
    assert client.get(_url("public-ticket", helpdesk_setup, token="bukan-token")).status_code == 404
    for name in ("public-ticket", "public-report-done"):
        assert client.get(_url(name, other_organization, token=ticket.public_token)).status_code == 404
    for name in ("public-reply", "public-confirm"):
        response = client.post(_url(name, other_organization, token=ticket.public_token), {"body": "halo"})
        assert response.status_code == 404
    assert ticket.messages.count() == 1


def test_the_reporter_downloads_conversation_files_but_not_those_of_notes_or_other_tickets(
    client, helpdesk_setup, helpdesk_agent
):
    with committed():
        ticket = services.ticket_create(
            organization=helpdesk_setup,
            channel="web",
            reporter=reporter(),
            problem=problem(),
            by=None,
            attachments=[],
        )
    shown = ticket.messages.get()
    note = services.ticket_note(ticket=ticket, by=helpdesk_agent, body="Lampiran internal")
    other = make_ticket(helpdesk_setup)
    other_message = Message.objects.create(
        ticket=other, organization=helpdesk_setup, kind=Message.Kind.FROM_REPORTER, body="x"
    )

    def attach(message, name):
        from django.core.files.base import ContentFile

        attachment = Attachment(
            message=message, ticket=message.ticket, name=name, content_type="image/png", size=1, sha256="0"
        )
        attachment.file.save(name, ContentFile(png_bytes()), save=False)
        attachment.save()
        return attachment

    public, internal, foreign = attach(shown, "layar.png"), attach(note, "internal.png"), attach(other_message, "x.png")
    response = client.get(_ticket_url(ticket, "public-attachment", pk=public.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    assert 'attachment; filename="layar.png"' in response["Content-Disposition"]
    assert client.get(_ticket_url(ticket, "public-attachment", pk=internal.pk)).status_code == 404
    assert client.get(_ticket_url(ticket, "public-attachment", pk=foreign.pk)).status_code == 404
    page = client.get(_ticket_url(ticket)).content.decode()
    assert "layar.png" in page and "internal.png" not in page


def test_the_reporters_answer_resumes_a_ticket_waiting_for_them(english, helpdesk_setup, helpdesk_agent):
    ticket = _web_ticket(helpdesk_setup)
    with committed():
        services.ticket_reply(
            ticket=ticket, version=ticket.version, by=helpdesk_agent, body="Versi browser apa?", wait=True
        )
    ticket.refresh_from_db()
    assert ticket.status == S.WAITING and ticket.is_paused
    assert 'id="waiting-for-you"' in english.get(_ticket_url(ticket)).content.decode()

    screenshot = SimpleUploadedFile("layar.png", png_bytes(), content_type="image/png")
    with committed():
        response = english.post(
            _ticket_url(ticket, "public-reply"), {"body": "Chrome 120.", "attachments": [screenshot]}
        )
    assert response.status_code == 302 and response["Location"] == _ticket_url(ticket)
    ticket.refresh_from_db()
    assert ticket.status == S.IN_PROGRESS and not ticket.is_paused
    answer = ticket.messages.filter(kind=Message.Kind.FROM_REPORTER).last()
    assert (
        answer.body == "Chrome 120."
        and answer.channel == "web"
        and [a.name for a in answer.attachments.all()] == ["layar.png"]
    )
    assert "Your message is sent to the helpdesk." in english.get(response["Location"]).content.decode()


def test_an_empty_reply_or_a_disguised_file_is_refused_on_the_page(english, helpdesk_setup):
    ticket = _web_ticket(helpdesk_setup)
    response = english.post(_ticket_url(ticket, "public-reply"), {"body": "  "})
    assert response.status_code == 400 and response.context["form"].errors["body"]
    response = english.post(_ticket_url(ticket, "public-reply"), {"body": "Ini", "attachments": [_exe_named_png()]})
    assert response.status_code == 400 and "tangkapan-layar.png" in " ".join(
        response.context["form"].errors["attachments"]
    )
    assert ticket.messages.count() == 1


def test_replying_to_a_resolved_ticket_reopens_it(english, helpdesk_setup, helpdesk_agent):
    ticket = _web_ticket(helpdesk_setup)
    with committed():
        services.ticket_resolve(ticket=ticket, version=ticket.version, by=helpdesk_agent, resolution="Bersihkan cache.")
        response = english.post(_ticket_url(ticket, "public-reply"), {"body": "Masih galat."})
    ticket.refresh_from_db()
    assert ticket.status == S.IN_PROGRESS and ticket.reopened_count == 1 and ticket.resolved_at is None
    assert "the ticket is open again" in english.get(response["Location"]).content.decode()


def test_replying_long_after_closing_starts_a_follow_up_ticket(english, helpdesk_setup, helpdesk_agent):
    ticket = _web_ticket(helpdesk_setup)
    with committed():
        services.ticket_resolve(ticket=ticket, version=ticket.version, by=helpdesk_agent, resolution="Bersihkan cache.")
        services.ticket_confirm(ticket=ticket)
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - datetime.timedelta(days=60))

    with committed():
        response = english.post(_ticket_url(ticket, "public-reply"), {"body": "Galat muncul lagi."})
    follow_up = Ticket.objects.get(parent=ticket)
    assert response.status_code == 302 and response["Location"] == _ticket_url(follow_up)
    assert follow_up.status == S.RECORDED and follow_up.channel == "web"
    assert follow_up.messages.get().body == "Galat muncul lagi."
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED
    page = english.get(response["Location"]).content.decode()
    assert follow_up.number in page and ticket.number in page and "closed too long ago" in page


def test_the_reporter_confirms_the_solution_and_the_ticket_closes(english, helpdesk_setup, helpdesk_agent):
    ticket = _web_ticket(helpdesk_setup)
    with committed():
        services.ticket_resolve(ticket=ticket, version=ticket.version, by=helpdesk_agent, resolution="Bersihkan cache.")
    page = english.get(_ticket_url(ticket)).content.decode()
    assert 'id="confirm-button"' in page and "Bersihkan cache." in page
    assert duplicate_ids(page) == {}  # the confirm and the reply forms on one page

    with committed():
        response = english.post(_ticket_url(ticket, "public-confirm"))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED and ticket.closed_at is not None
    page = english.get(_ticket_url(ticket)).content.decode()
    assert "The ticket is closed." in page and 'id="confirm-button"' not in page


def test_confirming_a_ticket_that_is_not_resolved_is_refused(english, helpdesk_setup):
    ticket = _web_ticket(helpdesk_setup)
    assert 'id="confirm-button"' not in english.get(_ticket_url(ticket)).content.decode()
    response = english.post(_ticket_url(ticket, "public-confirm"), follow=True)
    ticket.refresh_from_db()
    assert ticket.status == S.RECORDED
    assert "This cannot be done now" in response.content.decode()
