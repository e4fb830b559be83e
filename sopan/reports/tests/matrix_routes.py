"""Role matrix of the periodic report pages (/laporan/triwulan/, issue 19 §4): the Kepala LPSE prepares and approves,
the Kepala UKPBJ reads (and forwards); a vendor, the helpdesk agent and everyone else get 403; the outsider (Kepala
LPSE of another organisation) has their own list (200) and gets 404 for our report. The report is a draft written
directly (its sections empty), so the matrix needs no bound SOP."""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
VIEWERS = {**ANON, "ukpbj_head": 200, "lpse_head": 200, "outsider": 404}
PREPARER = {**ANON, "ukpbj_head": 403, "outsider": 404}


def _report(data):
    if "reports_draft" not in data:
        import datetime

        from sopan.procurement.tests.factories import person
        from sopan.reports.models import Report

        organization = data["organization"]
        data["reports_draft"] = Report.objects.create(
            organization=organization, kind="special", title="Laporan Khusus Matriks", snapshot=[],
            period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 1, 31),
            due_on=datetime.date(2025, 2, 15), created_by=person(organization, "kepala.lpse"),
        )  # fmt: skip
    return {"pk": data["reports_draft"].pk}


ROUTES = [
    Route("reports:report-list", default=403, expect={**ANON, "ukpbj_head": 200, "lpse_head": 200, "outsider": 200}),
    # an empty form: refused as incomplete (400) for who may generate
    Route("reports:report-create-quarterly", default=403, method="post",
          expect={**ANON, "lpse_head": 400, "outsider": 400}),
    Route("reports:report-create-special", default=403, method="post",
          expect={**ANON, "lpse_head": 400, "outsider": 400}),
    Route("reports:report-detail", default=403, kwargs=_report, expect=VIEWERS),
    Route("reports:narrative-save", default=403, method="post", kwargs=_report, data={"version": "x"},
          expect={**PREPARER, "lpse_head": 400}),
    Route("reports:report-regenerate", default=403, method="post", kwargs=_report,
          expect={**PREPARER, "lpse_head": 302}),
    # submitting with no narrative: refused with a message on the page (a redirect)
    Route("reports:report-transition", default=403, method="post", kwargs=_report, data={"transition": "submit"},
          expect={**PREPARER, "lpse_head": 302}),
    Route("reports:report-pdf", default=403, kwargs=_report, expect=VIEWERS),
    Route("reports:report-docx", default=403, kwargs=_report, expect=VIEWERS),
]  # fmt: skip
