from sopan.core.tests.matrix import AUDIT_VIEWERS, Route

# VIEW_COMPLIANCE in the demo organisation: the administrators (Kepala LPSE, Kepala UKPBJ, Administrator Sistem) and
# the auditor. The outsider holds it in their own organisation and sees that organisation's (empty) report.
ROUTES = [
    Route(
        "compliance:report",
        default=403,
        expect={"anonymous": 302, "outsider": 200, **dict.fromkeys(AUDIT_VIEWERS, 200)},
    ),
]
