"""What the package's page costs (issue 17 §8, issue 21): a fixed number of queries with its stage records kept in
the cache per package version (selectors_stages.with_records), and a page that never shows an older version's."""

from __future__ import annotations

import pickle

import pytest
from django.core.cache import cache
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from sopan.core.testing import login
from sopan.procurement import services_assistance, services_availability, stages
from sopan.procurement.models import Package
from sopan.procurement.selectors_stages import records_key, timeline, with_records
from sopan.procurement.tests.factories import POKJA, bind_stage_sops, person, pokja_members, staged_package
from sopan.procurement.views_stages import timeline_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sops(organization):
    bind_stage_sops(organization)  # the stages record their SOP steps: the SOPs must be in force


def _url(package) -> str:
    return reverse("procurement:package-detail", kwargs={"pk": package.pk})


def _fresh(package) -> Package:
    return Package.objects.get(pk=package.pk)


def test_the_package_page_costs_a_fixed_number_of_queries(client, organization, django_assert_num_queries):
    """Kepala UKPBJ on a handed-over package, 7: the session, the person (cache), the package (with whether it has
    assistances, analyses, SOP cases), the cache entries of its records and of its fields' fragment, its SOP cases
    and their step records. Fails if a round trip creeps back (the stage records were 7 queries, the guards one per
    transition). The cache entries are queries in the database cache (embedded tier, tests), none on Redis."""
    head = person(organization, "kepala.ukpbj")
    package = staged_package(organization, "handed_over", kd_rup="9900051")
    login(client, head)
    client.get(_url(package))  # the per-process caches and this version's records
    with django_assert_num_queries(7):
        response = client.get(_url(package))
    assert response.status_code == 200 and 'id="timeline-handover"' in response.content.decode()


def test_a_pokja_member_s_page_with_its_forms_costs_a_fixed_number_of_queries(
    client, organization, django_assert_num_queries
):
    """The Pokja member sees the review forms: the transitions they may take and their guards are decided from the
    records read (or cached) once, not by a query per transition. 10: as the Kepala UKPBJ's, less the analysis and
    the assistances (neither theirs to see), plus their scope (the package among those of their Pokja), and which SOP
    cases they may open (the supervisor chain, the cases)."""
    package = staged_package(organization, "pokja", kd_rup="9900052")
    member = person(organization, POKJA[0])
    login(client, member)
    client.get(_url(package))
    with django_assert_num_queries(10):
        html = client.get(_url(package)).content.decode()
    assert 'id="stage-return_documents"' in html and 'id="stage-complete_review"' in html
    assert 'id="stage-decide_methods"' not in html  # its guard: the review is not complete yet


def test_the_ppk_s_page_costs_a_fixed_number_of_queries_and_the_request_closes_the_assistance(
    client, organization, django_assert_num_queries
):
    """The PPK: assistance with the preparation is offered until the selection is requested, decided from the
    records read for the page (no query of its own). 10: session, person, package, scope, records, the fields'
    fragment, SOP cases, step records, which cases they may open (the supervisor chain, the cases); no assistance
    or analysis to read."""
    ppk = person(organization, "ppk")
    login(client, ppk)
    before = staged_package(organization, "selection_preparation", kd_rup="9900058")
    html = client.get(_url(before)).content.decode()
    assert 'id="stage-assistance_request"' in html and 'value="preparation"' in html
    package = staged_package(organization, "requested", kd_rup="9900059")
    client.get(_url(package))
    with django_assert_num_queries(10):  # and the fields' fragment
        html = client.get(_url(package)).content.decode()
    assert 'id="stage-request_selection"' not in html and 'id="stage-assistance_request"' not in html


