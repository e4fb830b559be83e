"""The generic pages of a declared register, and the URL patterns that give an app all of them.

Views stay thin: parse the form, call one selector or service, render (the results as a partial for HTMX). The
permission is the selectors' and services' own: 403 for someone without the capability, 404 for another
organisation's row.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors, bootstrap
from sopan.core.listing import pk_url
from sopan.core.registers import selectors, services, xlsx
from sopan.core.registers.declaration import MAX_EXPORT_ROWS, Register
from sopan.core.registers.forms import filter_form, row_form


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel workbook (XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{xlsx.CONTENT_TYPE}"}),
    )


def _name(request, register: Register, view: str) -> str:
    namespace = request.resolver_match.namespace
    return f"{namespace}:{register.url_name(view)}" if namespace else register.url_name(view)


def _context(request, register: Register, **extra) -> dict:
    urls = {view: reverse(_name(request, register, view)) for view in ("list", "create")}
    if register.columns:
        urls |= {view: reverse(_name(request, register, view)) for view in ("export", "import")}
    return {
        "register": register,
        "urls": urls,
        "can_edit": request.user.has_perm(register.capability_edit),
        **extra,
    }


def _require_edit(request, register: Register) -> None:
    """A form page that could only be refused on saving is refused when opened (the service checks again)."""
    selectors.register_queryset_for(register, request.user)  # those who may not see the register: 403
    if not request.user.has_perm(register.capability_edit):
        raise PermissionDenied


@login_required
@require_GET
def register_list(request, register: Register):
    form = filter_form(register, request.GET)
    form.is_valid()  # a filter that does not parse is shown as an error and left out; the others still apply
    filters = getattr(form, "cleaned_data", {})  # none without a query
    page = selectors.register_list_for(register, request.user, filters=filters, cursor=request.GET.get("cursor"))
    edit_url = pk_url(_name(request, register, "update"))
    history_url = pk_url(_name(request, register, "history"))
    headers = [register.model_field(name).verbose_name for name in register.list_columns]
    rows = [
        {
            "row": row,
            "cells": list(zip(headers, selectors.cells(register, row), strict=True)),
            "edit": edit_url(row.pk),
            "history": history_url(row.pk),
        }
        for row in page.items
    ]
    context = _context(request, register, form=form, page=page, rows=rows, headers=headers)
    context["export_query"] = request.GET.copy()
    context["export_query"].pop("cursor", None)
    template = "core/registers/list.html#results" if request.htmx else "core/registers/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def register_create(request, register: Register):
    _require_edit(request, register)
    form = row_form(register, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.register_create(
                register=register, organization=request.user.organization, data=request.POST, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(item)s “%(row)s” added.") % {"item": capfirst(register.verbose_name), "row": row}
            )
            return redirect(_name(request, register, "list"))
    return render(request, "core/registers/form.html", _context(request, register, form=form, row=None))


@login_required
@require_http_methods(["GET", "POST"])
def register_update(request, register: Register, pk):
    row = selectors.register_row_get_for(register, request.user, pk)
    seen_version = getattr(row, register.version_field, None) if register.versioned else None
    if request.method == "POST":
        seen_version = request.POST.get(register.version_field)
    form = row_form(register, request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.register_update(register=register, row=row, data=request.POST, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(item)s “%(row)s” saved.") % {"item": capfirst(register.verbose_name), "row": row}
            )
            return redirect(_name(request, register, "list"))
    context = _context(request, register, form=form, row=row, seen_version=seen_version)
    context["history_url"] = reverse(_name(request, register, "history"), kwargs={"pk": row.pk})
    return render(request, "core/registers/form.html", context)


@login_required
@require_GET
def register_history(request, register: Register, pk):
    row = selectors.register_row_get_for(register, request.user, pk)
    page = selectors.register_history_for(register, request.user, row, cursor=request.GET.get("cursor"))
    return render(request, "core/registers/history.html", _context(request, register, row=row, page=page))


@login_required
@require_GET
def register_export(request, register: Register):
    form = filter_form(register, request.GET)
    form.is_valid()  # a filter that does not parse is shown as an error and left out; the others still apply
    filters = getattr(form, "cleaned_data", {})  # none without a query
    rows = selectors.register_queryset_for(register, request.user, filters).order_by(*register.order)
    if rows[MAX_EXPORT_ROWS : MAX_EXPORT_ROWS + 1].exists():  # bounded: refused rather than cut short unseen
        messages.error(
            request,
            _("More than %(count)s rows match: filter the list further to export it.") % {"count": MAX_EXPORT_ROWS},
        )
        query = request.GET.urlencode()
        return redirect(reverse(_name(request, register, "list")) + (f"?{query}" if query else ""))
    content = xlsx.export(register, rows.iterator(chunk_size=500))
    response = file_response(content, filename=f"{register.noun}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


PREVIEW_MAX_AGE = 60 * 60  # seconds a preview may wait for its confirmation


def _preview_salt(request, register: Register) -> str:
    """A preview's rows come back only to the person, organisation and register they were read for."""
    return f"sopan.core.registers.import:{register.model}:{request.user.pk}:{request.user.organization_id}"


