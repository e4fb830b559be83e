"""Role matrix of the helpdesk: reports.

The report of the organisation is for the helpdesk desk (`policies.can_view_reports`: helpdesk agent, Kepala LPSE,
Administrator Sistem); others of the organisation get 403. The outsider (Kepala LPSE of Batang) sees the report of
their own organisation: the page has no object of another organisation to refuse.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

VIEWERS = ("helpdesk_agent", "lpse_head", "system_admin")
EXPECT = {"anonymous": 302, "outsider": 200, **dict.fromkeys(VIEWERS, 200)}

ROUTES = [
    Route("helpdesk:report", default=403, expect=EXPECT),
    Route("helpdesk:report-xlsx", default=403, expect=EXPECT),
    Route("helpdesk:report-pdf", default=403, expect=EXPECT),
]
