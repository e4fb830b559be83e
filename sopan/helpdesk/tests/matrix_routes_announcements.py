"""Role matrix of the helpdesk: announcements of outages and maintenance.

Staff pages are for those who manage announcements (the helpdesk desk: helpdesk agent, Kepala LPSE, Administrator
Sistem; `policies.can_manage_announcements`): others of the organisation get 403 on the list and the form, 404 on an
announcement; the outsider (Kepala LPSE of Batang) sees the list of their own organisation and 404 for Salatiga's
announcements. The public pages, the feed and the Berita Acara of a closed announcement are open to everyone.

The objects are made on first use in the matrix's data: an ongoing outage and a closed one with its Berita Acara.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

MANAGERS = ("helpdesk_agent", "lpse_head", "system_admin")


def _announcements(data: dict) -> dict:
    if "announcements" not in data:
        import datetime

        from django.utils import timezone

        from sopan.helpdesk.tests.factories import make_announcement

        organization = data["organization"]
        now = timezone.now()
        data["announcements"] = {
            "active": make_announcement(organization, affected_tenders="10012345000"),
            "closed": make_announcement(
                organization,
                title="Pemeliharaan server SPSE",
                kind="maintenance",
                status="closed",
                started_at=now - datetime.timedelta(days=2),
                ended_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=3),
                cause="Pembaruan sistem operasi server.",
                report_number=f"BA-{now.year}-0001",
            ),
        }
    return data["announcements"]


def _active(data: dict) -> dict:
    return {"pk": _announcements(data)["active"].pk}


def _closed(data: dict) -> dict:
    return {"pk": _announcements(data)["closed"].pk}


def _public(which: str):
    return lambda data: {"org": data["organization"].slug, "pk": _announcements(data)[which].pk}


def _ok(status: int = 200, **extra) -> dict:
    return {"anonymous": 302, **dict.fromkeys(MANAGERS, status), **extra}


ROUTES = [
    # --- staff
    Route("helpdesk:announcement-list", default=403, expect=_ok(outsider=200)),
    Route("helpdesk:announcement-create", default=403, expect=_ok(outsider=200)),
    Route("helpdesk:announcement-detail", default=404, kwargs=_active, expect=_ok()),
    Route("helpdesk:announcement-update", default=404, kwargs=_active, expect=_ok()),
    # An empty closing form comes back with its errors: nothing is closed.
    Route("helpdesk:announcement-close", method="post", default=404, kwargs=_active, expect=_ok(400)),
    Route("helpdesk:announcement-report", default=404, kwargs=_closed, expect=_ok()),
    # --- public
    Route("helpdesk:public-announcement-list", default=200, kwargs=lambda d: {"org": d["organization"].slug}),
    Route("helpdesk:public-announcement-feed", default=200, kwargs=lambda d: {"org": d["organization"].slug}),
    Route("helpdesk:public-announcement-detail", default=200, kwargs=_public("active")),
    Route("helpdesk:public-announcement-report", default=200, kwargs=_public("closed")),
]