def test_a_stage_recorded_after_the_page_was_read_shows_at_once(client, organization):
    """The cached records are those of the version read: the next stage raises the version, and the page reads the
    records of the new one (the review's timeline entry and its print link, the next forms for the Pokja member)."""
    package = staged_package(organization, "pokja", kd_rup="9900053")
    member = person(organization, POKJA[0])
    login(client, member)
    before = client.get(_url(package)).content.decode()
    assert cache.get(records_key(_fresh(package))) is not None
    assert 'id="timeline-review-1"' not in before and 'id="stage-decide_methods"' not in before
    stages.package_complete_review(package=_fresh(package), by=member, seen_version=_fresh(package).version)
    after = client.get(_url(package)).content.decode()
    assert 'id="timeline-review-1"' in after and "Berita Acara Hasil Reviu" in after
    assert 'id="stage-decide_methods"' in after and 'id="stage-complete_review"' not in after


def test_a_preparation_document_recorded_shows_at_once(client, organization):
    """A record written without a change of status (the PPK's preparation document) raises the version too."""
    ppk = person(organization, "ppk")
    package = staged_package(organization, "planning", kd_rup="9900054")
    login(client, ppk)
    assert 'id="timeline-doc-' not in client.get(_url(package)).content.decode()
    stages.package_record_preparation_document(package=_fresh(package), kind="specification", by=ppk,
                                               seen_version=_fresh(package).version)  # fmt: skip
    assert 'id="timeline-doc-' in client.get(_url(package)).content.decode()


def test_the_cache_keeps_the_records_and_their_people_s_names_only(client, organization):
    """The entry holds the records and, of each person on them, the id, user name and name: not the package, its
    organisation or anyone's password hash."""
    package = staged_package(organization, "handed_over", kd_rup="9900055")
    head = person(organization, "kepala.ukpbj")
    login(client, head)
    client.get(_url(package))
    entry = cache.get(records_key(_fresh(package)))
    kept = pickle.dumps(entry)
    ppk = person(organization, "ppk")
    assert ppk.get_full_name().encode() in kept and b"800/1/UKPBJ/2026" in kept
    assert ppk.password.encode() not in kept and organization.name.encode() not in kept
    assert package.name.encode() not in kept


def test_records_of_an_old_version_are_never_shown(client, organization):
    """An entry left under the version the page read before is not read for the new one."""
    package = staged_package(organization, "requested", kd_rup="9900056")
    head = person(organization, "kepala.ukpbj")
    login(client, head)
    client.get(_url(package))
    old = records_key(_fresh(package))
    stages.package_assign_pokja(package=_fresh(package), by=head, seen_version=_fresh(package).version,
                                decree_number="800/9/UKPBJ/2026", decree_date=timezone.localdate(),
                                members=pokja_members(organization, kind=package.kind))  # fmt: skip
    assert records_key(_fresh(package)) != old and cache.get(old) is not None
    assert "800/9/UKPBJ/2026" in client.get(_url(package)).content.decode()


