"""Role matrix of the public side of the helpdesk (the help page, the web report, tracking, the reporter's link).

Everything here is public: every persona, anonymous and the outsider (Kepala LPSE of Batang) included, gets the same
answer, because a reporter's link works for whoever holds it. The objects are made on first use in the matrix's data:
a web ticket of the demo organisation (Salatiga) with a message from the reporter carrying a PNG (its file written to
the storage). POST bodies are harmless: an empty reply is refused on the form (400), confirming a ticket that is not
resolved is refused with a message (302 back to the ticket).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sopan.core.tests.matrix import Route


def _public(data: dict) -> dict:
    if "helpdesk_public" not in data:
        import hashlib

        from sopan.helpdesk.models import Attachment, Message
        from sopan.helpdesk.tests.factories import make_ticket
        from sopan.vendors.tests.factories import png_bytes

        organization = data["organization"]
        ticket = make_ticket(organization)
        message = Message.objects.create(
            ticket=ticket,
            organization=organization,
            kind=Message.Kind.FROM_REPORTER,
            body=ticket.description,
            author_name=ticket.reporter_name,
        )
        content = png_bytes()
        name = default_storage.save("helpdesk/matrix/layar.png", ContentFile(content))
        attachment = Attachment.objects.create(
            message=message,
            ticket=ticket,
            file=name,
            name="layar.png",
            content_type="image/png",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        data["helpdesk_public"] = {"ticket": ticket, "attachment": attachment}
    return data["helpdesk_public"]


def _org(data) -> dict:
    return {"org": data["organization"].slug}


def _token(data) -> dict:
    return {**_org(data), "token": _public(data)["ticket"].public_token}


def _attachment(data) -> dict:
    return {**_token(data), "pk": _public(data)["attachment"].pk}


ROUTES = [
    Route("helpdesk:public-home", default=200, kwargs=_org),
    Route("helpdesk:public-report", default=200, kwargs=_org),
    Route("helpdesk:public-report-done", default=200, kwargs=_token),
    Route("helpdesk:public-track", default=200, kwargs=_org),
    Route("helpdesk:public-ticket", default=200, kwargs=_token),
    Route("helpdesk:public-attachment", default=200, kwargs=_attachment),
    Route("helpdesk:public-reply", method="post", default=400, kwargs=_token, data={"body": ""}),
    Route("helpdesk:public-confirm", method="post", default=302, kwargs=_token),
]
