"""Background work and mail: the database queue, the RQ queue (Redis), and a real SMTP conversation."""

from __future__ import annotations

import os
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django_tasks import TaskResultStatus

from sopan.accounts import services
from sopan.core.tasks import send_test_mail
from sopan.core.testing import run_background_tasks


class RecordingHandler:
    """An SMTP server's side of the conversation, written down command by command."""

    def __init__(self):
        self.commands: list[str] = []
        self.messages: list[dict] = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.commands.append("EHLO")
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.commands.append("MAIL")
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.commands.append("RCPT")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.commands.append("DATA")
        self.messages.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "data": envelope.content.decode("utf-8", "replace"),
            }
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = RecordingHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def test_new_staff_member_gets_an_invitation_over_smtp(
    smtp_server, organization, lpse_head, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://lpse.salatiga.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(
            organization=organization,
            username="staf.baru",
            full_name="Staf Baru",
            email="staf.baru@salatiga.go.id",
            by=lpse_head,
        )
    assert smtp_server.messages == []  # queued, not sent inside the request
    run_background_tasks()
    assert smtp_server.commands == ["EHLO", "MAIL", "RCPT", "DATA"]
    message = smtp_server.messages[0]
    assert message["to"] == ["staf.baru@salatiga.go.id"]
    assert message["from"] == "noreply@sopan.invalid"
    assert "Subject: =?utf-8?" in message["data"] or "Subject:" in message["data"]
    assert "https://lpse.salatiga.go.id/akun/atur-kata-sandi/" in message["data"]
    assert user.username in message["data"]
    assert not user.has_usable_password()


def test_database_queue_runs_the_demo_task(organization, lpse_head):
    result = send_test_mail.enqueue(user_id=lpse_head.pk)
    assert result.status == TaskResultStatus.READY
    assert mail.outbox == []
    run_background_tasks()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == lpse_head.email
    assert mail.outbox[0].to == [lpse_head.email]


def test_failing_task_is_recorded_as_failed(organization):
    result = send_test_mail.enqueue(user_id=987654321)
    run_background_tasks()
    result.refresh()
    assert result.status == TaskResultStatus.FAILED


REDIS_URL = os.environ.get("SOPAN_TEST_REDIS_URL", "")


@pytest.fixture
def rq_backend(settings):
    if not REDIS_URL:
        if os.environ.get("SOPAN_REQUIRE_REDIS") == "1":
            pytest.fail("SOPAN_REQUIRE_REDIS=1 but SOPAN_TEST_REDIS_URL is not set")
        pytest.skip("set SOPAN_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test the RQ backend")
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield connection
    connection.flushdb()


def test_rq_queue_runs_the_demo_task(rq_backend, organization, lpse_head):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    result = send_test_mail.enqueue(user_id=lpse_head.pk)
    assert result.status == TaskResultStatus.READY
    queue = django_rq.get_queue("default", job_class=Job)
    assert queue.count == 1
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert mail.outbox[0].to == [lpse_head.email]


def test_plain_text_mail_is_not_html_escaped(db, organization, mailoutbox):
    """A name like Ma'ruf or "PT Sinar & Putra" arrives as written, not as HTML entities."""
    from sopan.core.mail import send_templated

    user = organization.users.model(full_name='Ma\'ruf & "Putra"', username="maruf", email="maruf@example.invalid")
    user.organization = organization
    send_templated(to=user.email, template="core/mail/test", context={"user": user}, language="en")
    assert 'Hello Ma\'ruf & "Putra",' in mailoutbox[-1].body
