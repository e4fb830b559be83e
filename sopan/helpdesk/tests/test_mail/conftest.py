"""The e-mail channel's tests run against a real IMAP server: dovecot, started once per test session.

Without dovecot the tests are skipped — unless SOPAN_REQUIRE_IMAP=1 (CI), where its absence is a failure.
"""

from __future__ import annotations

import os

import pytest

from sopan.helpdesk.models import Mailbox
from sopan.helpdesk.tests.imap_server import ImapServer, dovecot_path

HELPDESK_ADDRESS = "helpdesk@lpse.salatiga.go.id"


@pytest.fixture(scope="session")
def imap_server(tmp_path_factory):
    binary = dovecot_path()
    if binary is None:
        if os.environ.get("SOPAN_REQUIRE_IMAP", "") not in ("", "0"):
            pytest.fail("SOPAN_REQUIRE_IMAP=1 but dovecot is not installed (Debian package dovecot-imapd).")
        pytest.skip("needs dovecot (Debian package dovecot-imapd); SOPAN_REQUIRE_IMAP=1 makes this a failure")
    server = ImapServer(root=tmp_path_factory.mktemp("dovecot"))
    server.start(binary)
    yield server
    server.stop()


@pytest.fixture
def imap(imap_server) -> ImapServer:
    """The server with an empty INBOX."""
    imap_server.empty()
    return imap_server


@pytest.fixture
def mailbox(helpdesk_setup, imap) -> Mailbox:
    return Mailbox.objects.create(
        organization=helpdesk_setup,
        address=HELPDESK_ADDRESS,
        host=imap.host,
        port=imap.port,
        use_ssl=False,
        username=imap.user,
        password=imap.password,
    )


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Mail tasks run when enqueued (after the commit), so what the reporter receives lands in `mail.outbox`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
