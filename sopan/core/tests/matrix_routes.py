from sopan.core.tests.matrix import ADMINS, AUDIT_VIEWERS, Route

# The calendar: its administrators, and the outsider in their own organisation (a Salatiga day is not found for them).
CALENDAR_USERS = {"anonymous": 302, "outsider": 200, **dict.fromkeys(ADMINS, 200)}

ROUTES = [
    Route("core:home", default=200, expect={"anonymous": 302}),
    Route("core:healthz", default=200),
    Route("core:antibot-challenge", default=200),
    Route("core:language", method="post", data={"language": "id", "next": "/"}, default=302),
    Route(
        "audit:event-list", default=403, expect={"anonymous": 302, "outsider": 200, **dict.fromkeys(AUDIT_VIEWERS, 200)}
    ),
    Route(
        "audit:history",
        default=403,
        kwargs=lambda d: {"model": "accounts.orgunit", "pk": d["unit"].pk},
        expect={"anonymous": 302, "outsider": 404, **dict.fromkeys(AUDIT_VIEWERS, 200)},
    ),
    Route("calendar:settings", default=403, expect=CALENDAR_USERS),
    # Harmless POSTs: an empty week (refused: no working day) and an empty day (refused: no date) render the page.
    Route("calendar:hours-set", method="post", data={}, default=403, expect=CALENDAR_USERS),
    Route("calendar:day-add", method="post", data={}, default=403, expect=CALENDAR_USERS),
    Route("calendar:ramadan-set", method="post", data={}, default=403, expect=CALENDAR_USERS),
    Route(
        "calendar:ramadan-reset",
        method="post",
        data={},
        default=403,
        expect={"anonymous": 302, "outsider": 302, **dict.fromkeys(ADMINS, 302)},
    ),
    Route(
        "calendar:day-remove",
        method="post",
        kwargs=lambda d: {"pk": d["calendar_day"].pk},
        default=403,
        expect={"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 302)},
    ),
]