def _preview_rows(register: Register, sheet: xlsx.Sheet) -> list:
    labels = {c.field: dict(register.model_field(c.field).flatchoices) for c in register.columns}
    return [
        (number, [labels[c.field].get(data[c.field], data[c.field]) for c in register.columns])
        for number, data in sheet.rows
    ]


def _import_confirmed(request, register: Register) -> list[str] | None:
    """Import the rows of a confirmed preview: None when done, else the problems to show."""
    try:
        sheet = xlsx.Sheet.from_json(
            signing.loads(request.POST["token"], salt=_preview_salt(request, register), max_age=PREVIEW_MAX_AGE)
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return [_("The preview has expired or was changed; upload the file again.")]
    try:
        created = services.register_import(
            register=register, organization=request.user.organization, sheet=sheet, by=request.user
        )
    except ValidationError as error:
        return error.messages
    count = len(created)
    messages.success(request, ngettext("%(count)s row imported.", "%(count)s rows imported.", count) % {"count": count})
    return None


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request, register: Register):
    """Upload, preview (every row checked, nothing written), confirm: all rows are added in one transaction."""
    _require_edit(request, register)
    confirming = request.method == "POST" and "token" in request.POST
    form = bootstrap(ImportForm(None if confirming else request.POST or None, request.FILES or None))
    problems: list[str] = []
    context = {}
    if confirming:
        problems = _import_confirmed(request, register)
        if problems is None:
            return redirect(_name(request, register, "list"))
    elif request.method == "POST" and form.is_valid():
        try:
            sheet = services.register_import_check(
                register=register, organization=request.user.organization, upload=form.cleaned_data["file"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            problems = error.messages
        else:
            token = signing.dumps(sheet.as_json(), salt=_preview_salt(request, register), compress=True)
            context = {"preview": _preview_rows(register, sheet), "token": token}
    context = _context(request, register, form=form, problems=problems, **context)
    context["headers"] = [column.header for column in register.columns]
    return render(request, "core/registers/import.html", context, status=400 if problems else 200)


def register_urlpatterns(register: Register) -> list:
    """The register's pages, to include in the app's urls.py (within its namespace): the list, create, edit,
    history, export and import, named "<noun>-list", "<noun>-create", "<noun>-update", "<noun>-history",
    "<noun>-export" and "<noun>-import"."""
    kwargs = {"register": register}
    patterns = [
        path("", register_list, kwargs, name=register.url_name("list")),
        path("new/", register_create, kwargs, name=register.url_name("create")),
        path("<int:pk>/edit/", register_update, kwargs, name=register.url_name("update")),
        path("<int:pk>/history/", register_history, kwargs, name=register.url_name("history")),
    ]
    if register.columns:
        patterns += [
            path("export.xlsx", register_export, kwargs, name=register.url_name("export")),
            path("import/", register_import, kwargs, name=register.url_name("import")),
        ]
    return patterns
