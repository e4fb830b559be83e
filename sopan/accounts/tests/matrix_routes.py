from sopan.accounts.tests.matrix_routes_roles import ROUTES as ROLE_ROUTES
from sopan.core.tests.matrix import ADMINS, Route

OWN_ORGANIZATION = {"anonymous": 302, "outsider": 200, **dict.fromkeys(ADMINS, 200)}
SALATIGA_OBJECT = {"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 200)}
SALATIGA_OBJECT_POST = {"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 302)}

ROUTES = [
    # Public; the demo organisation has no logo uploaded, so everyone gets 404 (a logo is tested in test_views_admin).
    Route("accounts:organization-logo", kwargs=lambda d: {"slug": d["organization"].slug}, default=404),
    Route("accounts:login", default=302, expect={"anonymous": 200}),
    Route("accounts:logout", method="post", default=302),
    Route("accounts:two-factor-setup", default=200, expect={"anonymous": 302}),
    # Already verified personas are sent on; vendors without a device are sent to set one up.
    Route("accounts:two-factor-verify", default=302),
    # Without a fresh code in the POST, new recovery codes are refused and everyone is sent back to their profile.
    Route("accounts:recovery-codes", method="post", default=302),
    Route("accounts:two-factor-disable", method="post", default=302),
    Route("accounts:profile", default=200, expect={"anonymous": 302}),
    Route("accounts:password-change", default=200, expect={"anonymous": 302}),
    Route("accounts:password-reset", default=200),
    Route("accounts:password-reset-done", default=200),
    Route("accounts:password-reset-confirm", kwargs=lambda d: {"uidb64": "MQ", "token": "invalid-token"}, default=200),
    Route("accounts:password-reset-complete", default=200),
    # Organisation administration (views_admin.py): admins of Salatiga get in; the outsider (Kepala LPSE of Batang)
    # manages their own organisation's lists and settings but finds no Salatiga object (404); everyone else 403.
    Route("accounts:organization-settings", default=403, expect=OWN_ORGANIZATION),
    Route(
        "accounts:organization-test-mail",
        method="post",
        default=403,
        expect={"anonymous": 302, "outsider": 302, **dict.fromkeys(ADMINS, 302)},
    ),
    Route("accounts:unit-list", default=403, expect=OWN_ORGANIZATION),
    Route("accounts:unit-create", default=403, expect=OWN_ORGANIZATION),
    Route("accounts:unit-edit", default=403, kwargs=lambda d: {"pk": d["unit"].pk}, expect=SALATIGA_OBJECT),
    Route("accounts:user-list", default=403, expect=OWN_ORGANIZATION),
    Route("accounts:user-create", default=403, expect=OWN_ORGANIZATION),
    Route("accounts:user-detail", default=403, kwargs=lambda d: {"pk": d["user"].pk}, expect=SALATIGA_OBJECT),
    Route("accounts:user-edit", default=403, kwargs=lambda d: {"pk": d["user"].pk}, expect=SALATIGA_OBJECT),
    # Harmless POSTs: the verifier has no lockout to lift; a 2FA reset within the test's rolled-back transaction.
    Route(
        "accounts:user-unlock",
        method="post",
        default=403,
        kwargs=lambda d: {"pk": d["user"].pk},
        expect=SALATIGA_OBJECT_POST,
    ),
    Route(
        "accounts:user-reset-2fa",
        method="post",
        default=403,
        kwargs=lambda d: {"pk": d["user"].pk},
        expect=SALATIGA_OBJECT_POST,
    ),
    Route("accounts:assignment-create", default=403, kwargs=lambda d: {"pk": d["user"].pk}, expect=SALATIGA_OBJECT),
    Route("accounts:assignment-end", default=403, kwargs=lambda d: {"pk": d["assignment"].pk}, expect=SALATIGA_OBJECT),
    *ROLE_ROUTES,
]
