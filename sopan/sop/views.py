"""SOP screens: the organisation's SOPs and their revisions (import, edit, submit, approve, put into force, diff,
YAML and PDF), the shared catalogue, procedure bindings and the Keterkaitan map (the case runner: views_cases.py).

Views stay thin: fetch through the selectors (another organisation's object: 404), parse the form, call one service,
put the service's ValidationError back on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.core import workflow_views
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.sop import adoption, pdf, policies, rendering, selectors
from sopan.sop import definition as d
from sopan.sop.forms import BindForm, DefinitionForm, NumberingForm, ReturnForm
from sopan.sop.models import SopVersion
from sopan.sop.services import numbering, versions
from sopan.sop.workflows import VERSION_FLOW

S = SopVersion.Status


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- SOPs ----------------------------------------------------------------------------------------------------------
@login_required
def sop_list(request):
    sops = selectors.sop_list_for(request.user)
    return render(
        request,
        "sop/sop_list.html",
        {"sops": sops, "can_manage": policies.can_manage_sops(request.user)},
    )


@login_required
def sop_import(request):
    _require(policies.can_manage_sops(request.user))
    form = DefinitionForm(request.POST or None, request.FILES or None)
    # An incomplete file (issue 16 §2) is kept as a draft with its problems: ticked by default, unticked it is refused.
    keep_incomplete = request.method != "POST" or bool(request.POST.get("keep_incomplete"))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        word_doubts = form.cleaned_data["word_doubts"]
        try:
            version = versions.sop_import(
                organization=request.user.organization,
                text=form.cleaned_data["text"],
                by=request.user,
                source=upload.name if upload else "import",
                # A Word SOP is always kept as a draft, with its doubts: it is finished in the editor (issue 16 §7).
                allow_problems=keep_incomplete or word_doubts is not None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not version.errors:
                messages.success(request, _("The SOP is imported as a draft."))
            else:  # kept with its problems, listed on its page
                messages.warning(request, _("The SOP is imported as an incomplete draft: mend the problems listed."))
            if word_doubts:
                messages.warning(
                    request,
                    _("Read from Word with %(count)s doubt(s), listed on this page: settle them in the editor.")
                    % {"count": len(word_doubts)},
                )
            return redirect("sop:version-detail", pk=version.pk)
    return render(request, "sop/import.html", {"form": form, "keep_incomplete": keep_incomplete})


@login_required
def sop_detail(request, pk: int):
    sop = selectors.sop_get_for(request.user, pk)
    all_versions = selectors.versions_of(sop, request.user)
    shown = next((v for v in all_versions if v.status == S.EFFECTIVE), all_versions[0] if all_versions else None)
    if shown is None:
        raise Http404
    return redirect("sop:version-detail", pk=shown.pk)


@login_required
@require_POST
def sop_revise(request, pk: int):
    sop = selectors.sop_get_for(request.user, pk)
    try:
        version = versions.sop_revise(sop=sop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sop:sop-detail", pk=sop.pk)
    messages.success(request, _("A new draft revision is ready to edit."))
    return redirect("sop:version-detail", pk=version.pk)


@login_required
def version_detail(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    own = version.organization_id == request.user.organization_id
    user = request.user
    review = version.adoption_review or {}
    skip = ("return", "submit") if version.errors else ("return",)  # an incomplete draft: refused until it validates
    context = {
        "version": version,
        "sop": version.sop,
        "own": own,
        "doc": rendering.version_document(version),
        "versions": selectors.versions_of(version.sop, request.user) if own else [version],
        "can_manage": own and policies.can_manage_sops(user, version),
        # the buttons of its status machine; "return" asks for a note, so it has a form of its own
        "transitions": (
            workflow_views.buttons(version, VERSION_FLOW, user, url=_transition_url(version), exclude=skip)
            if own
            else {}
        ),
        "can_return": own and "return" in {t.name for t in VERSION_FLOW.available(version, user)},
        "can_start": own and version.status == S.EFFECTIVE and policies.can_start_case(user, version),
        "can_copy": not own and policies.can_manage_sops(user),
        "return_form": ReturnForm(),
        "doubts": [(s.number, s.doubt) for s in version.parsed.steps if s.doubt],
        "incomplete": policies.incomplete_message(version),
        # a copy under review (for its managers and approvers): the texts naming its origin; another organisation's
        # SOP in force: the texts an adopter will review
        "adoption_flags": (
            (adoption.review_flags(version) if version.status in SopVersion.OPEN_STATUSES else [])
            if own
            else _names_of_origin(version, user)
        ),
        "adoption_source": review.get("source", "") if own else version.organization.name,
        "adopter_place": adoption.adopter_place(user.organization).phrase if user.organization_id else "",
    }
    context["adoption_open"] = sum(1 for flag in context["adoption_flags"] if not flag.confirmed)
    return render(request, "sop/version_detail.html", context)


def _names_of_origin(version, user) -> list:
    """Before adopting: the texts of another organisation's SOP that name it, for whoever may copy it."""
    if not policies.can_manage_sops(user):
        return []
    places = adoption.organization_places(version.organization, version.parsed.identity.organization)
    replaced = ("identity.organization", "identity.unit")  # the copy takes the adopter's letterhead there
    return [flag for flag in adoption.flags(version.definition, places) if flag.path not in replaced]


