"""Role matrix of the unit performance pages (/kinerja/, issue 19 §4). The objects are written directly on first use
(the services need the SOP bound, which the matrix leaves alone): an indicator of this year and a drafted report.

Who is who among the matrix's personas: the Kepala UKPBJ sees every page and approves reports (the forms of the team
and of the Penanggung Jawab Kinerja, who are not matrix personas, answer 403); a vendor, the helpdesk agent and
everyone else get 403; the outsider (Kepala LPSE of another organisation) holds no capability here: 403 as well. The
Penanggung Jawab Kinerja's access is tested in test_views.py.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
HEAD = {**ANON, "ukpbj_head": 200}
NOT_HEAD = {**ANON}


def _objects(data):
    if "indicators_indicator" not in data:
        from sopan.indicators.models import Indicator, Report
        from sopan.procurement.tests.factories import person

        organization = data["organization"]
        data["indicators_indicator"] = Indicator.objects.create(organization=organization, year=2026, code="IKU-M",
                                                                name="Indikator", unit="%", target=100)  # fmt: skip
        data["indicators_report"] = Report.objects.create(organization=organization, year=2026, period="q1",
                                                          created_by=person(organization, "kepala.ukpbj"))  # fmt: skip
    return data


def _indicator(data):
    return {"pk": _objects(data)["indicators_indicator"].pk}


def _evidence(data):
    return {"pk": _objects(data)["indicators_indicator"].pk, "quarter": 1}


def _plan(data):
    return {"pk": _objects(data)["indicators_indicator"].pk, "plan": 999999}


def _report(data):
    return {"pk": _objects(data)["indicators_report"].pk}


ROUTES = [
    Route("indicators:dashboard", default=403, expect=HEAD),
    Route("indicators:indicator-list", default=403, expect=HEAD),
    Route("indicators:indicator-create", default=403, expect=NOT_HEAD),
    Route("indicators:indicator-update", default=403, kwargs=_indicator, expect=HEAD),  # read-only for the head
    Route("indicators:indicator-history", default=403, kwargs=_indicator, expect=HEAD),
    Route("indicators:indicator-export", default=403, expect=HEAD),
    Route("indicators:indicator-import", default=403, expect=NOT_HEAD),
    Route("indicators:indicator-detail", default=403, kwargs=_indicator, expect=HEAD),
    Route("indicators:realisation-record", default=403, method="post", kwargs=_indicator, expect=NOT_HEAD),
    Route("indicators:evidence", default=403, kwargs=_evidence, expect={**ANON, "ukpbj_head": 404}),  # none stored
    Route("indicators:action-plan-add", default=403, method="post", kwargs=_indicator, expect=NOT_HEAD),
    Route("indicators:action-plan-done", default=403, method="post", kwargs=_plan, expect={**ANON, "ukpbj_head": 404}),
    Route("indicators:report-list", default=403, expect=HEAD),
    Route("indicators:report-detail", default=403, kwargs=_report, expect=HEAD),
    # submitting is the team's: the Kepala UKPBJ is refused
    Route("indicators:report-transition", default=403, method="post", kwargs=_report, data={"transition": "submit"},
          expect=NOT_HEAD),
    Route("indicators:report-print", default=403, kwargs=_report, expect=HEAD),
]  # fmt: skip
