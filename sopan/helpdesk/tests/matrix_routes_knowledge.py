"""Role matrix of the helpdesk: the knowledge base (FAQ articles), canned answers and the public FAQ.

Writers (`policies.can_manage_knowledge`): the helpdesk agent, the Kepala LPSE and the Administrator Sistem. Readers of
the staff pages (`can_view_staff_articles`) add the verifier, who sees published articles only. Objects of Salatiga are
404 for the outsider (Kepala LPSE of Batang), who reaches the list pages of their own organisation. The public FAQ is
open to everyone.

POST bodies are harmless: publishing without a target status changes nothing; the message turned into an article is
an internal note (refused after the permission check); the canned answer deactivated is already out of use.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

WRITERS = ("helpdesk_agent", "lpse_head", "system_admin")
READERS = (*WRITERS, "verifier")


def _knowledge(data: dict) -> dict:
    if "knowledge" not in data:
        from sopan.helpdesk.models import Article, CannedAnswer, Message
        from sopan.helpdesk.tests.factories import make_article, make_ticket

        organization = data["organization"]
        ticket = make_ticket(organization)
        data["knowledge"] = {
            "public": make_article(organization),
            "staff": make_article(organization, audience=Article.Audience.STAFF),
            "note": Message.objects.create(
                ticket=ticket, organization=organization, kind=Message.Kind.NOTE, body="Cek log server."
            ),
            "canned": CannedAnswer.objects.create(
                organization=organization, title="Salam pembuka", body="Terima kasih.", is_active=False
            ),
        }
    return data["knowledge"]


def _ok(roles, status=200, **extra) -> dict:
    return {"anonymous": 302, **dict.fromkeys(roles, status), **extra}


def _pk(key: str):
    return lambda data: {"pk": _knowledge(data)[key].pk}


ROUTES = [
    # --- articles
    Route("helpdesk:article-list", default=403, expect=_ok(READERS, outsider=200)),
    Route("helpdesk:article-create", default=403, expect=_ok(WRITERS, outsider=200)),
    Route("helpdesk:article-detail", default=403, kwargs=_pk("staff"), expect=_ok(READERS, outsider=404)),
    Route("helpdesk:article-update", default=403, kwargs=_pk("staff"), expect=_ok(WRITERS, outsider=404)),
    Route(
        "helpdesk:article-publish",
        method="post",
        default=403,
        kwargs=_pk("staff"),
        expect=_ok(WRITERS, 302, outsider=404),
    ),
    Route(
        "helpdesk:article-from-message",
        method="post",
        default=403,
        kwargs=lambda d: {"message_pk": _knowledge(d)["note"].pk},
        expect=_ok(WRITERS, 302, outsider=404),
    ),
    # --- canned answers
    Route("helpdesk:canned-list", default=403, expect=_ok(WRITERS, outsider=200)),
    Route("helpdesk:canned-create", default=403, expect=_ok(WRITERS, outsider=200)),
    Route("helpdesk:canned-update", default=403, kwargs=_pk("canned"), expect=_ok(WRITERS, outsider=404)),
    Route(
        "helpdesk:canned-deactivate",
        method="post",
        default=403,
        kwargs=_pk("canned"),
        expect=_ok(WRITERS, 302, outsider=404),
    ),
    # --- the public FAQ
    Route("helpdesk:public-faq", default=200, kwargs=lambda d: {"org": d["organization"].slug}),
    Route(
        "helpdesk:public-article",
        default=200,
        kwargs=lambda d: {"org": d["organization"].slug, "pk": _knowledge(d)["public"].pk},
    ),
]
