"""Mail of the helpdesk: to the reporter (creation, reply, resolution, closing) and the IMAP mailbox poll."""

from __future__ import annotations

from django_tasks import task


@task()
def send_ticket_mail(ticket_id: int, kind: str, message_id: int | None = None) -> None:
    """Mail the reporter about their ticket. `kind`: created, reply, waiting, resolved, closed, reopened, follow_up.
    `message_id`: the `Message` (a reply to the reporter) the mail carries."""
    raise NotImplementedError  # written by the mail part of issue 5
