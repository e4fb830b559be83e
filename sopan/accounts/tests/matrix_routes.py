from sopan.core.tests.matrix import Route

ROUTES = [
    Route("accounts:login", default=302, expect={"anonymous": 200}),
    Route("accounts:logout", method="post", default=302),
    Route("accounts:two-factor-setup", default=200, expect={"anonymous": 302}),
    # Already verified personas are sent on; vendors without a device are sent to set one up.
    Route("accounts:two-factor-verify", default=302),
    Route("accounts:recovery-codes", method="post", default=200, expect={"anonymous": 302, "vendor_admin": 302}),
    Route("accounts:two-factor-disable", method="post", default=302),
    Route("accounts:profile", default=200, expect={"anonymous": 302}),
    Route("accounts:password-change", default=200, expect={"anonymous": 302}),
    Route("accounts:password-reset", default=200),
    Route("accounts:password-reset-done", default=200),
    Route("accounts:password-reset-confirm", kwargs=lambda d: {"uidb64": "MQ", "token": "invalid-token"},
          default=200),
    Route("accounts:password-reset-complete", default=200),
    # Organisation administration (views_admin.py)
    Route("accounts:organization-settings", default=403, expect={"anonymous": 302, "outsider": 200,
                                                                 "lpse_head": 200, "ukpbj_head": 200,
                                                                 "system_admin": 200}),
    Route("accounts:unit-list", default=403, expect={"anonymous": 302, "outsider": 200, "lpse_head": 200,
                                                     "ukpbj_head": 200, "system_admin": 200}),
    Route("accounts:user-list", default=403, expect={"anonymous": 302, "outsider": 200, "lpse_head": 200,
                                                     "ukpbj_head": 200, "system_admin": 200}),
]
