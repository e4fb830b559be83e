"""The pipeline dashboard (issue 17 §6): who may view packages sees it, over the packages in their scope (the same
rules as the list: all of them for the UKPBJ, their agency's for a PPK or PA/KPA, those of their Pokja for a Pokja
member); anyone else 403.

The drawn tables are kept for a minute under a key that follows every change of the packages in scope: an ordinary
view of the dashboard costs one small query (issue 17 §8, issue 21)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
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


# How long a drawn dashboard is kept: the key follows every change of the packages in scope (`state_of`); what else
# it shows (the working days since a stage was entered, the names of the Pokja members) may be this much behind.
CACHE_SECONDS = 60


@login_required
@require_GET
def dashboard(request):
    user = request.user
    if not policies.can_view_packages(user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, years=selectors_dashboard.year_choices_for(user))
    year = form.fiscal_year()
    key = "procurement:dashboard:{}:{}:{}:{}:{}".format(
        user.organization_id,
        "all" if policies.sees_all_packages(user) else f"user-{user.pk}",  # whose scope
        year or "",
        get_language(),
        selectors_dashboard.state_of(user, year),
    )
    board_html = cache.get(key)
    if board_html is None:
        board = selectors_dashboard.dashboard_for(user, year)
        context = {"board": board, "shown_open": selectors_dashboard.SHOWN_OPEN,
                   "shown_reviews": selectors_dashboard.SHOWN_REVIEWS}  # fmt: skip
        board_html = render_to_string("procurement/dashboard.html#board", context, request)
        cache.set(key, board_html, CACHE_SECONDS)
    return render(request, "procurement/dashboard.html", {"form": form, "board_html": board_html})
