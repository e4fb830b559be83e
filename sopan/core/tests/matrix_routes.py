from sopan.core.tests.matrix import AUDIT_VIEWERS, Route

ROUTES = [
    Route("core:home", default=200, expect={"anonymous": 302}),
    Route("core:healthz", default=200),
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
]