# What the template wrote for each entry before the rows were written in Python (views_stages.timeline_rows).
TEMPLATE_ROW = (
    '{% load sopan %}{% for entry in timeline %}<li class="mb-2" id="{{ entry.html_id }}"><span class="small '
    'text-muted">{{ entry.at|local_datetime }}</span> <span class="fw-semibold">{{ entry.title }}</span>'
    "{% if entry.by %}"
    ' <span class="small text-muted">({{ entry.by.get_full_name }})</span>{% endif %}{% if entry.detail %}<div '
    'class="small">{{ entry.detail|linebreaksbr }}</div>{% endif %}</li>\n{% endfor %}'
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_timeline_rows_are_what_the_template_wrote(organization, language):
    """Every kind of entry (with and without a person or a detail; a detail with markup and lines), escaped."""
    package = staged_package(organization, "requested", kd_rup="9900057")
    head, pokja = person(organization, "kepala.ukpbj"), person(organization, POKJA[0])
    package = _fresh(package)
    stages.package_assign_pokja(package=package, by=head, seen_version=package.version,
                                decree_number="800/<b>2</b>", decree_date=timezone.localdate(),
                                members=pokja_members(organization, kind=package.kind))  # fmt: skip
    package = _fresh(package)
    stages.package_return_documents(package=package, by=pokja, seen_version=package.version,
                                    findings='HPS "lama" <script>x</script>\nline two & three')  # fmt: skip
    package = _fresh(package)
    stages.package_resubmit_documents(package=package, by=person(organization, "ppk"), seen_version=package.version)
    package = with_records(_fresh(package))
    with translation.override(language):
        entries = timeline(package)
        assert len(entries) >= 7 and any(not e.by for e in entries) and any(not e.detail for e in entries)
        expected = [
            row for row in engines["django"].from_string(TEMPLATE_ROW).render({"timeline": entries}).split("\n") if row
        ]
        rows = str(timeline_rows(package)).split("\n  ")
    assert rows == expected and len(rows) == len(entries)
    other = "en" if language == "id" else "id"  # the rows are kept per language (and zone): the other's are its own
    with translation.override(other):
        assert str(timeline_rows(package)) != "\n  ".join(rows)
    with translation.override(language):
        assert str(timeline_rows(package)).split("\n  ") == rows  # from the cache now
    assert "&lt;script&gt;" in "".join(rows) and "<br>" in "".join(rows)


def test_a_package_with_nothing_more_costs_four_queries_and_what_appears_is_read(
    client, organization, django_assert_num_queries
):
    """A package in its planning: no assistance, analysis or SOP case, so none is read (the package's own query says
    so). Once an assistance is requested and an analysis started, the page reads and shows them, and no more."""
    from sopan.procurement.tests.test_assistance import bind_planning_sop
    from sopan.procurement.tests.test_availability import bind_availability_sop

    bind_planning_sop(organization)
    bind_availability_sop(organization)
    head = person(organization, "kepala.ukpbj")
    package = staged_package(organization, "planning", kd_rup="9900060")
    login(client, head)
    client.get(_url(package))
    with django_assert_num_queries(5):  # session, person, package, records, the fields' fragment
        html = client.get(_url(package)).content.decode()
    assert 'id="no-assistance"' in html and 'id="no-sop-flow"' in html
    assert 'id="availability-link"' in html and "Belum dimulai" in html
    services_assistance.assistance_request(package=package, stage="planning", text="Mohon asistensi RUP",
                                           by=person(organization, "ppk"))  # fmt: skip
    services_availability.availability_save_criteria(package=_fresh(package), by=person(organization, "jabfung.ppbj"),
                                                     kbli="41011", qualification="small", province="33")  # fmt: skip
    client.get(_url(package))
    # and the assistances with their reports, the analysis rounds, the Jabfung PPBJ to appoint, the SOP cases (the
    # assistance's and the round's) with their step records
    with django_assert_num_queries(11):
        html = client.get(_url(package)).content.decode()
    assert "Mohon asistensi RUP" in html and 'id="no-assistance"' not in html
    assert "Belum dimulai" not in html.split('id="availability-link"')[1][:200]


def test_the_package_s_fields_are_kept_per_version_and_change(client, organization):
    """The fields' section is kept in the cache (package_detail.html, `{% cache %}`) per version and last change: a
    service's move shows at once (the status), and so does a save that does not raise the version (the HPS)."""
    head = person(organization, "kepala.ukpbj")
    ppk = person(organization, "ppk")
    package = staged_package(organization, "preparation", kd_rup="9900061")
    login(client, head)
    fields = _fields(client.get(_url(package)).content.decode())
    assert str(Package.Status.PREPARATION.label) in fields
    stages.package_approve_preparation(package=_fresh(package), by=person(organization, "pa.kpa"),
                                       seen_version=_fresh(package).version)  # fmt: skip
    after = _fields(client.get(_url(package)).content.decode())
    assert after != fields and str(Package.Status.SELECTION_PREPARATION.label) in after
    row = _fresh(package)
    row.hps = 123456789
    row.save(update_fields=["hps", "updated_at"])
    assert "Rp123.456.789" in _fields(client.get(_url(package)).content.decode())
    assert ppk.get_full_name() in after


def _fields(html: str) -> str:
    return html[html.index('id="package-rup"') : html.index('id="package-actions"')]
