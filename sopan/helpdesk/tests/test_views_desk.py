"""The helpdesk desk: the ticket inbox, the telephone and walk-in intake (Formulir Konsultasi, seed 004 steps 2–8) and
the caller lookup, as the LPSE's staff use them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from sopan.core.testing import login
from sopan.helpdesk.models import Channel, Contact, Ticket
from sopan.helpdesk.tests.factories import bind_telephone_sop, make_contact, make_ticket
from sopan.helpdesk.tickets.forms_desk import call_started_token
from sopan.sop.api import case_for
from sopan.sop.models import StepRecord

CALL = reverse("helpdesk:call-new")
WALK_IN = reverse("helpdesk:walkin-new")
LOOKUP = reverse("helpdesk:caller-lookup")
LIST = reverse("helpdesk:ticket-list")


def _english(*users):
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])


@pytest.fixture
def agent(client, personas, helpdesk_setup):
    """The helpdesk agent, logged in, English pages, the telephone SOP in force."""
    user = personas["helpdesk_agent"]
    _english(user)
    bind_telephone_sop(helpdesk_setup)
    login(client, user)
    return user


def _call(**fields) -> dict:
    data = {
        "call_started": call_started_token(),
        "phone": "0812 3456 7890",
        "email": "Budi@Example.com",
        "name": "Budi Santoso",
        "institution": "CV Maju Jaya",
        "user_type": "vendor",
        "application": "spse",
        "tender_code": "",
        "error_code": "HTTP 500",
        "subject": "Gagal unggah dokumen penawaran",
        "description": "Saat mengunggah penawaran muncul galat 500.",
        "type": "problem",
        "category": "technical",
        "area": "software",
        "urgency": "medium",
        "impact": "medium",
        "outcome": "ticket",
        "solution": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def _steps(ticket) -> dict[str, StepRecord]:
    case = case_for(ticket, procedure="telephone_helpdesk")
    assert case is not None
    return {record.step_key: record for record in case.steps.all()}


# --- telephone: seed steps 2, 3, 5, 8 ---------------------------------------------------------------------------
def test_call_not_answered_on_the_spot_gives_both_numbers_and_records_step_8(client, agent):
    # Given the agent on the telephone form, when they record a call they cannot answer now
    response = client.post(CALL, _call())

    # then a telephone ticket exists with a consultation-form number, and the page shows both numbers
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:intake-done", kwargs={"pk": ticket.pk})
    assert ticket.channel == Channel.PHONE
    assert ticket.number.startswith("HD-") and ticket.form_number.startswith("FK-")
    assert ticket.status == Ticket.Status.RECORDED
    assert (ticket.reporter_phone, ticket.reporter_email) == ("081234567890", "budi@example.com")
    assert ticket.assignee == agent and ticket.created_by == agent
    page = client.get(response["Location"]).content.decode()
    assert ticket.number in page and ticket.form_number in page
    assert 'id="form-number"' in page and "web form" in page

    # and the SOP trace has steps 1–3, the decision "Tidak" and step 8 done, nothing of steps 6–7
    steps = _steps(ticket)
    for key in ("hubungi-helpdesk", "terima-telepon", "catat-identitas-masalah", "dapat-dijawab", "beri-nomor-tiket"):
        assert steps[key].status == StepRecord.Status.DONE, key
        assert steps[key].completed_by_id in (agent.pk, None)
    assert steps["dapat-dijawab"].exit_label == "Tidak"
    assert steps["catat-identitas-masalah"].completed_by == agent
    assert "beri-solusi" not in steps or steps["beri-solusi"].status != StepRecord.Status.DONE


def test_call_answered_on_the_spot_resolves_the_ticket_and_archives_the_form(client, agent):
    solution = "Perbarui Apendo ke versi terbaru lalu unggah ulang."
    response = client.post(CALL, _call(outcome="answered", solution=solution))

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.status == Ticket.Status.RESOLVED
    assert ticket.resolution == solution and ticket.solved_on_first_contact
    steps = _steps(ticket)
    assert steps["dapat-dijawab"].exit_label == "Ya"
    for key in ("catat-identitas-masalah", "dapat-dijawab", "beri-solusi", "arsipkan-formulir"):
        assert steps[key].status == StepRecord.Status.DONE, key
    assert "beri-nomor-tiket" not in steps or steps["beri-nomor-tiket"].status != StepRecord.Status.DONE
    page = client.get(response["Location"]).content.decode()
    assert 'id="intake-solved"' in page and ticket.form_number in page


def test_ticket_received_time_is_when_the_call_started(client, agent):
    # Given a form opened three minutes ago (the signed start travels in the form)
    started = timezone.now() - datetime.timedelta(minutes=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: started)
        token = call_started_token()

    client.post(CALL, _call(call_started=token))

    received = Ticket.objects.get().received_at
    assert abs((received - started).total_seconds()) < 1


def test_forged_call_start_is_ignored(client, agent):
    before = timezone.now()
    client.post(CALL, _call(call_started="2020-01-01T00:00:00+00:00:forged"))
    assert Ticket.objects.get().received_at >= before


def test_walk_in_uses_the_same_form_with_its_own_channel(client, agent):
    page = client.get(WALK_IN).content.decode()
    assert 'name="outcome"' in page and "Walk-in consultation" in page

    response = client.post(WALK_IN, _call(phone=""))

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.channel == Channel.WALK_IN and ticket.form_number.startswith("FK-")
    assert case_for(ticket, procedure="telephone_helpdesk") is None  # the SOP is the telephone's


@pytest.mark.parametrize(
    ("desk", "language", "names"),
    [
        (CALL, "id", ("Penelepon", "Pernah menelepon?")),
        (WALK_IN, "id", ("Pengunjung", "Pernah melapor?")),
        (CALL, "en", ("Caller", "Called before?")),
        (WALK_IN, "en", ("Visitor", "Reported before?")),
    ],
)
def test_each_desk_names_its_reporter_for_its_channel(client, agent, desk, language, names):
    """Seed step 3, the Formulir Konsultasi: a walk-in visitor is not a caller (Penelepon); each form says who it is
    about, and the walk-in page speaks of no caller or call at all."""
    agent.language = language
    agent.save(update_fields=["language"])
    page = client.get(desk).content.decode()
    legend, matches_title = names
    assert re.search(r'id="intake-caller">\s*<legend class="h5">' + re.escape(legend) + "</legend>", page)
    assert re.search(r'id="caller-matches-title">.*' + re.escape(matches_title) + "</h2>", page)
    if desk == WALK_IN:
        own = re.sub(r'<ul class="nav nav-tabs.*?</ul>', "", page, flags=re.S)  # the tabs link the telephone desk
        visible = re.sub(r"<[^>]+>", " ", own)  # the text, without ids and attribute names
        for word in ("Penelepon", "penelepon", "menelepon", "panggilan", "Caller", "caller", "call"):
            assert not re.search(rf"\b{word}\b", visible), word


# --- bad input ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Give the reporter's name."),
        ({"phone": "08-12"}, "phone", "A telephone number has 6 to 15 digits."),
        ({"phone": "nomor saya"}, "phone", "A telephone number has 6 to 15 digits."),
        ({"email": "budi@"}, "email", "Enter a valid email address."),
        ({"affects_tender": "on", "tender_code": ""}, "tender_code", "Name the tender or package the problem affects."),
        ({"phone": "", "email": ""}, "phone", "Note the caller's telephone number or e-mail address."),
        ({"subject": ""}, "subject", "Say in a few words what the problem is."),
        ({"outcome": "answered", "solution": " "}, "solution", "Write the solution given to the reporter."),
        ({"outcome": "ticket", "solution": "Sudah dijawab."}, "solution", "choose “Yes” above"),
        ({"urgency": "extreme"}, "urgency", "Select a valid choice."),
    ],
    ids=[
        "no-name",
        "short-phone",
        "words-as-phone",
        "bad-email",
        "tender-without-code",
        "no-way-to-reach",
        "no-subject",
        "answered-without-solution",
        "solution-without-answered",
        "bad-urgency",
    ],
)
def test_bad_call_input_says_what_is_wrong_and_creates_nothing(client, agent, fields, field, message):
    response = client.post(CALL, _call(**fields))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Ticket.objects.exists() and not Contact.objects.exists()


def test_typed_text_is_kept_when_the_form_is_refused(client, agent):
    response = client.post(CALL, _call(name="", description="Galat ketika membuka paket 12345."))
    assert "Galat ketika membuka paket 12345." in response.content.decode()


# --- the form is made for talking ----------------------------------------------------------------------------------
def test_call_form_starts_on_the_telephone_and_enter_cannot_save_it(client, agent):
    page = client.get(CALL).content.decode()

    phone_input = page[page.index('name="phone"') - 200 : page.index('name="phone"') + 300]
    assert "autofocus" in phone_input and 'accesskey="t"' in phone_input
    # The form's first submit button (the one Enter would press) is disabled, so Enter never saves a half form.
    form = page[page.index('id="intake-form"') :]
    first_button = form[form.index("<button") : form.index(">", form.index("<button"))]
    assert 'type="submit"' in first_button and "disabled" in first_button
    # The conversation order: the telephone before the name before the problem before the answer.
    order = [form.index(f'name="{name}"') for name in ("phone", "email", "name", "subject", "description", "outcome")]
    assert order == sorted(order)
    assert "helpdesk/call.js" in page and "<script>" not in page  # no inline script (CSP)


# --- caller lookup -------------------------------------------------------------------------------------------------
def test_returning_caller_is_found_by_telephone_with_recent_tickets(client, agent, helpdesk_setup):
    contact = make_contact(helpdesk_setup, phone="081234560001", email="sari@example.com", name="Sari Dewi")
    earlier = make_ticket(helpdesk_setup, contact=contact, subject="Lupa kata sandi SPSE")

    response = client.get(LOOKUP, {"phone": "0812-3456-0001"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sari Dewi" in page and 'data-email="sari@example.com"' in page
    assert earlier.number in page and "Lupa kata sandi SPSE" in page
    assert "<html" not in page  # a fragment for htmx


def test_returning_caller_is_found_by_email(client, agent, helpdesk_setup):
    make_contact(helpdesk_setup, phone="", email="andi@example.com", name="Andi Pokja")
    page = client.get(LOOKUP, {"email": "Andi@Example.com "}).content.decode()
    assert "Andi Pokja" in page


def test_lookup_does_not_find_callers_of_another_organisation(client, agent, other_organization):
    make_contact(other_organization, phone="081200001111", email="rahasia@example.com", name="Orang Batang")

    by_phone = client.get(LOOKUP, {"phone": "081200001111"}).content.decode()
    by_email = client.get(LOOKUP, {"email": "rahasia@example.com"}).content.decode()

    assert "Orang Batang" not in by_phone and "Orang Batang" not in by_email
    assert "data-caller-none" in by_phone


def test_recorded_call_is_found_again_on_the_next_call(client, agent):
    client.post(CALL, _call())
    page = client.get(LOOKUP, {"phone": "081234567890"}).content.decode()
    assert "Budi Santoso" in page and Ticket.objects.get().number in page


# --- permissions ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["verifier", "ppk", "vendor_admin", "registration_officer"])
def test_only_the_desk_may_record_calls(client, personas, helpdesk_setup, persona):
    bind_telephone_sop(helpdesk_setup)
    login(client, personas[persona])

    assert client.post(CALL, _call()).status_code == 403
    assert client.post(WALK_IN, _call()).status_code == 403
    assert client.get(LOOKUP, {"phone": "081234567890"}).status_code == 403
    assert not Ticket.objects.exists()


def test_outsider_sees_their_own_empty_list_and_404_for_our_ticket(client, personas, helpdesk_setup):
    ours = make_ticket(helpdesk_setup, channel=Channel.PHONE, form_number="FK-2026-000001")
    login(client, personas["outsider"])

    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["page"].items == [] and ours.number not in response.content.decode()
    assert client.get(reverse("helpdesk:intake-done", kwargs={"pk": ours.pk})).status_code == 404


def test_verifier_sees_the_list_but_not_the_call_buttons(client, personas, helpdesk_setup):
    make_ticket(helpdesk_setup)
    login(client, personas["verifier"])
    response = client.get(LIST)
    assert response.status_code == 200 and len(response.context["page"].items) == 1
    assert 'id="ticket-call-new"' not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "tabs"),
    [
        ("helpdesk_agent", {"nav-call-new", "nav-walkin-new", "nav-knowledge", "nav-announcements", "nav-reports"}),
        (
            "system_admin",
            {"nav-call-new", "nav-walkin-new", "nav-knowledge", "nav-announcements", "nav-reports", "nav-settings"},
        ),
        ("verifier", {"nav-knowledge"}),
    ],
)
def test_the_desk_tabs_lead_to_every_part_of_the_helpdesk_the_person_may_open(
    client, personas, helpdesk_setup, persona, tabs
):
    # Given a member of the LPSE on the ticket list (where the main navigation's "Helpdesk" leads)
    login(client, personas[persona])

    page = client.get(LIST).content.decode()

    # Then the tabs link to the parts they may use, and to no other
    links = dict(re.findall(r'href="([^"]+)" id="(nav-[a-z-]+)"', page))
    assert set(links.values()) == tabs
    for url in links:
        assert client.get(url).status_code == 200, url


# --- the inbox -----------------------------------------------------------------------------------------------------
def _numbers(response) -> set[str]:
    return {ticket.number for ticket in response.context["page"].items}


def test_list_filters_by_scope_status_channel_and_priority(client, agent, personas, helpdesk_setup):
    mine = make_ticket(helpdesk_setup, assignee=agent, channel=Channel.PHONE, urgency="high", impact="high")
    for_verifiers = make_ticket(helpdesk_setup, assigned_role="verifier", channel=Channel.EMAIL)
    unassigned = make_ticket(helpdesk_setup, channel=Channel.WEB, priority_code="rendah")
    closed = make_ticket(helpdesk_setup, assignee=agent, status=Ticket.Status.CLOSED)

    assert _numbers(client.get(LIST)) == {mine.number, for_verifiers.number, unassigned.number}  # open by default
    assert _numbers(client.get(LIST, {"status": ""})) == {
        mine.number,
        for_verifiers.number,
        unassigned.number,
        closed.number,
    }
    assert _numbers(client.get(LIST, {"scope": "mine"})) == {mine.number}
    assert _numbers(client.get(LIST, {"scope": "mine", "status": "closed"})) == {closed.number}
    assert _numbers(client.get(LIST, {"scope": "unassigned"})) == {unassigned.number}
    assert _numbers(client.get(LIST, {"channel": "email"})) == {for_verifiers.number}
    assert _numbers(client.get(LIST, {"priority": "rendah"})) == {unassigned.number}

    # the verifier's "mine" holds what was handed to their role
    login(client, personas["verifier"])
    assert _numbers(client.get(LIST, {"scope": "mine"})) == {for_verifiers.number}


@pytest.mark.parametrize(
    ("query", "hit"),
    [
        ("HD-2026-123456", True),
        ("fk-2026-000777", True),
        ("fk 2026 777", True),  # as typed from a paper form: spaces, no zero padding
        ("hd/2026/123456", True),
        ("Sinar Abadi", True),
        ("Rahmat", True),
        ("rahmat@sinar.example", True),
        ("PKT-42", True),
        ("sertifikat", True),
        ("tidak ada", False),
    ],
)
def test_list_search_by_number_form_company_name_email_tender_or_subject(client, agent, helpdesk_setup, query, hit):
    contact = make_contact(
        helpdesk_setup, name="Rahmat Hidayat", email="rahmat@sinar.example", institution="PT Sinar Abadi"
    )
    wanted = make_ticket(
        helpdesk_setup,
        contact=contact,
        number="HD-2026-123456",
        form_number="FK-2026-000777",
        tender_code="PKT-42",
        subject="Sertifikat elektronik kedaluwarsa",
        channel=Channel.PHONE,
    )
    make_ticket(helpdesk_setup, subject="Lainnya")

    found = _numbers(client.get(LIST, {"q": query}))

    assert found == ({wanted.number} if hit else set())


def test_list_shows_sla_state_pause_and_due_time_in_the_organisations_zone(client, agent, helpdesk_setup):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    breached = make_ticket(helpdesk_setup, received_at=long_ago, subject="Terlambat sekali")
    waiting = make_ticket(
        helpdesk_setup, status=Ticket.Status.WAITING, paused_at=timezone.now(), subject="Menunggu pelapor"
    )

    page = client.get(LIST).content.decode()

    breached_row = page[page.index(f'data-ticket="{breached.number}"') :].split("</tr>")[0]
    waiting_row = page[page.index(f'data-ticket="{waiting.number}"') :].split("</tr>")[0]
    assert 'data-sla="breached"' in breached_row
    assert "data-sla-paused" in waiting_row and "data-sla-paused" not in breached_row
    assert "WIB" in waiting_row  # Salatiga is in Asia/Jakarta


def test_list_pages_with_a_cursor(client, agent, helpdesk_setup):
    base = timezone.now() - datetime.timedelta(hours=1)
    tickets = [make_ticket(helpdesk_setup, received_at=base + datetime.timedelta(minutes=i)) for i in range(55)]

    first = client.get(LIST)
    assert first.context["page"].has_next and len(first.context["page"].items) == 50
    assert 'rel="next"' in first.content.decode()
    second = client.get(LIST, {"cursor": first.context["page"].next_cursor})

    seen = _numbers(first) | _numbers(second)
    assert len(seen) == 55 and seen == {t.number for t in tickets}
    assert not second.context["page"].has_next


def _query_count(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def test_list_costs_the_same_queries_for_5_and_30_tickets(
    client, agent, personas, helpdesk_setup, django_assert_max_num_queries
):
    for i in range(5):
        make_ticket(helpdesk_setup, assignee=agent if i % 2 else None, assigned_role="verifier" if i % 3 else "")
    client.get(LIST)  # warm the per-process caches (content types, calendars)
    few = _query_count(client, LIST)
    for i in range(25):
        make_ticket(helpdesk_setup, assignee=personas["lpse_head"] if i % 2 else None, assigned_role="lpse_head")

    with django_assert_max_num_queries(few):
        response = client.get(LIST, {"scope": "", "status": ""})
    assert len(response.context["page"].items) == 30
    with django_assert_max_num_queries(few):
        client.get(LIST, {"q": "penawaran", "channel": "web", "priority": "sedang"})


@pytest.mark.parametrize("search", ["number", "company", "text"])
def test_search_by_number_company_or_text_costs_the_same_queries_for_5_and_30_tickets(
    client, agent, personas, helpdesk_setup, search, django_assert_num_queries
):
    def make(count: int) -> list[Ticket]:
        made = []
        for i in range(count):
            contact = make_contact(helpdesk_setup, institution="PT Sinar Terang" if i % 2 else "CV Maju Jaya")
            made.append(make_ticket(helpdesk_setup, contact=contact, assignee=personas["lpse_head"] if i % 3 else None))
        return made

    # Given 5 tickets, searched once (warming the per-process caches)
    tickets = make(5)
    query = {"number": tickets[0].number, "company": "sinar terang", "text": "mengunggah penawaran"}[search]
    client.get(LIST, {"q": query})
    few = _query_count(client, LIST, {"q": query})
    # When 25 more come in
    make(25)

    # Then the same search costs the same queries
    with django_assert_num_queries(few):
        response = client.get(LIST, {"q": query})
    found = len(response.context["page"].items)
    assert found == {"number": 1, "company": 14, "text": 30}[search]


def test_lookup_costs_the_same_queries_for_one_or_five_callers(client, agent, helpdesk_setup):
    def callers(phone, count):
        for _ in range(count):
            contact = make_contact(helpdesk_setup, phone=phone)
            for _ in range(7):
                make_ticket(helpdesk_setup, contact=contact)

    callers("081211110000", 1)
    callers("081299990000", 8)
    client.get(LOOKUP, {"phone": "081211110000"})  # warm the per-process caches
    one = _query_count(client, LOOKUP, {"phone": "081211110000"})
    many = _query_count(client, LOOKUP, {"phone": "081299990000"})

    assert one == many
    page = client.get(LOOKUP, {"phone": "081299990000"}).content.decode()
    assert page.count("data-caller-fill") == 5 and page.count("<li>") == 25  # 5 callers, 5 latest tickets each
