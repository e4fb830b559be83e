"""The workflow helper: a status machine as data whose transitions check source, permission and guard, audit under
a literal code, lock and compare the version the person saw, and record their SOP steps on the subject's case in the
same transaction; and the generic action view that offers them as buttons."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django_htmx.middleware import HtmxDetails

from sopan.core import modules, workflow, workflow_views
from sopan.core.models import AuditEvent
from sopan.core.workflow import Transition, TransitionNotAllowed, Workflow
from sopan.sop import api
from sopan.sop.models import Case, SopVersion
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories
from sopan.sop.tests.test_engine import _registration_text

# A stand-in domain object: any model with a status and an organisation will do; an SOP case is one.
FLOW = Workflow(
    field="status",
    transitions=[
        Transition(
            "receive",
            audit="test.subject.received",
            source=("open",),
            target="open",
            allowed=lambda user, obj: user.has_role("verifier"),
            procedure="vendor_registration",
            sop_steps=(api.StepDone("terima-berkas"), api.StepDone("verifikasi-berkas", exit="Ya")),
        ),
        Transition(
            "close",
            audit="test.subject.closed",
            source=("open",),
            target="cancelled",
            guard=lambda obj: None if obj.title.startswith("CV") else "Only companies can be closed here.",
        ),
    ],
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def subject(organization, lpse_head):
    registration = factories.effective_version(organization, _registration_text())
    versions.procedure_bind(
        organization=organization, procedure="vendor_registration", sop=registration.sop, by=lpse_head
    )
    version = factories.effective_version(organization)
    return cases.case_start(version=version, title="CV Subjek", by=None)


def test_a_transition_records_its_sop_steps_with_the_change(subject, verifier):
    with transaction.atomic():
        FLOW.apply(subject, "receive", by=verifier)
    sop_case = api.case_for(subject, procedure="vendor_registration")
    done = list(sop_case.steps.filter(status="done").values_list("step_key", "exit_label", "justification"))
    assert done == [("terima-berkas", "", ""), ("verifikasi-berkas", "Ya", "")]  # on time: no deviation
    assert list(sop_case.steps.filter(status="open").values_list("step_key", flat=True)) == ["setujui"]
    assert AuditEvent.objects.filter(action="test.subject.received").exists()


def test_a_failing_transition_changes_nothing(subject, verifier, personas):
    with pytest.raises(PermissionDenied), transaction.atomic():
        FLOW.apply(subject, "receive", by=personas["helpdesk_agent"])
    assert api.case_for(subject, procedure="vendor_registration") is None
    with pytest.raises(ValidationError, match="Only companies"), transaction.atomic():
        subject.title = "Dinas"
        FLOW.apply(subject, "close", by=verifier)
    subject.refresh_from_db()
    assert subject.status == "open"


def test_a_transition_from_the_wrong_status_names_the_status(subject, verifier):
    Case.objects.filter(pk=subject.pk).update(status="completed")
    subject.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="the status is Completed"), transaction.atomic():
        FLOW.apply(subject, "close", by=verifier)


def test_available_transitions_follow_status_and_permission(subject, verifier, personas):
    assert [t.name for t in FLOW.available(subject, verifier)] == ["receive", "close"]
    assert [t.name for t in FLOW.available(subject, personas["helpdesk_agent"])] == ["close"]


# --- the source: a kernel module, literal codes -------------------------------------------------------------------
CORE = Path(workflow.__file__).parent


def _sopan_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("sopan.")}


@pytest.mark.parametrize("name", ["workflow.py", "workflow_views.py"])
def test_the_workflow_helper_imports_no_domain_app(name):
    assert {m for m in _sopan_imports(CORE / name) if not m.startswith("sopan.core")} == set()


def _sop_transition_codes(flow: str | None = None) -> list:
    """The `audit` arguments of the Transition calls in the SOP app's workflow module as written (of the flow assigned
    to the name `flow`, or of every flow)."""
    tree = ast.parse((CORE.parent / "sop" / "workflows.py").read_text())
    if flow is not None:
        tree = next(n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == flow)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Transition"]
    assert calls
    return [next(k.value for k in call.keywords if k.arg == "audit") for call in calls]


def _assert_literal_past_tense(audit_code) -> None:
    assert isinstance(audit_code, ast.Constant) and isinstance(audit_code.value, str)
    app, noun, verb = audit_code.value.split(".")
    past = verb.split("_")[0]  # "made_effective": the verb comes first
    assert app == "sop" and noun and (past.endswith(("ed", "en")) or past == "made"), audit_code.value


def test_every_sop_version_transition_names_a_literal_past_tense_audit_code():
    # Given the SOP version's workflow as written (greppable codes: a string literal, not built)
    for audit_code in _sop_transition_codes("VERSION_FLOW"):
        # Then each one is a literal "sop.<noun>.<past verb>"
        _assert_literal_past_tense(audit_code)


def test_every_sop_transition_names_a_literal_past_tense_code_or_says_it_writes_no_event():
    # Given every SOP workflow as written (versions, cases, step records)
    codes = _sop_transition_codes()
    # Then each code is a literal: past tense, or an explicit "" (bookkeeping told by another event)
    for audit_code in codes:
        if isinstance(audit_code, ast.Constant) and audit_code.value == "":
            continue
        _assert_literal_past_tense(audit_code)
    assert {c.value for c in codes} >= {"sop.case.completed", "sop.case.cancelled", "sop.step.completed", ""}


# --- literal codes, the version counter, the stale check ------------------------------------------------------------
LITERAL = Workflow(
    field="status",
    transitions=[
        Transition(
            "submit",
            source=("draft",),
            target="submitted",
            allowed=lambda user, obj: user.has_role("lpse_head"),
            audit="test.version.submitted",
            label="Submit",
        ),
        Transition("approve", source=("submitted",), target="approved", audit="test.version.approved"),
    ],
)


@pytest.fixture
def draft(organization, lpse_head):
    return versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)


def test_a_transition_is_audited_under_its_literal_code_and_raises_the_version(draft, lpse_head):
    seen = draft.version
    with transaction.atomic():
        LITERAL.apply(draft, "submit", by=lpse_head, seen_version=seen, changes={"note": "siap"})
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("submitted", seen + 1)
    event = AuditEvent.objects.get(action="test.version.submitted")
    assert event.changes == {"status": ["draft", "submitted"], "note": "siap"}
    assert not AuditEvent.objects.filter(action="test.version.submit").exists()


def test_a_transition_without_a_code_writes_no_event_and_saves_only_the_fields_named(draft, lpse_head):
    # Given a literal workflow with a bookkeeping move (no code), and two fields changed in memory
    quiet = Workflow(field="status", transitions=[Transition("submit", ("draft",), "submitted", audit="")])
    before = AuditEvent.objects.count()
    draft.review_note, draft.title = "kept", "not saved"
    # When it is taken, naming only one of them
    with transaction.atomic():
        quiet.apply(draft, "submit", by=lpse_head, update_fields=["review_note"])
    # Then the status, the version and the named field are saved, the other field is not, and no event is recorded
    row = SopVersion.objects.get(pk=draft.pk)
    assert (row.status, row.version, row.review_note) == ("submitted", draft.version, "kept")
    assert row.title != "not saved"
    assert AuditEvent.objects.count() == before
    # And a wrong source status is still refused
    with pytest.raises(TransitionNotAllowed), transaction.atomic():
        quiet.apply(row, "submit", by=lpse_head)


def test_an_event_filed_on_another_row_carries_only_the_facts_given(draft, lpse_head):
    # When a transition's event is told on another row (as a step's completion is told on its case)
    with transaction.atomic():
        LITERAL.apply(draft, "submit", by=lpse_head, event_target=draft.sop, changes={"note": "siap"})
    # Then the event is that row's, with the facts given and not the status of the row that moved
    event = AuditEvent.objects.get(action="test.version.submitted")
    assert (event.target_id, event.changes) == (str(draft.sop_id), {"note": "siap"})
    assert SopVersion.objects.get(pk=draft.pk).status == "submitted"


def test_a_decision_on_an_outdated_page_is_refused_as_stale_and_changes_nothing(draft, lpse_head):
    # Given the person saw version 1, and someone edited the draft since
    seen = draft.version
    SopVersion.objects.filter(pk=draft.pk).update(version=seen + 1)
    # When they submit what they saw
    with pytest.raises(ValidationError) as error, transaction.atomic():
        row = workflow.locked(SopVersion, draft.pk, seen_version=seen, message="Berubah.")
    # Then it is refused with the code the views look for, and the caller's message
    assert error.value.code == "stale" and error.value.messages == ["Berubah."]
    with pytest.raises(ValidationError) as error, transaction.atomic():
        row = workflow.locked(SopVersion, draft.pk)
        LITERAL.apply(row, "submit", by=lpse_head, seen_version=str(seen))  # a form's value: a string
    assert workflow_views.is_stale(error.value)
    assert "Reload the page" in error.value.messages[0]
    assert SopVersion.objects.get(pk=draft.pk).status == "draft"
    assert not AuditEvent.objects.filter(action="test.version.submitted").exists()


def test_a_required_version_refuses_a_form_without_it_and_a_counter_may_have_another_name(draft):
    # A form that must carry the version it was opened on is refused without it (the registers' edit form)
    with pytest.raises(ValidationError) as error:
        workflow.check_version(draft, "", "Buka lagi.", required=True)
    assert (error.value.code, error.value.messages) == ("stale", ["Buka lagi."])
    workflow.check_version(draft, "", "Buka lagi.")  # not required: an old form without it passes, as before
    # A counter under another name is compared by that name
    draft.revision = 7
    workflow.check_version(draft, "7", field="revision", required=True)
    with pytest.raises(ValidationError):
        workflow.check_version(draft, "6", field="revision")


def test_the_current_version_passes_and_a_row_of_another_organisation_is_not_found(draft, other_organization):
    with transaction.atomic():
        assert workflow.locked(SopVersion, draft.pk, seen_version=str(draft.version)).pk == draft.pk
        with pytest.raises(SopVersion.DoesNotExist):
            workflow.locked(SopVersion, draft.pk, organization=other_organization)


def test_the_source_status_and_the_permission_are_checked_before_anything_happens(draft, lpse_head, verifier):
    with pytest.raises(TransitionNotAllowed, match="the status is Draft"), transaction.atomic():
        LITERAL.apply(draft, "approve", by=lpse_head)
    with pytest.raises(PermissionDenied):
        LITERAL.check(draft, "submit", by=verifier)
    assert SopVersion.objects.get(pk=draft.pk).version == draft.version == 1


# --- the SOP steps go through the kernel's hook -------------------------------------------------------------------
CALLS: list[dict] = []


def _recorder(**kwargs):
    CALLS.append(kwargs)
    return "recorded"


def test_sop_steps_are_recorded_through_the_steps_done_hook(subject, verifier, monkeypatch):
    # Given an app answering the hook (the SOP engine declares it in its module.py)
    assert "steps_done" in next(m for m in modules.installed() if m.label == "sop").hooks
    monkeypatch.setattr(
        modules, "installed", lambda: (modules.Module(hooks={"steps_done": f"{__name__}._recorder"}, label="x"),)
    )
    CALLS.clear()
    # When a transition with SOP steps is taken
    with transaction.atomic():
        FLOW.apply(subject, "receive", by=verifier, title="Berkas")
    # Then the hook is called with the subject, the procedure and the steps
    assert len(CALLS) == 1
    call = CALLS[0]
    assert call["subject"] == subject and call["organization"] == subject.organization and call["by"] == verifier
    assert call["procedure"] == "vendor_registration" and call["title"] == "Berkas" and call["finish"] is False
    assert [s.key for s in call["steps"]] == ["terima-berkas", "verifikasi-berkas"]


def test_a_trace_nobody_records_refuses_the_change(subject, verifier, monkeypatch):
    monkeypatch.setattr(modules, "installed", lambda: ())
    with pytest.raises(RuntimeError, match="steps_done"), transaction.atomic():
        FLOW.apply(subject, "receive", by=verifier)


# --- the generic action view --------------------------------------------------------------------------------------
def _post(user, data, *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().post("/x/", data, headers=headers)
    request.user, request.session = user, {}
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    return request


def _submit(obj, *, by, seen_version, data):
    with transaction.atomic():
        row = workflow.locked(SopVersion, obj.pk, seen_version=seen_version)
        return LITERAL.apply(row, "submit", by=by, changes={"note": data.get("note", "")})


def _view(request, obj, **kwargs):
    return workflow_views.transition_view(
        request,
        obj,
        LITERAL,
        service_for={"submit": _submit},
        done={"submit": "Terkirim."},
        redirect_to="/v/",
        **kwargs,
    )


def test_the_buttons_are_the_labelled_transitions_the_user_may_take_with_the_version_seen(draft, lpse_head, verifier):
    context = workflow_views.buttons(draft, LITERAL, lpse_head, url=lambda name: f"/v/{name}/")
    assert [(b.name, b.html_id, b.url) for b in context["buttons"]] == [("submit", "transition-submit", "/v/submit/")]
    assert context["version"] == draft.version
    assert workflow_views.buttons(draft, LITERAL, verifier, url="/v/")["buttons"] == []  # not theirs to take
    html = render_to_string("core/_transitions.html", {"transitions": context})
    assert 'name="transition" value="submit"' in html and f'name="version" value="{draft.version}"' in html
    assert 'id="transition-submit"' in html and 'action="/v/submit/"' in html


def test_the_view_dispatches_the_posted_transition_with_the_seen_version(draft, lpse_head):
    response = _view(_post(lpse_head, {"transition": "submit", "version": draft.version, "note": "ok"}), draft)
    assert (response.status_code, response["Location"]) == (302, "/v/")
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert AuditEvent.objects.get(action="test.version.submitted").changes["note"] == "ok"


def test_a_stale_post_shows_the_fresh_page_with_the_message(draft, lpse_head):
    request = _post(lpse_head, {"transition": "submit", "version": draft.version - 1})
    response = _view(request, draft)
    assert (response.status_code, response["Location"]) == (302, "/v/")
    assert [str(m) for m in request._messages] == [workflow.stale_error().messages[0]]
    assert SopVersion.objects.get(pk=draft.pk).status == "draft"
    # an htmx request is sent to the whole fresh page, even when the page could re-render a fragment
    request = _post(lpse_head, {"transition": "submit", "version": 0}, htmx=True)
    response = _view(request, draft, render_partial=lambda request: HttpResponse("fragment"))
    assert (response.status_code, response["HX-Redirect"]) == (204, "/v/")


def test_an_htmx_post_gets_the_page_fragment_when_the_page_gives_one(draft, lpse_head):
    request = _post(lpse_head, {"transition": "submit", "version": draft.version}, htmx=True)
    response = _view(request, draft, render_partial=lambda request: HttpResponse("fragment"))
    assert response.content == b"fragment"
    assert SopVersion.objects.get(pk=draft.pk).status == "submitted"


@pytest.mark.parametrize("version", [None, "", "dua"])
def test_a_post_without_the_version_the_person_saw_is_bad_input_and_changes_nothing(draft, lpse_head, version):
    # Given a row with a version counter, and a POST that does not say which version the person saw
    data = {"transition": "submit"} if version is None else {"transition": "submit", "version": version}
    # When it reaches the action view, then it is refused as bad input (400) before anything is looked at
    with pytest.raises(BadRequest):
        _view(_post(lpse_head, data), draft, require_version=True)
    assert SopVersion.objects.get(pk=draft.pk).status == "draft"


def test_an_unknown_or_undispatched_transition_is_not_found(draft, lpse_head):
    for name in ("approve", "nonsense", ""):
        with pytest.raises(Http404):
            _view(_post(lpse_head, {"transition": name}), draft)


# --- a transition that carries a form ------------------------------------------------------------------------------
class NoteForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(max_length=20)


def _submit_with_note(obj, *, by, seen_version, data):
    if data["note"] == "ditolak":
        raise ValidationError({"note": "Catatan ini ditolak."})
    return _submit(obj, by=by, seen_version=seen_version, data=data)


def _page(request, *, forms_with_errors, status):
    """The page again: the failed form as the template would show it (its errors and the typed value)."""
    form = forms_with_errors["submit"]
    return HttpResponse(f"{form.errors.as_text()} | {form['note'].value()}", status=status)


def _form_view(request, obj, **kwargs):
    return workflow_views.transition_view(
        request,
        obj,
        LITERAL,
        service_for={"submit": _submit_with_note},
        done={"submit": "Terkirim."},
        redirect_to="/v/",
        forms={"submit": NoteForm},
        render_page=_page,
        **kwargs,
    )


def test_a_transition_with_a_form_gets_the_cleaned_data_and_redirects_with_the_message(draft, lpse_head):
    request = _post(lpse_head, {"transition": "submit", "version": draft.version, "note": "  siap  "})
    response = _form_view(request, draft)
    assert (response.status_code, response["Location"]) == (302, "/v/")
    assert [str(m) for m in request._messages] == ["Terkirim."]
    assert AuditEvent.objects.get(action="test.version.submitted").changes["note"] == "siap"  # cleaned (stripped)


def test_an_invalid_form_shows_the_page_again_with_its_errors_and_the_typed_text(draft, lpse_head):
    too_long = "x" * 25
    response = _form_view(_post(lpse_head, {"transition": "submit", "note": too_long}), draft)
    assert response.status_code == 400
    assert "at most 20 characters" in response.content.decode() and too_long in response.content.decode()
    assert SopVersion.objects.get(pk=draft.pk).status == "draft"


def test_a_service_refusal_goes_on_the_form_with_400_and_the_text_kept(draft, lpse_head):
    response = _form_view(_post(lpse_head, {"transition": "submit", "note": "ditolak"}), draft)
    assert response.status_code == 400
    assert "Catatan ini ditolak." in response.content.decode() and "| ditolak" in response.content.decode()
    assert SopVersion.objects.get(pk=draft.pk).status == "draft"


def test_a_stale_version_or_a_status_that_moved_on_is_409_with_the_text_kept(draft, lpse_head):
    # Given the person saw an older version
    response = _form_view(_post(lpse_head, {"transition": "submit", "version": draft.version - 1, "note": "a"}), draft)
    assert response.status_code == 409
    assert "Reload the page" in response.content.decode() and "| a" in response.content.decode()
    # Given someone else moved the draft on meanwhile
    SopVersion.objects.filter(pk=draft.pk).update(status="submitted")
    draft.refresh_from_db()
    response = _form_view(_post(lpse_head, {"transition": "submit", "note": "b"}), draft)
    assert response.status_code == 409 and "the status is" in response.content.decode()
    assert not AuditEvent.objects.filter(action="test.version.submitted").exists()


def test_a_page_may_say_some_refusals_on_top_of_the_fresh_page_instead(draft, lpse_head):
    request = _post(lpse_head, {"transition": "submit", "version": draft.version - 1, "note": "a"})
    response = _form_view(request, draft, refused_on_page=workflow_views.is_stale)
    assert (response.status_code, response["Location"]) == (302, "/v/")
    assert [str(m) for m in request._messages] == [workflow.stale_error().messages[0]]
    # a field's error stays on the form
    response = _form_view(_post(lpse_head, {"transition": "submit", "note": "ditolak"}), draft)
    assert response.status_code == 400


def test_a_form_without_a_page_to_show_it_on_is_a_programming_error(draft, lpse_head):
    with pytest.raises(TypeError, match="render_page"):
        _view(_post(lpse_head, {"transition": "submit", "note": "a"}), draft, forms={"submit": NoteForm})
