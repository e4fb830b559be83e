"""The pipeline dashboard (issue 17 §6): who may view packages sees it, over the packages in their scope (the same
rules as the list: all of them for the UKPBJ, their agency's for a PPK or PA/KPA, those of their Pokja for a Pokja
member); anyone else 403."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sopan.core.forms import BootstrapForm
from sopan.procurement import policies, selectors_dashboard


class DashboardFilterForm(BootstrapForm, forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((y, str(y)) for y in years)]

    def fiscal_year(self) -> int | None:
        """The chosen year; none (every year) when the form is invalid."""
        return self.cleaned_data["year"] if self.is_valid() else None


@login_required
@require_GET
def dashboard(request):
    user = request.user
    if not policies.can_view_packages(user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, years=selectors_dashboard.year_choices_for(user))
    board = selectors_dashboard.dashboard_for(user, form.fiscal_year())
    context = {"form": form, "board": board, "shown_open": selectors_dashboard.SHOWN_OPEN,
               "shown_reviews": selectors_dashboard.SHOWN_REVIEWS}  # fmt: skip
    return render(request, "procurement/dashboard.html", context)
