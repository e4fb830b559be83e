"""The package's page draws its SOP cases on their flowcharts (issue 17 §6, "Alur SOP"): one tab per case with the
steps done, open and late coloured as on the case page, the steps done with date, person and working time, and a
link to the case page for who may open it. A package without a case says so; the queries do not grow with the steps;
another organisation's package is 404 and a vendor gets nothing. In Indonesian, over the Django test client."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sopan.accounts import demo
from sopan.core.testing import duplicate_ids, login
from sopan.procurement import stages
from sopan.procurement.models import Package
from sopan.procurement.selectors_stages import records_key
from sopan.procurement.tests.factories import bind_stage_sops, make_package, person, staged_package
from sopan.procurement.workflows import PREPARATION, SELECTION_PREPARATION
from sopan.sop import rollup
from sopan.sop.api import case_for, progress_of
from sopan.sop.models import StepRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sops(organization):
    bind_stage_sops(organization)  # the stages record their SOP steps: the SOPs must be in force


def _url(package) -> str:
    return reverse("procurement:package-detail", kwargs={"pk": package.pk})


def _page(client, user, package) -> str:
    login(client, user)
    response = client.get(_url(package))
    assert response.status_code == 200
    return response.content.decode()


class _Panels(HTMLParser):
    """Per tab panel (`sop-flow-<case pk>`): each flowchart symbol's classes by step key, and the rows of the steps
    done (step key → the row's attributes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.panels: dict[str, dict] = {}
        self._panel = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "tabpanel":
            self._panel = self.panels.setdefault(attrs["id"], {"symbols": {}, "rows": {}, "attrs": attrs})
        elif self._panel is not None and tag == "g" and "data-step" in attrs:
            self._panel["symbols"][attrs["data-step"]] = set(attrs.get("class", "").split())
        elif self._panel is not None and tag == "tr" and "data-step" in attrs:
            self._panel["rows"][attrs["data-step"]] = attrs


def _panels(html: str) -> dict[str, dict]:
    parser = _Panels()
    parser.feed(html)
    return parser.panels


def _state(panel, key: str) -> str:
    states = {c.removeprefix("sop-status-") for c in panel["symbols"][key] if c.startswith("sop-status-")}
    assert len(states) <= 1, states
    return states.pop() if states else ""


def test_a_package_in_selection_preparation_shows_persiapan_pemilihan_with_the_steps_done(client, organization):
    # Given a package whose Pokja found the preparation documents complete (Persiapan Pemilihan steps 2, 3, 4 "a")
    package = staged_package(organization, "reviewed")
    selection = case_for(package, procedure=SELECTION_PREPARATION)
    preparation = case_for(package, procedure=PREPARATION)

    # When the Kepala UKPBJ opens the package's page
    html = _page(client, person(organization, "kepala.ukpbj"), package)

    # Then "Alur SOP" has a tab per case, the latest (Persiapan Pemilihan) shown first
    assert "Alur SOP" in html and 'id="no-sop-flow"' not in html
    panels = _panels(html)
    assert set(panels) == {f"sop-flow-{preparation.pk}", f"sop-flow-{selection.pk}"}
    tab = html[html.index(f'id="sop-flow-tab-{selection.pk}"') - 40 : html.index(f'id="sop-flow-tab-{selection.pk}"')]
    assert "active" in tab and "Persiapan Pemilihan Penyedia" in html
    panel = panels[f"sop-flow-{selection.pk}"]
    assert panel["attrs"]["data-procedure"] == SELECTION_PREPARATION and "active" in panel["attrs"]["class"]
    # the steps done, the one open now and those not reached, as the symbols' status classes in the SVG
    done = {"sampaikan-permintaan-pemilihan", "tetapkan-pokja-pemilihan", "reviu-dokumen-persiapan"}
    for key in done:
        assert _state(panel, key) == "done", key
    assert _state(panel, "tetapkan-metode-pemilihan") == "open"
    assert _state(panel, "tetapkan-jadwal-pemilihan") == "" and _state(panel, "tetapkan-dokumen-pemilihan") == ""
    legend = html[html.index('<g class="sop-legend">') :]
    assert "Selesai" in legend[: legend.index("</g>")]  # the legend, in Indonesian
    # the list of the steps done: who did them
    assert set(panel["rows"]) == done
    row = html[html.index('data-step="tetapkan-pokja-pemilihan"', html.index(f'id="sop-steps-{selection.pk}"')) :]
    assert person(organization, "kepala.ukpbj").get_full_name() in row[: row.index("</tr>")]
    # the preparation's case, done, on its own flowchart
    assert _state(panels[f"sop-flow-{preparation.pk}"], "setujui-spesifikasi-rab") == "done"
    assert 'id="timeline"' in html  # the stage records stay as text
    assert not duplicate_ids(html)


def test_a_late_step_is_marked_on_the_flowchart_and_in_the_list(client, organization):
    package = staged_package(organization, "pokja")
    selection = case_for(package, procedure=SELECTION_PREPARATION)
    StepRecord.objects.filter(case=selection, step_key="tetapkan-pokja-pemilihan").update(on_time=False)
    StepRecord.objects.filter(case=selection, step_key="reviu-dokumen-persiapan", status="open").update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    rollup.rebuild(organization)  # records changed behind the services' back
    html = _page(client, person(organization, "kepala.ukpbj"), package)
    panel = _panels(html)[f"sop-flow-{selection.pk}"]
    assert _state(panel, "reviu-dokumen-persiapan") == "overdue"
    assert panel["rows"]["tetapkan-pokja-pemilihan"].get("data-late") == "true"
    assert "data-late" not in panel["rows"]["sampaikan-permintaan-pemilihan"]
    assert "2 langkah melewati waktu bakunya" in html


def test_the_case_link_only_for_who_may_open_the_case(client, organization):
    package = staged_package(organization, "reviewed")
    selection = case_for(package, procedure=SELECTION_PREPARATION)
    preparation = case_for(package, procedure=PREPARATION)
    # a Pokja member holds a lane of Persiapan Pemilihan, not of Persiapan Pengadaan: both drawn, one linked
    html = _page(client, person(organization, "pokja"), package)
    assert f'href="{reverse("sop:case-detail", kwargs={"pk": selection.pk})}"' in html
    assert f'id="sop-case-{preparation.pk}"' not in html and f'id="sop-flow-{preparation.pk}"' in html
    assert client.get(reverse("sop:case-detail", kwargs={"pk": preparation.pk})).status_code == 404
    # the Kepala UKPBJ opens both
    html = _page(client, person(organization, "kepala.ukpbj"), package)
    assert f'id="sop-case-{preparation.pk}"' in html and f'id="sop-case-{selection.pk}"' in html


def test_a_package_just_imported_says_no_sop_step_is_recorded(client, organization):
    package = make_package(organization, kd_rup="9900011")
    html = _page(client, person(organization, "kepala.ukpbj"), package)
    assert "Belum ada langkah SOP yang tercatat untuk paket ini." in html
    assert "<svg" not in html and 'id="sop-flow-tabs"' not in html


def test_a_refused_form_keeps_the_flowcharts_on_the_page(client, organization):
    package = staged_package(organization, "selection_preparation")
    login(client, person(organization, "ppk"))
    url = reverse("procurement:package-action", kwargs={"pk": package.pk, "transition": "request_selection"})
    response = client.post(url, {"request_selection-version": package.version})  # no item ticked
    assert response.status_code == 400
    html = response.content.decode()
    preparation = case_for(package, procedure=PREPARATION)
    assert _state(_panels(html)[f"sop-flow-{preparation.pk}"], "setujui-spesifikasi-rab") == "done"


def _with_review_rounds(organization, kd_rup: str, rounds: int):
    """A package whose Pokja returned the documents `rounds` times before finding them complete, then decided the
    methods: the same stage, 2 + 2×`rounds` more step records."""
    package = staged_package(organization, "pokja", kd_rup=kd_rup)
    pokja, ppk = person(organization, "pokja"), person(organization, "ppk")
    for n in range(rounds):
        stages.package_return_documents(package=package, by=pokja, seen_version=package.version, findings=f"HPS {n}")
        package.refresh_from_db()
        stages.package_resubmit_documents(package=package, by=ppk, seen_version=package.version)
        package.refresh_from_db()
    stages.package_complete_review(package=package, by=pokja, seen_version=package.version)
    package.refresh_from_db()
    stages.package_decide_methods(
        package=package, by=pokja, seen_version=package.version, selection_method="tender",
        qualification_method="post", evaluation_method="lowest_price", submission_method="one_file",
    )  # fmt: skip
    package.refresh_from_db()
    return package


def test_the_page_costs_the_same_queries_for_few_or_many_steps(client, organization):
    few = _with_review_rounds(organization, "9900021", 0)
    many = _with_review_rounds(organization, "9900022", 6)
    assert StepRecord.objects.filter(case__subject_id=str(many.pk)).count() >= (
        StepRecord.objects.filter(case__subject_id=str(few.pk)).count() + 12
    )
    head = person(organization, "kepala.ukpbj")
    _page(client, head, few)  # warm the per-process caches (parsed SOPs, content types) and the packages' records
    _page(client, head, many)
    with CaptureQueriesContext(connection) as captured:
        _page(client, head, few)
    with CaptureQueriesContext(connection) as captured_many:
        html = _page(client, head, many)
    assert len(captured_many) == len(captured)
    selection = case_for(many, procedure=SELECTION_PREPARATION)
    # every time a step was done is a row: the review 7 times (6 returns and the completion), the correction 6
    steps = html[html.index(f'id="sop-steps-{selection.pk}"') :]
    steps = steps[: steps.index("</table>")]
    assert steps.count('data-step="reviu-dokumen-persiapan"') == 7
    assert steps.count('data-step="perbaiki-dokumen-persiapan"') == 6


def test_progress_of_costs_a_fixed_number_of_queries_whatever_the_cases_and_steps(
    organization, django_assert_num_queries
):
    head = person(organization, "kepala.ukpbj")
    ppk = person(organization, "ppk")
    one = staged_package(organization, "preparation", kd_rup="9900031")  # one case, one step
    three = staged_package(organization, "result", kd_rup="9900032")  # three cases, a dozen steps
    progress_of(one, user=head)  # warm the per-process caches
    progress_of(one, user=ppk)
    with django_assert_num_queries(2):  # the cases, their records: the Kepala UKPBJ may open every case
        assert len(progress_of(one, user=head)) == 1
    with django_assert_num_queries(3):  # and the two SOP versions this process has not read yet (kept a while)
        progress_of(three, user=head)
    with django_assert_num_queries(2):
        progress = progress_of(three, user=head)
    assert [p.procedure for p in progress] == [PREPARATION, SELECTION_PREPARATION, "procurement_main"]
    assert all(p.can_open for p in progress) and sum(len(p.done) for p in progress) >= 12
    with django_assert_num_queries(4):  # and, for who sees some cases only, those they may open (supervisor chain)
        progress_of(three, user=ppk)
    assert progress_of(make_package(organization, kd_rup="9900033"), user=head) == []


def test_another_organisations_package_is_404(client, organization, other_organization):
    package = staged_package(organization, "reviewed")
    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    login(client, demo.ensure_persona(other_organization, spec, with_totp=False))
    response = client.get(_url(package))
    assert response.status_code == 404 and "sop-flow" not in response.content.decode()


def test_a_vendor_gets_nothing(client, organization):
    package = staged_package(organization, "reviewed")
    vendor = person(organization, "penyedia.admin")
    login(client, vendor)
    response = client.get(_url(package))
    assert response.status_code == 403 and "sop-flow" not in response.content.decode()
    assert not any(p.can_open for p in progress_of(package, user=vendor))


def test_the_package_page_reads_each_record_once(client, organization, django_assert_max_num_queries):
    """The whole history of a handed-over package (documents, request, Pokja decree with its members, review,
    methods and schedule, milestones, three SOP cases) in a fixed number of queries, each record read once: the
    timeline, the print links and the stage forms share them (issue 21); once read, this version's records come from
    the cache (selectors_stages.with_records) and the page reads none of them again."""
    head = person(organization, "kepala.ukpbj")
    package = staged_package(organization, "handed_over", kd_rup="9900041")
    login(client, head)
    client.get(_url(package))  # the per-process caches
    cache.delete(records_key(Package.objects.get(pk=package.pk)))
    with django_assert_max_num_queries(22) as captured:  # 5 before the page's own work (session, person …), 4 cache
        page = client.get(_url(package)).content.decode()
    assert 'id="timeline-handover"' in page and 'id="timeline-pokja-' in page and "Berita Acara Hasil Reviu" in page
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in captured.captured_queries if " FROM " in q["sql"]]
    for table in ("procurement_review", "procurement_pokjaassignment", "procurement_milestone", "sop_case"):
        assert tables.count(f'"{table}"') == 1, (table, tables)
    with CaptureQueriesContext(connection) as warm:
        assert _without_tokens(client.get(_url(package)).content.decode()) == _without_tokens(page)
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in warm.captured_queries if " FROM " in q["sql"]]
    for table in RECORD_TABLES:
        assert f'"{table}"' not in tables, (table, tables)
    assert tables.count('"sop_case"') == 1


def _without_tokens(html: str) -> str:
    """The page without its CSRF tokens (masked anew on every response)."""
    return re.sub(r"[A-Za-z0-9]{64}", "", html)


RECORD_TABLES = (
    "procurement_preparationdocument",
    "procurement_selectionrequest",
    "procurement_pokjaassignment",
    "procurement_pokjaassignmentmember",
    "procurement_review",
    "procurement_selectionplan",
    "procurement_milestone",
)