@login_required
def version_edit(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    if version.organization_id != request.user.organization_id:
        raise Http404
    _require(policies.can_manage_sops(request.user, version))
    if version.status != S.DRAFT:
        messages.error(request, _("Only a draft can be edited; start a new revision first."))
        return redirect("sop:version-detail", pk=version.pk)
    form = DefinitionForm(request.POST or None, request.FILES or None, initial={"text": version.yaml_text()})
    if request.method == "POST" and form.is_valid():
        try:
            versions.version_update(version=version, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("sop:version-detail", pk=version.pk)
    return render(request, "sop/version_edit.html", {"form": form, "version": version})


def _submit(version, *, by, seen_version, data):
    return versions.version_submit(version=version, by=by, seen_version=seen_version)


def _approve(version, *, by, seen_version, data):
    return versions.version_approve(version=version, by=by, seen_version=seen_version)


def _make_effective(version, *, by, seen_version, data):
    return versions.version_make_effective(version=version, by=by, seen_version=seen_version)


def _return(version, *, by, seen_version, data):
    form = ReturnForm(data)
    if not form.is_valid():
        raise ValidationError(_("Say what has to change before it can be approved."))
    return versions.version_return(version=version, note=form.cleaned_data["note"], by=by, seen_version=seen_version)


SERVICE_FOR = {"submit": _submit, "approve": _approve, "make_effective": _make_effective, "return": _return}
DONE = {
    "submit": _("Submitted for review."),
    "approve": _("Approved (disahkan)."),
    "make_effective": _("The version is now in force."),
    "return": _("Returned to its authors."),
}


def _transition_url(version: SopVersion):
    return lambda name: reverse("sop:version-transition", kwargs={"pk": version.pk, "action": name.replace("_", "-")})


@login_required
@require_POST
def version_transition(request, pk: int, action: str):
    """Submit, approve, put into force or return a version (`action`: the transition's name, with hyphens)."""
    version = selectors.version_get_for(request.user, pk)
    if version.organization_id != request.user.organization_id:
        raise Http404
    return workflow_views.transition_view(
        request,
        version,
        VERSION_FLOW,
        name=action.replace("-", "_"),
        service_for=SERVICE_FOR,
        done=DONE,
        redirect_to=reverse("sop:version-detail", kwargs={"pk": version.pk}),
    )


@login_required
@require_POST
def version_adoption(request, pk: int, action: str):
    """Review of an adopted copy: confirm one text naming the origin as intended, or put the organisation's own name
    in every text still naming it."""
    version = selectors.version_get_for(request.user, pk)
    if version.organization_id != request.user.organization_id:
        raise Http404
    try:
        if action == "confirm":
            versions.adoption_confirm(version=version, path=request.POST.get("path", ""), by=request.user)
            messages.success(request, _("The text is kept as it stands."))
        elif action == "replace":
            versions.adoption_replace_names(version=version, by=request.user)
            messages.success(
                request, _("Your organisation's name is put in those texts. Read them over before submitting.")
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("sop:version-detail", kwargs={"pk": version.pk}) + "#adoption-review")


@login_required
def numbering_edit(request):
    """The organisation's SOP numbering scheme (its SOP administrators)."""
    _require(policies.can_manage_sops(request.user))
    organization = request.user.organization
    scheme = numbering.scheme_for(organization)
    initial = {
        "pattern": scheme.pattern,
        "unit_code": scheme.unit_code,
        "organization_code": scheme.organization_code,
        "next_sequence": scheme.next_sequence,
    }
    form = NumberingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            numbering.numbering_update(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The numbering scheme is saved; new SOPs are numbered with it."))
            return redirect("sop:numbering")
    return render(request, "sop/numbering.html", {"form": form, "scheme": scheme, "example": numbering.preview(scheme)})


@login_required
def version_yaml(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    return file_response(
        version.yaml_text().encode(),
        filename=f"{version.sop.key}-rev{version.revision}.yaml",
        text_type="application/yaml; charset=utf-8",
    )


@login_required
def version_pdf(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    html = render_to_string("sop/print.html", {"doc": rendering.version_document(version)})
    return file_response(pdf.html_to_pdf(html), filename=f"{version.sop.key}-rev{version.revision}.pdf", inline=True)


@login_required
def version_diff(request, pk: int, other: int):
    version = selectors.version_get_for(request.user, pk)
    older = selectors.version_get_for(request.user, other)
    if older.sop_id != version.sop_id:
        raise Http404
    changes = d.diff(older.parsed, version.parsed)
    return render(request, "sop/version_diff.html", {"version": version, "older": older, "changes": changes})


@login_required
def catalogue(request):
    return render(
        request,
        "sop/catalogue.html",
        {
            "versions": selectors.published_versions_for(request.user),
            "can_copy": policies.can_manage_sops(request.user),
        },
    )


@login_required
@require_POST
def version_copy(request, pk: int):
    source = selectors.version_get_for(request.user, pk)
    try:
        version = versions.sop_copy(
            source=source, organization=request.user.organization, by=request.user, key=request.POST.get("key", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sop:version-detail", pk=source.pk)
    pending = len(adoption.open_flags(version))
    if pending:
        messages.warning(
            request,
            _(
                "Copied as a draft of your organisation. %(count)d text(s) still name %(source)s: review them below "
                "(edit or confirm each), then submit the draft for approval."
            )
            % {"count": pending, "source": source.organization.name},
        )
        return redirect(reverse("sop:version-detail", kwargs={"pk": version.pk}) + "#adoption-review")
    messages.success(request, _("Copied as a draft of your organisation. Adapt it, then submit it for approval."))
    return redirect("sop:version-detail", pk=version.pk)


@login_required
def procedure_list(request):
    form = BindForm(request.POST or None)
    if request.method == "POST":
        _require(policies.can_manage_sops(request.user))
        if form.is_valid():
            sop = selectors.sop_get_for(request.user, form.cleaned_data["sop"])
            try:
                versions.procedure_bind(
                    organization=request.user.organization,
                    procedure=form.cleaned_data["procedure"],
                    sop=sop,
                    by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The procedure now follows %(sop)s.") % {"sop": sop.title})
                return redirect("sop:procedure-list")
    return render(
        request,
        "sop/procedures.html",
        {
            "rows": selectors.procedure_rows_for(request.user),
            "effective": selectors.effective_versions_for(request.user),
            "can_manage": policies.can_manage_sops(request.user),
        },
    )


@login_required
def related_map(request):
    effective = list(selectors.effective_versions_for(request.user))
    links = {v.sop.key: reverse("sop:version-detail", kwargs={"pk": v.pk}) for v in effective}
    return render(
        request,
        "sop/related_map.html",
        {"svg": rendering.related_map([v.parsed for v in effective], urls=links), "versions": effective},
    )
