"""Staff ties to companies (Perwali Salatiga 41/2024 Pasal 6): a staff member declares being a company's admin, an
owner or a relative; they may then neither receive nor verify its applications. The Kepala LPSE sees every
declaration of the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core.forms import add_service_errors
from sopan.vendors import policies, selectors
from sopan.vendors.registration.forms_lpse import RelationForm
from sopan.vendors.registration.services import configuration
from sopan.vendors.registration.views_lpse.common import render


@login_required
def relations(request):
    user = request.user
    require(policies.can_declare_relation(user, user.organization))
    everyone = policies.can_view_all_relations(user, user.organization)
    form = RelationForm(request.POST or None, user=user, everyone=everyone)
    if request.method == "POST" and form.is_valid():
        try:
            configuration.staff_relation_declare(
                user=form.staff_member(),
                company=form.cleaned_data["company"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                by=user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The tie to %(company)s is recorded: its applications go to another verifier.")
                % {"company": form.cleaned_data["company"].name},
            )
            return redirect("vendors:relations")
    context = {"form": form, "relations": selectors.staff_relations_for(user, everyone=everyone), "everyone": everyone}
    return render(request, "vendors/lpse/relations.html", context, status=400 if form.errors else 200)
