"""The coordinator's page for a criteria set under /risiko/kriteria/<pk>/ (services/criteria.py for what is checked and
what happens to the ratings already given): the Kepala UKPBJ only (403 for anyone else, 404 for another
organisation's set)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sopan.core.forms import add_service_errors
from sopan.risks import forms as f
from sopan.risks import selectors, services


@login_required
@require_http_methods(["GET", "POST"])
def criteria_edit(request, pk: int):
    criteria = selectors.criteria_get_for(request.user, pk)
    if request.method == "GET":
        form = f.CriteriaForm(initial=f.CriteriaForm.initial_of(criteria))
        levels = f.level_formset(criteria)
        return render(request, "risks/criteria_form.html", {"criteria": criteria, "form": form, "levels": levels})
    form = f.CriteriaForm(request.POST)
    levels = f.level_formset(criteria, request.POST)
    if form.is_valid() and levels.is_valid():
        data = form.cleaned_data
        try:
            services.criteria_update(
                criteria=criteria, by=request.user, seen_version=data["version"], name=data["name"],
                likelihood_labels=data["likelihood_labels"], impact_labels=data["impact_labels"],
                appetite=data["appetite"], tolerance=data["tolerance"], levels=f.levels_of(levels),
                source=data["source"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect("risks:library")
    context = {"criteria": criteria, "form": form, "levels": levels}
    return render(request, "risks/criteria_form.html", context, status=400)
