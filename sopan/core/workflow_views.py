"""One generic action view for status transitions (issue 15 §3): the buttons come from `Workflow.available()`, the
POSTed transition goes to its service with the version the person saw.

    # the page's view
    context["transitions"] = workflow_views.buttons(version, VERSION_FLOW, request.user,
                                                    url=reverse("sop:version-status", kwargs={"pk": version.pk}))
    # its template
    {% include "core/_transitions.html" %}

    # the action view: check the object is the user's, then
    return workflow_views.transition_view(request, version, VERSION_FLOW,
        service_for={"approve": lambda obj, *, by, seen_version, data: versions.version_approve(
                         version=obj, by=by, seen_version=seen_version)},
        done={"approve": _("Approved (disahkan).")},
        redirect_to=reverse("sop:version-detail", kwargs={"pk": version.pk}))

A transition that needs input (a reason, a solution) carries its FORM: `forms={"close": CloseForm}` binds the POST to
it, and the service gets the form's `cleaned_data` as `data`. Then an invalid form, or a service's refusal, comes back
as the page itself, `render_page(request, forms_with_errors={name: form}, status=...)`, with the error on the form and
what the person typed kept: 400 for bad input, 409 when the row moved on (a stale version, a status that changed).
`refused_on_page(error)` picks the refusals said instead as a message on top of the fresh page (a redirect), e.g.
those without a field on the verifier's page, or a status that moved on among an account's actions.

The answer is the house's: a redirect to the page with the message (success or refusal; a refused decision shows the
fresh page, where the person sees what changed). An htmx request (not a boosted link) gets the same as `HX-Redirect`,
or, when the page gives `render_partial`, its fragment re-rendered in place — except a stale refusal, which always
reloads the whole page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from sopan.core.forms import add_service_errors
from sopan.core.workflow import STALE, TransitionNotAllowed, Workflow, version_field


@dataclass(frozen=True)
class Button:
    name: str
    label: Any
    style: str
    html_id: str
    url: str


def buttons(
    obj, flow: Workflow, user, *, url: str | Callable[[str], str], exclude: Iterable[str] = ()
) -> dict[str, Any]:
    """The context of `core/_transitions.html`: a button per labelled transition the user may take now.

    `url`: where every button posts (the transition's name goes as `transition`), or a function of the name giving
    each one its own address."""
    skip = set(exclude)
    counter = version_field(type(obj))
    return {
        "buttons": [
            Button(
                name=t.name,
                label=t.label,
                style=t.style,
                html_id=t.html_id or f"transition-{t.name.replace('_', '-')}",
                url=url(t.name) if callable(url) else url,
            )
            for t in flow.available(obj, user)
            if t.label and t.name not in skip
        ],
        "version": getattr(obj, counter) if counter else None,
    }


def is_stale(error: ValidationError) -> bool:
    """Whether a service refused because the row changed since the person saw it (code "stale")."""
    return not hasattr(error, "error_dict") and any(e.code == STALE for e in error.error_list)


def _partial_request(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def _answer(request, redirect_to: str, render_partial: Callable | None, *, reload: bool) -> HttpResponse:
    if not _partial_request(request):
        return redirect(redirect_to)
    if render_partial is not None and not reload:
        return render_partial(request)
    response = HttpResponse(status=204)
    response["HX-Redirect"] = redirect_to
    return response


def moved_on(error: ValidationError) -> bool:
    """Whether a service refused because the row is no longer as the person saw it: stale, or its status changed."""
    return is_stale(error) or isinstance(error, TransitionNotAllowed)


def transition_view(
    request,
    obj,
    flow: Workflow,
    *,
    service_for: Mapping[str, Callable[..., Any]],
    done: Mapping[str, Any],
    redirect_to: str,
    name: str | None = None,
    render_partial: Callable[..., HttpResponse] | None = None,
    forms: Mapping[str, Callable[..., Any]] | None = None,
    render_page: Callable[..., HttpResponse] | None = None,
    refused_on_page: Callable[[ValidationError], bool] | None = None,
    require_version: bool = False,
) -> HttpResponse:
    """Dispatch the POSTed transition (`name`, or the form's `transition`) to its service, called as
    `service(obj, by=user, seen_version=<the form's version or None>, data=request.POST)`, or, for a transition with
    a form in `forms` (a form class, or a callable `(data, files)` giving the bound form), with `data` the form's
    cleaned data; its errors come back through `render_page` (required with `forms`).

    The caller has fetched `obj` as the user may see it (404 otherwise); the service checks permission, status, guard
    and version itself (PermissionDenied propagates as 403). An unknown transition is 404. With `require_version`, a
    row with a version counter must come with the version the person saw (400 without it, as the ticket page's forms
    always did); otherwise the service checks the version when the page sends it."""
    name = name or request.POST.get("transition", "")
    service = service_for.get(name)
    if service is None:
        raise Http404
    try:
        flow.get(name)
    except KeyError:
        raise Http404 from None
    make_form = (forms or {}).get(name)
    if make_form is not None:
        if render_page is None:
            raise TypeError("transition_view: a transition with a form needs render_page")
        return _form_transition(
            request, obj, name, make_form, service, done, redirect_to, render_page, refused_on_page=refused_on_page
        )
    seen_version = _seen_version(request, obj) if require_version else (request.POST.get("version") or None)
    try:
        service(obj, by=request.user, seen_version=seen_version, data=request.POST)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _answer(request, redirect_to, render_partial, reload=is_stale(error))
    messages.success(request, done[name])
    return _answer(request, redirect_to, render_partial, reload=False)


def _seen_version(request, obj) -> int | str | None:
    """The version the person saw, which a row with a version counter must come with: a POST without it (or with
    something else than a number) is bad input, answered 400 before anything else is looked at."""
    raw = request.POST.get("version")
    if version_field(type(obj)) is None:
        return raw or None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise BadRequest("the version the person saw is missing") from None


def _form_transition(
    request, obj, name, make_form, service, done, redirect_to, render_page, *, refused_on_page
) -> HttpResponse:
    form = make_form(request.POST, request.FILES)
    if not form.is_valid():
        return render_page(request, forms_with_errors={name: form}, status=400)
    data = form.cleaned_data
    seen_version = data.get("version")
    if seen_version is None:
        seen_version = request.POST.get("version") or None
    try:
        service(obj, by=request.user, seen_version=seen_version, data=data)
    except ValidationError as error:
        if refused_on_page is not None and refused_on_page(error):
            messages.error(request, " ".join(error.messages))
            return redirect(redirect_to)
        add_service_errors(form, error)
        return render_page(request, forms_with_errors={name: form}, status=409 if moved_on(error) else 400)
    messages.success(request, done[name])
    return redirect(redirect_to)
