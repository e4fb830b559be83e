"""Views of the shared kernel: home, language, health, the audit trail and the error pages. Views stay thin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sopan.core import modules, selectors
from sopan.core.forms import AuditFilterForm, bootstrap


@login_required
def home(request):
    """The person's start page: what they can do, and "Tugas saya" (my tasks), which the modules fill through their
    `home_tasks` hook (each answers a list; they are shown one after the other, in INSTALLED_APPS order)."""
    from django.utils import timezone

    tasks = [task for answer in modules.call("home_tasks", user=request.user) for task in answer]
    return render(
        request,
        "core/home.html",
        {"tasks": tasks, "now": timezone.now(), "assignments": request.user.active_assignments},
    )


@require_POST
def language(request):
    """Switch the interface language; remembered on the account (if logged in) and in a cookie."""
    code = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code not in {c for c, _label in settings.LANGUAGES}:
        return response
    if request.user.is_authenticated:
        try:
            # The app that keeps the accounts saves (and audits) the choice: the `language_chosen` hook.
            modules.call("language_chosen", user=request.user, language=code, by=request.user)
        except ValidationError:
            return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=True,
    )
    return response


@require_GET
@never_cache
def healthz(request):
    """For load balancers and monitoring: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def audit_event_list(request):
    form = bootstrap(AuditFilterForm(request.GET or None))
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.audit_event_list_for(request.user, cursor=request.GET.get("cursor"), **filters)
    params = request.GET.copy()
    params.pop("cursor", None)
    context = {"form": form, "page": page, "params": params.urlencode()}
    template = "core/audit_list.html#results" if request.htmx else "core/audit_list.html"
    return render(request, template, context)


@login_required
def audit_history(request, model: str, pk: str):
    page = selectors.audit_history_for(request.user, model=model, pk=pk, cursor=request.GET.get("cursor"))
    return render(request, "core/audit_history.html", {"page": page, "subject": page.subject})


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # Rendered without context processors: they could be what failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render({}))
