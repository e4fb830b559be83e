"""Role matrix of the helpdesk: the ticket page and its actions.

LPSE staff of the organisation (`policies.STAFF_ROLES`: helpdesk agent, Kepala LPSE, Administrator Sistem,
Verifikator) open the page, its attachments and the consultation form; other people of the organisation get 403, the
outsider (Kepala LPSE of Batang) 404 for Salatiga's ticket. POST bodies are empty, so each action's form comes back
with its errors (400) and nothing changes.

The objects are made on first use in the matrix's data: a web ticket with a screenshot attached to its first message
(the file written to the storage) and an unanswered report to Helpdesk Eproc LKPP.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route
from sopan.helpdesk.tickets.urls import ACTIONS
from sopan.helpdesk.tickets.views import FOLDED_FORMS

STAFF = ("helpdesk_agent", "lpse_head", "system_admin", "verifier")


def _tickets(data: dict) -> dict:
    if "tickets" not in data:
        import hashlib

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        from django.utils import timezone

        from sopan.helpdesk.models import Attachment, Escalation, Message
        from sopan.helpdesk.tests.factories import make_ticket

        organization = data["organization"]
        ticket = make_ticket(organization)
        message = Message.objects.create(
            ticket=ticket, organization=organization, kind=Message.Kind.FROM_REPORTER, body=ticket.description
        )
        content = b"%PDF-1.4 matrix"
        name = default_storage.save("helpdesk/matrix/layar.pdf", ContentFile(content))
        attachment = Attachment.objects.create(
            message=message,
            ticket=ticket,
            file=name,
            name="layar.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        escalation = Escalation.objects.create(
            ticket=ticket, kind=Escalation.Kind.LKPP_EPROC, reason="Galat unggah", sent_at=timezone.now()
        )
        data["tickets"] = {"ticket": ticket, "attachment": attachment, "escalation": escalation}
    return data["tickets"]


def _ticket(data: dict) -> dict:
    return {"pk": _tickets(data)["ticket"].pk}


def _ok(status: int = 200) -> dict:
    return {"anonymous": 302, "outsider": 404, **dict.fromkeys(STAFF, status)}


ROUTES = [
    Route("helpdesk:ticket-detail", default=403, kwargs=_ticket, expect=_ok()),
    Route("helpdesk:ticket-form-pdf", default=403, kwargs=_ticket, expect=_ok()),
    Route(
        "helpdesk:attachment-download",
        default=403,
        kwargs=lambda d: {"pk": _tickets(d)["ticket"].pk, "attachment_pk": _tickets(d)["attachment"].pk},
        expect=_ok(),
    ),
    *[
        Route(f"helpdesk:ticket-{action}", method="post", default=403, kwargs=_ticket, expect=_ok(400))
        for _segment, action in ACTIONS
    ],
    # The folded forms, loaded when opened: 404 for an action the person may not take on the ticket now. The
    # verifier sees tickets but handles none; the ticket is open, so nobody reopens it.
    *[
        Route(
            f"helpdesk:ticket-{action}-form",
            default=403,
            kwargs=_ticket,
            expect={**_ok(404 if action == "reopen" else 200), "verifier": 404},
        )
        for _segment, action in ACTIONS
        if action.replace("-", "_") in FOLDED_FORMS
    ],
    Route(
        "helpdesk:escalation-answer",
        method="post",
        default=403,
        kwargs=lambda d: {"pk": _tickets(d)["ticket"].pk, "escalation_pk": _tickets(d)["escalation"].pk},
        expect=_ok(400),
    ),
]
