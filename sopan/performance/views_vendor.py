"""The vendor's own view of its assessments, under its account (/penyedia/saya/kinerja/): every assessment of its
company, and its response until the deadline (issue 18 §1). Staff get 403 here; another company's assessment 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.core.forms import add_service_errors
from sopan.performance import selectors, selectors_sanctions, services
from sopan.performance.forms import ResponseForm
from sopan.vendors.selectors import company_of


def _page(request, *, form=None, form_for=None, status=200):
    context = {
        "assessments": selectors.assessments_of_vendor(request.user),
        "today": timezone.localdate(),
        "form": form,
        "form_for": form_for,
        "blank_form": ResponseForm(),
        "sanctions": selectors_sanctions.decided_for_vendor(request.user),  # issue 18 §3: decided proposals
    }
    return render(request, "performance/vendor_assessments.html", context, status=status)


@login_required
def vendor_assessments(request):
    if company_of(request.user) is None:
        raise PermissionDenied
    return _page(request)


@login_required
@require_POST
def vendor_respond(request, pk: int):
    if company_of(request.user) is None:
        raise PermissionDenied
    assessment = selectors.vendor_assessment_get_for(request.user, pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_respond(assessment=assessment, by=request.user, text=form.cleaned_data["text"],
                                        seen_version=request.POST.get("version"))  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your response is recorded."))
            return redirect("performance:vendor-assessments")
    return _page(request, form=form, form_for=assessment.pk, status=400)
