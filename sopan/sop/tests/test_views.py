"""The SOP screens as people use them: import with located errors, the lifecycle buttons, export, the case runner
(start, decide, loop, late step, outputs), "Tugas saya", and query counts that do not grow with the data."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from sopan.core.testing import duplicate_ids, login
from sopan.core.tests.test_uploads import pdf_bytes
from sopan.sop import definition as d
from sopan.sop import rollup
from sopan.sop.models import Case, SopVersion, StepRecord
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories
from sopan.sop.tests.test_engine import _officer
from sopan.sop.workflows import VERSION_FLOW


@pytest.fixture
def version(organization):
    return factories.effective_version(organization)


def test_import_of_a_broken_definition_names_step_and_field_and_saves_nothing(client, lpse_head):
    login(client, lpse_head)
    broken = factories.SMALL.replace("{label: Tidak, to: lengkapi}", "{label: Tidak, to: hilang}")
    response = client.post(reverse("sop:sop-import"), {"text": broken})
    assert response.status_code == 200
    assert "periksa" in response.content.decode() and "hilang" in response.content.decode()
    assert not SopVersion.objects.exists()


def test_import_upload_submit_approve_and_put_into_force(client, lpse_head):
    login(client, lpse_head)
    upload = SimpleUploadedFile("uji.yaml", factories.SMALL.encode(), content_type="application/octet-stream")
    response = client.post(reverse("sop:sop-import"), {"file": upload})
    version = SopVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "sop:version-detail", kwargs={"pk": version.pk}
    )
    for action in ("submit", "approve", "make-effective"):
        response = client.post(reverse("sop:version-transition", kwargs={"pk": version.pk, "action": action}))
        assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == SopVersion.Status.EFFECTIVE
    page = client.get(reverse("sop:version-detail", kwargs={"pk": version.pk})).content.decode()
    assert 'id="start-case"' in page and "SOP-UJI-001" in page


def test_the_yaml_export_imports_again_in_another_organisation(client, version, outsider):
    login(client, outsider)
    exported = client.get(reverse("sop:version-yaml", kwargs={"pk": version.pk}))
    assert exported["Content-Type"].startswith("application/yaml")
    assert d.load_yaml(exported.content.decode()) == version.parsed
    response = client.post(reverse("sop:sop-import"), {"text": exported.content.decode()})
    assert response.status_code == 302
    assert SopVersion.objects.filter(organization=outsider.organization, status="draft").count() == 1


def test_the_pdf_is_a_pdf(client, version, verifier):
    login(client, verifier)
    response = client.get(reverse("sop:version-pdf", kwargs={"pk": version.pk}))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def _post_step(client, record, **data):
    prefix = f"step{record.pk}-"
    body = {}
    for name, value in data.items():
        body[prefix + name] = value
    return client.post(reverse("sop:step-complete", kwargs={"pk": record.pk}), body)


def test_a_case_is_run_from_the_browser_forms(
    client, version, organization, personas, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    officer = _officer(organization)
    login(client, officer)
    response = client.post(reverse("sop:case-start", kwargs={"pk": version.pk}), {"title": "CV Maju Jaya"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sop:case-detail", kwargs={"pk": case.pk})
    assert _post_step(client, case.steps.get(step_key="ajukan")).status_code == 302
    record = case.steps.get(step_key="terima")
    # one requirement missing and no justification: refused, with the reason, nothing changed
    response = _post_step(client, record, checklist=["0"])  # Formulir pendaftaran, not KTP direktur
    assert response.status_code == 400
    assert f'id="id_step{record.pk}-justification_error"' in response.content.decode()
    assert StepRecord.objects.get(pk=record.pk).status == "open"
    pdf = SimpleUploadedFile("tanda terima.pdf", pdf_bytes())
    with django_capture_on_commit_callbacks(execute=True):  # the file is stored when the step commits
        response = _post_step(client, record, checklist=["0", "1"], outputs=pdf, note="Diterima di loket")
    assert response.status_code == 302
    output = StepRecord.objects.get(pk=record.pk).outputs.get()
    assert client.get(reverse("sop:output-download", kwargs={"pk": output.pk})).status_code == 200

    client.logout()
    login(client, personas["verifier"])
    periksa = case.steps.get(step_key="periksa", status="open")
    assert _post_step(client, periksa).status_code == 400  # a decision needs its exit
    assert _post_step(client, periksa, exit_label="Ya").status_code == 302
    assert _post_step(client, case.steps.get(step_key="setujui", status="open")).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    page = client.get(reverse("sop:case-detail", kwargs={"pk": case.pk})).content.decode()
    assert 'data-status="completed"' in page and "tanda terima.pdf" in page


PARALLEL = """
format: sopan-sop/1
key: paralel
identity: {title: SOP Paralel, approved_by: {position: Kepala LPSE}}
lanes: [{key: tim, name: Tim Pembinaan, roles: [lpse_head]}]
steps:
- {key: mulai, number: '1', text: Arahan, symbol: start, lanes: [tim], next: [a, b]}
- {key: a, number: 2a, text: Periksa, symbol: decision, lanes: [tim], time: 15 menit, requirements: [Berkas],
   exits: [{label: 'Ya', to: lapor}, {label: 'Tidak', to: lapor}]}
