"""The /kinerja/ pages: who gets what, the refusal of a future quarter in Indonesian with nothing changed, the
computed realisation shown beside the entered one, the chart, the report's approval and PDF."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from sopan.accounts import demo
from sopan.core.testing import login
from sopan.indicators.models import Realisation, Report
from sopan.indicators.selectors import today_of
from sopan.indicators.tests.factories import bind_performance_sop, head, id_, indicator, officer
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_performance_sop(organization)
    return organization


def test_performance_officer_and_head_see_the_page_vendor_and_helpdesk_do_not(client, org):
    for username, status in (("pj.kinerja", 200), ("kepala.ukpbj", 200), ("helpdesk", 403), ("penyedia.admin", 403)):
        client.logout()
        login(client, person(org, username))
        assert client.get(reverse("indicators:dashboard")).status_code == status, username


def test_head_of_another_organisation_gets_404_for_our_indicator(client, org, other_organization):
    row = indicator(org, year=today_of(org).year)
    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    login(client, demo.ensure_persona(other_organization, spec, with_totp=False))
    assert client.get(reverse("indicators:indicator-detail", kwargs={"pk": row.pk})).status_code == 404


def test_future_quarter_is_refused_on_the_page_and_nothing_changes(client, org):
    row = indicator(org, year=today_of(org).year + 1)
    login(client, officer(org))
    response = client.post(reverse("indicators:realisation-record", kwargs={"pk": row.pk}),
                           {"quarter": 2, "value": "70"})  # fmt: skip
    assert response.status_code == 400
    assert id_("Quarter %(quarter)s %(year)s has not begun yet (it starts on %(day)s): its realisation cannot be "
               "entered.", quarter=2, year=row.year, day=f"{row.year}-04-01") in response.content.decode()  # fmt: skip
    assert not Realisation.objects.exists()


def test_entered_and_computed_realisations_on_the_dashboard_with_charts(client, org, django_assert_max_num_queries):
    year = today_of(org).year
    entered = indicator(org, year=year, code="IKU-E", target="80")
    computed = indicator(org, year=year, code="IKU-C", measure="performance.assessments_done", target="4")
    login(client, officer(org))
    assert client.post(reverse("indicators:realisation-record", kwargs={"pk": entered.pk}),
                       {"quarter": 1, "value": "60"}).status_code == 302  # fmt: skip
    client.get(reverse("indicators:dashboard"))  # warm the session's caches
    with django_assert_max_num_queries(20):
        page = client.get(reverse("indicators:dashboard")).content.decode()
    assert f'data-indicator="{entered.pk}"' in page and f'data-indicator="{computed.pk}"' in page
    assert "75,0 %" in page  # 60 of 80
    assert page.count('class="indicator-chart"') == 2
    detail = client.get(reverse("indicators:indicator-detail", kwargs={"pk": computed.pk})).content.decode()
    assert 'id="computed-from"' in detail and 'id="realisation-form"' not in detail


def test_report_drafted_submitted_approved_and_printed(client, org):
    login(client, officer(org))
    response = client.post(reverse("indicators:report-list"), {"year": today_of(org).year, "period": "q1"})
    report = Report.objects.get()
    assert response.status_code == 302
    client.post(reverse("indicators:report-detail", kwargs={"pk": report.pk}),
                {"analysis": "Tercapai.", "recommendations": "", "version": report.version})  # fmt: skip
    client.post(reverse("indicators:report-transition", kwargs={"pk": report.pk}), {"transition": "submit"})
    client.logout()
    login(client, head(org))
    client.post(reverse("indicators:report-transition", kwargs={"pk": report.pk}), {"transition": "approve"})
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED
    printed = client.get(reverse("indicators:report-print", kwargs={"pk": report.pk}))
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"


def test_the_page_keeps_computed_figures_a_while_and_the_indicator_page_computes_them_anew(client, org, monkeypatch):
    """`selectors.MEASURE_SECONDS`: the indicators page reads a measure once per quarter and keeps the figure in the
    cache, so the next view runs no measure query; the indicator's own page computes it; with no time to keep it,
    the page computes it again and shows the new figure."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sopan.indicators import selectors
    from sopan.performance.models import Assessment

    year = today_of(org).year
    computed = indicator(org, year=year, code="IKU-C", measure="performance.assessments_done", target="4")
    login(client, officer(org))

    def page_reads_assessments(url: str) -> bool:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return any(Assessment._meta.db_table in q["sql"] for q in captured.captured_queries)

    dashboard = reverse("indicators:dashboard")
    assert page_reads_assessments(dashboard)  # computed, then kept
    assert not page_reads_assessments(dashboard)
    assert page_reads_assessments(reverse("indicators:indicator-detail", kwargs={"pk": computed.pk}))
    # once the kept figures have expired (here: taken out), and kept no time from then on: computed on every view
    monkeypatch.setattr(selectors, "MEASURE_SECONDS", 0)
    kept = [k for k in cache_keys_of(selectors, org) if cache.get(k, "missing") != "missing"]
    assert kept
    cache.delete_many(kept)
    assert page_reads_assessments(dashboard)
    assert page_reads_assessments(dashboard)


def cache_keys_of(selectors, organization) -> list[str]:
    from sopan.indicators import scores

    today = today_of(organization)
    spans = [scores.measured_days(today.year, quarter, today) for quarter in (1, 2, 3, 4)]
    return [selectors._measure_key("performance.assessments_done", organization, s) for s in spans if s is not None]
