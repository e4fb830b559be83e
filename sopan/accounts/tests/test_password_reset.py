"""Asking for a password reset by mail (issue 13 §2): a proof of work, limits per address and per client, and the same
work in the request whether or not the address belongs to an account (the task looks the person up)."""

from __future__ import annotations

import re

import altcha
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sopan.accounts import views
from sopan.core import antibot
from sopan.core.models import AuditEvent
from sopan.core.testing import run_background_tasks

URL = "/akun/lupa-kata-sandi/"
UNKNOWN = "tidak.ada@contoh.test"


def _solved() -> str:
    """What the widget posts, solved in Python the way the browser does (see sopan/core/tests/test_antibot.py)."""
    challenge = altcha.Challenge.from_dict(antibot.challenge_json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def _ask(client, email: str, *, addr: str = "10.1.1.1", solved: bool = True):
    data = {"email": email, **({"altcha": _solved()} if solved else {})}
    return client.post(URL, data, REMOTE_ADDR=addr)


def _limit(rate: str) -> int:
    return int(rate.split("/")[0])


def test_a_known_address_gets_one_single_use_link_in_the_persons_language(client, verifier, committed):
    verifier.language = "en"
    verifier.save(update_fields=["language"])
    with committed(execute=True):
        response = _ask(client, verifier.email.upper())
    assert response.status_code == 302 and response["Location"] == "/akun/lupa-kata-sandi/terkirim/"
    run_background_tasks()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [verifier.email]
    assert mail.outbox[0].subject == "Reset your Sopan password"
    assert re.search(r"http://\S+/akun/atur-kata-sandi/\S+/\S+/", mail.outbox[0].body)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, verifier, committed):
    with committed(execute=True):
        known = _ask(client, verifier.email)
        unknown = _ask(client, UNKNOWN)
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [[verifier.email]]


def test_the_request_does_the_same_work_for_a_known_and_an_unknown_address(client, verifier, committed):
    """No account is looked up while the person waits: the same statements run, and none reads the users."""
    statements = {}
    for label, email in (("known", verifier.email), ("unknown", UNKNOWN)):
        with CaptureQueriesContext(connection) as queries, committed(execute=True):
            _ask(client, email, addr=f"10.2.2.{len(statements)}")
        # Values and savepoint names differ from request to request; the statements must not.
        statements[label] = [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries]
    assert statements["known"] == statements["unknown"]
    assert not [sql for sql in statements["known"] if "accounts_user" in sql]


def test_without_the_proof_of_work_nothing_is_sent_and_the_person_is_told(client, verifier, committed):
    with committed(execute=True):
        response = _ask(client, verifier.email, solved=False)
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["altcha"]] == ["antibot_missing"]
    assert "Tunggu hingga pemeriksaan" in response.content.decode()
    assert "altcha-widget" in response.content.decode()
    run_background_tasks()
    assert not mail.outbox


def test_thirty_requests_for_one_address_send_only_the_allowed_mails(client, verifier, committed):
    allowed = _limit(views.RESET_RATE_PER_ADDRESS)
    answers = []
    with committed(execute=True):
        for attempt in range(30):
            # from many client addresses: the limit per mail address holds whoever asks
            answers.append(_ask(client, verifier.email, addr=f"10.3.{attempt}.1").status_code)
    assert answers[:allowed] == [302] * allowed
    assert set(answers[allowed:]) == {429}
    run_background_tasks()
    assert len(mail.outbox) == allowed


def test_the_limit_per_address_ignores_case_and_is_not_used_up_without_the_proof_of_work(client, verifier):
    allowed = _limit(views.RESET_RATE_PER_ADDRESS)
    for attempt in range(allowed + 2):  # someone trying to block the person's resets cheaply
        assert _ask(client, verifier.email, addr=f"10.4.{attempt}.1", solved=False).status_code == 400
    for attempt in range(allowed):
        email = verifier.email.upper() if attempt % 2 else verifier.email
        assert _ask(client, email, addr=f"10.5.{attempt}.1").status_code == 302
    limited = _ask(client, verifier.email.title(), addr="10.5.99.1")
    assert limited.status_code == 429 and limited.has_header("Retry-After")
    assert "Tautan untuk alamat ini sudah beberapa kali diminta" in limited.content.decode()


def test_one_client_is_limited_across_addresses(client, db):
    allowed = _limit(views.RESET_RATE_PER_CLIENT)
    for attempt in range(allowed):
        assert _ask(client, f"orang{attempt}@contoh.test", solved=False).status_code == 400
    response = _ask(client, "lagi@contoh.test")
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert client.get(URL).status_code == 200  # looking at the form stays free
    assert _ask(client, "lagi@contoh.test", addr="10.9.9.9").status_code == 302


def test_the_link_lets_the_person_choose_a_password_and_lifts_the_lockout(client, verifier, committed):
    # Given a verifier locked out by five wrong passwords
    for _ in range(5):
        client.post("/akun/masuk/", {"username": "verifikator", "password": "salah"}, REMOTE_ADDR="10.0.0.5")

    # When he asks for a link and follows it to choose a new password
    with committed(execute=True):
        assert _ask(client, verifier.email, addr="10.0.0.6").status_code == 302
    run_background_tasks()
    link = re.search(r"https?://[^/\s]+(/akun/atur-kata-sandi/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "kopi tubruk di pagi hari"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        REMOTE_ADDR="10.0.0.6",
    )

    # Then he logs in with it, and the change is audited
    assert done.status_code == 302
    login = {"username": "verifikator", "password": new_password}
    response = client.post("/akun/masuk/", login, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.user.password_changed", target_id=str(verifier.pk)).exists()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the wrapped requests leave for after their commit (the mail task is enqueued then)."""
    return django_capture_on_commit_callbacks