- {key: b, number: 2b, text: Catat, symbol: process, lanes: [tim], time: 15 menit, requirements: [Berkas], next: lapor}
- {key: lapor, number: '3', text: Lapor, symbol: end, lanes: [tim], join: true}
"""


def test_a_case_with_steps_open_in_parallel_has_no_duplicate_ids(client, organization, lpse_head):
    """Parallel branches (steps 2a and 2b open at once): each step's form has ids of its own, also when one comes
    back with an error."""
    version = factories.effective_version(organization, PARALLEL)
    case = cases.case_start(version=version, title="Pembinaan", by=lpse_head)
    cases.step_complete(record=case.steps.get(step_key="mulai"), by=lpse_head)
    login(client, lpse_head)
    page = client.get(reverse("sop:case-detail", kwargs={"pk": case.pk})).content.decode()
    assert page.count('class="step-form"') == 2 and duplicate_ids(page) == {}
    failed = _post_step(client, case.steps.get(step_key="a"))  # a decision without its exit
    assert failed.status_code == 400 and duplicate_ids(failed.content.decode()) == {}


def test_completing_a_step_twice_says_it_is_no_longer_open(client, version, personas):
    vendor = personas["vendor_admin"]
    case = cases.case_start(version=version, title="CV Ganda", by=None, participants={"pemohon": vendor})
    record = case.steps.get()
    login(client, vendor)
    assert _post_step(client, record).status_code == 302
    response = _post_step(client, record)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages and case.steps.filter(step_key="terima").count() == 1


def test_my_tasks_lists_open_steps_soonest_first_with_the_overdue_marked(client, version, personas):
    verifier = personas["verifier"]
    first = cases.case_start(version=version, title="CV Satu", by=None)
    second = cases.case_start(version=version, title="CV Dua", by=None)
    from datetime import timedelta

    from django.utils import timezone

    for case, due in ((first, timezone.now() + timedelta(hours=3)), (second, timezone.now() - timedelta(hours=1))):
        StepRecord.objects.filter(case=case).update(status="done")
        record = cases._open_step(
            case, version.parsed, version.parsed.step("periksa"), _calendar(case), timezone.now(), {}
        )
        StepRecord.objects.filter(pk=record.pk).update(due_at=due)
    rollup.rebuild(first.organization)  # records made behind the services' back
    login(client, verifier)
    page = client.get(reverse("core:home")).content.decode()
    assert page.index(second.reference) < page.index(first.reference)
    assert "list-group-item-danger" in page
    login(client, personas["helpdesk_agent"])
    assert second.reference not in client.get(reverse("core:home")).content.decode()


def _calendar(case):
    from sopan.core.selectors import calendar_for

    return calendar_for(case.organization)


def test_case_list_and_detail_queries_do_not_grow_with_the_data(
    client, version, personas, django_assert_max_num_queries
):
    auditor = personas["auditor"]
    login(client, auditor)
    case = cases.case_start(version=version, title="CV Q", by=None)
    client.get(reverse("sop:case-list"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("sop:case-list"))
        client.get(reverse("sop:case-detail", kwargs={"pk": case.pk}))
    for n in range(6):
        other = cases.case_start(version=version, title=f"CV {n}", by=None)
        cases.step_complete(record=other.steps.get(), by=None)
    cases.step_complete(record=case.steps.get(), by=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("sop:case-list"))
        client.get(reverse("sop:case-detail", kwargs={"pk": case.pk}))


def test_my_tasks_cost_the_same_queries_for_3_or_30_open_steps(client, version, personas, django_assert_num_queries):
    officer = personas["registration_officer"]  # records the applicant's first step for them
    home = reverse("core:home")
    # Given 3 cases waiting for the Petugas Registrasi, the inbox looked at once (warming the per-process caches)
    for n in range(3):
        cases.case_start(version=version, title=f"CV Tiga {n}", by=None)
    login(client, officer)
    client.get(home)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(home)
    few = len(captured)  # now: the next request empties the log the capture reads from
    assert len(response.context["tasks"]) == 3
    # When 27 more arrive
    for n in range(27):
        cases.case_start(version=version, title=f"CV Tiga Puluh {n}", by=None)

    # Then the inbox costs the same queries
    with django_assert_num_queries(few):
        response = client.get(home)
    assert len(response.context["tasks"]) == 30


def _at_the_decision(version, title: str, *, rounds: int = 0) -> StepRecord:
    """A case run up to its decision (step 3), after `rounds` trips back through "Melengkapi berkas"."""
    case = cases.case_start(version=version, title=title, by=None)
    cases.step_complete(record=case.steps.get(step_key="ajukan"), by=None)
    cases.step_complete(
        record=case.steps.get(step_key="terima"), by=None, checklist=["Formulir pendaftaran", "KTP direktur"]
    )
    for _ in range(rounds):
        cases.step_complete(record=case.steps.get(step_key="periksa", status="open"), by=None, exit_label="Tidak")
        cases.step_complete(record=case.steps.get(step_key="lengkapi", status="open"), by=None)
    return case.steps.get(step_key="periksa", status="open")


def test_completing_a_step_costs_the_same_queries_in_a_case_of_3_or_30_steps(
    client, version, personas, django_assert_num_queries
):
    login(client, personas["verifier"])
    # Given a case at its decision after 3 steps (another one decided first warms the per-process caches)
    assert _post_step(client, _at_the_decision(version, "CV Pemanasan"), exit_label="Ya").status_code == 302
    short = _at_the_decision(version, "CV Pendek")
    with CaptureQueriesContext(connection) as captured:
        assert _post_step(client, short, exit_label="Ya").status_code == 302
    few = len(captured)  # now: the next request empties the log the capture reads from
    # When another case reaches it after 30 steps, with 27 more cases open in the organisation
    long = _at_the_decision(version, "CV Panjang", rounds=14)
    for n in range(27):
        cases.case_start(version=version, title=f"CV Lain {n}", by=None)

    # Then deciding it costs the same queries
    with django_assert_num_queries(few):
        assert _post_step(client, long, exit_label="Ya").status_code == 302
    assert long.case.steps.count() == 32 and long.case.steps.get(step_key="setujui").status == "open"


def test_procedure_binding_refused_with_the_missing_steps(client, version, lpse_head):
    login(client, lpse_head)
    response = client.post(
        reverse("sop:procedure-list"), {"procedure": "telephone_helpdesk", "sop": version.sop_id}, follow=True
    )
    assert "terima-telepon" in response.content.decode()


def test_a_vendor_sees_only_the_cases_and_tasks_of_their_own(client, version, personas):
    vendor = personas["vendor_admin"]
    others = cases.case_start(version=version, title="PT Lain", by=None)  # a vendor-lane step, nobody bound
    login(client, vendor)
    response = client.post(reverse("sop:case-start", kwargs={"pk": version.pk}), {"title": "CV Maju Jaya"})
    mine = Case.objects.get(title="CV Maju Jaya")
    assert response["Location"] == reverse("sop:case-detail", kwargs={"pk": mine.pk})
    assert client.get(response["Location"]).status_code == 200
    home = client.get(reverse("core:home")).content.decode()
    assert mine.reference in home and others.reference not in home
    assert client.get(reverse("sop:case-detail", kwargs={"pk": others.pk})).status_code == 404


# --- the version's status machine on the page (issue 15 §3) --------------------------------------------------------
def _page(client, version) -> str:
    return client.get(reverse("sop:version-detail", kwargs={"pk": version.pk})).content.decode()


def _return_form(version) -> str:
    url = reverse("sop:version-transition", kwargs={"pk": version.pk, "action": "return"})
    return f'action="{url}"'


def _in_indonesian(message) -> str:
    with translation.override("id"):
        return str(message)


def test_the_version_page_offers_the_transitions_available_to_the_person_with_the_version_seen(
    client, lpse_head, verifier, organization
):
    # Given a draft
    draft = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    login(client, lpse_head)
    page = _page(client, draft)
    # Then its manager sees "Submit" carrying the version, and no approval or return yet
    assert 'id="submit-version"' in page and f'name="version" value="{draft.version}"' in page
    assert 'id="approve-version"' not in page and _return_form(draft) not in page
    versions.version_submit(version=draft, by=lpse_head)
    page = _page(client, draft)
    assert 'id="approve-version"' in page and _return_form(draft) in page and 'id="submit-version"' not in page
    # And a verifier, who may neither approve nor manage, sees no button of the machine
    login(client, verifier)
    page = _page(client, draft)
    assert 'id="approve-version"' not in page and 'name="transition"' not in page


def test_an_approval_on_an_outdated_page_is_refused_and_the_fresh_page_says_why(client, lpse_head, organization):
    # Given the approver opened the submitted version, and it was returned and submitted again meanwhile
    draft = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    seen = versions.version_submit(version=draft, by=lpse_head).version
    versions.version_return(version=draft, note="Perbaiki langkah 2", by=lpse_head)
    versions.version_submit(version=draft, by=lpse_head)
    login(client, lpse_head)
    url = reverse("sop:version-transition", kwargs={"pk": draft.pk, "action": "approve"})
    # When they approve what they saw
    response = client.post(url, {"transition": "approve", "version": seen}, follow=True)
    # Then nothing is approved and the page says the version changed
    assert SopVersion.objects.get(pk=draft.pk).status == SopVersion.Status.SUBMITTED
    assert _in_indonesian(VERSION_FLOW.stale_message) in response.content.decode()
    # And with the version of the fresh page it goes
    fresh = SopVersion.objects.get(pk=draft.pk).version
    assert client.post(url, {"version": fresh}).status_code == 302
    assert SopVersion.objects.get(pk=draft.pk).status == SopVersion.Status.APPROVED


def test_a_return_without_a_note_is_refused_and_an_unknown_transition_is_not_found(client, lpse_head, organization):
    draft = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    versions.version_submit(version=draft, by=lpse_head)
    login(client, lpse_head)
    url = reverse("sop:version-transition", kwargs={"pk": draft.pk, "action": "return"})
    response = client.post(url, {"note": " "}, follow=True)
    assert (
        _in_indonesian(gettext_lazy("Say what has to change before it can be approved.")) in response.content.decode()
    )
    assert SopVersion.objects.get(pk=draft.pk).status == SopVersion.Status.SUBMITTED
    for action in ("supersede", "withdraw"):
        url = reverse("sop:version-transition", kwargs={"pk": draft.pk, "action": action})
        assert client.post(url).status_code == 404
