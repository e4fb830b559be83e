"""The availability analysis page of a package (issue 17 §4; SOP Analisa Ketersediaan Pelaku Usaha) and its report.

One page, `/pengadaan/<pk>/ketersediaan/`, for the current round: the criteria (steps 1–2), the candidates with a
checkbox to shortlist (step 3), the conclusion (step 4: (a) enough vendors → the shortlist is fixed; (b) too few → to
the PPK), the PPK's proposal to correct the RUP (step 5), the discussion of the follow-up (step 9) and, after a
proposal, "analyse again" (round n+1); the earlier rounds below, read-only, each with its report
(`cetak/analisa-ketersediaan.pdf?putaran=N`; without `putaran`, the current round's). Each POST names its `action`
and calls one service; a refusal comes back on the page (400) with what was typed.

Who: the Jabfung PPBJ and the Kepala UKPBJ analyse; the package's PPK proposes; the PPK and the PA/KPA of the agency
read; anyone else who sees the package (a Pokja member) 403; another organisation's package, or one outside the
person's scope, 404.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sopan.core.forms import add_service_errors
from sopan.procurement import availability, policies, rules, selectors
from sopan.procurement import forms_availability as f
from sopan.procurement import services_availability as services
from sopan.procurement.models import AvailabilityAnalysis, Package
from sopan.procurement.workflows_availability import AVAILABILITY, AVAILABILITY_FLOW
from sopan.sop import api as sop_api
from sopan.vendors.regions import province_name


def package_for(request, pk: int) -> Package:
    """The package if the user may read its analysis: 404 for another organisation's or out of scope, 403 else."""
    user = request.user
    package = selectors.package_page_for(user, pk)
    if not policies.can_view_availability(user, package):
        raise PermissionDenied
    return package


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


# --- the actions: each returns None when done (the message is set) or the bound form with the refusal ---------------
def _criteria(request, package, analysis):
    form = f.CriteriaForm(request.POST, prefix="criteria")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.availability_save_criteria(
                package=package, by=request.user, seen_version=data["version"], kbli=data["kbli"],
                qualification=data["qualification"], province=data["province"], regency=data["regency"],
                minimum_vendors=data["minimum_vendors"], notes=data["notes"],
            )  # fmt: skip
            messages.success(request, _("The criteria are saved."))
            return None
        except ValidationError as error:
            add_service_errors(form, error)
    return {"criteria_form": form}


def _shortlist(request, package, analysis):
    shown, chosen = set(_ids(request.POST.getlist("shown"))), set(_ids(request.POST.getlist("chosen")))
    try:
        services.availability_update_shortlist(
            analysis=analysis, by=request.user, add=sorted(chosen & shown), remove=sorted(shown - chosen),
            seen_version=request.POST.get("version") or None,
        )  # fmt: skip
    except ValidationError as error:
        return {"shortlist_errors": error.messages}
    messages.success(request, _("The shortlist is saved."))
    return None


def _conclude(enough: bool):
    def action(request, package, analysis):
        form = f.ConclusionForm(request.POST, prefix="conclusion")
        if form.is_valid():
            try:
                services.availability_conclude(analysis=analysis, by=request.user, enough=enough,
                                               conclusion=form.cleaned_data["conclusion"],
                                               seen_version=form.cleaned_data["version"])  # fmt: skip
                messages.success(request, _("The analysis is concluded."))
                return None
            except ValidationError as error:
                add_service_errors(form, error)
        return {"conclusion_form": form}

    return action


def _propose(request, package, analysis):
    form = f.ProposalForm(request.POST, prefix="proposal")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.availability_propose_correction(
                analysis=analysis, by=request.user, changes=data["proposal_changes"], text=data["proposal_text"],
                method=data["proposed_method"], seen_version=data["version"],
            )  # fmt: skip
            messages.success(request, _("The proposal to correct the RUP is sent to the PA/KPA."))
            return None
        except ValidationError as error:
            add_service_errors(form, error)
    return {"proposal_form": form}


def _discuss(request, package, analysis):
    form = f.DiscussionForm(request.POST, prefix="discussion")
    if form.is_valid():
        try:
            services.availability_record_discussion(analysis=analysis, by=request.user,
                                                    action_plan=form.cleaned_data["action_plan"],
                                                    seen_version=form.cleaned_data["version"])  # fmt: skip
            messages.success(request, _("The discussion is recorded."))
            return None
        except ValidationError as error:
            add_service_errors(form, error)
    return {"discussion_form": form}


def _reanalyse(request, package, analysis):
    form = f.ReanalyseForm(request.POST, prefix="reanalyse")
    if form.is_valid():
        try:
            following = services.availability_reanalyse(analysis=analysis, by=request.user,
                                                        note=form.cleaned_data["note"],
                                                        seen_version=form.cleaned_data["version"])  # fmt: skip
            messages.success(request, _("Round %(round)s of the analysis is started.") % {"round": following.round})
            return None
        except ValidationError as error:
            add_service_errors(form, error)
    return {"reanalyse_form": form}


ACTIONS = {
    "criteria": _criteria,
    "shortlist": _shortlist,
    "conclude_qualified": _conclude(True),
    "conclude_short": _conclude(False),
    "propose": _propose,
    "discuss": _discuss,
    "reanalyse": _reanalyse,
}


@login_required
@require_http_methods(["GET", "POST"])
def availability_page(request, pk: int):
    package = package_for(request, pk)
    rounds = availability.rounds_of(package)
    analysis = rounds[0] if rounds else None
    bound: dict = {}
    status = 200
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None or (analysis is None and action is not _criteria):
            raise Http404
        if not (policies.can_analyse_availability(request.user, package) or action is _propose):
            raise PermissionDenied
        bound = action(request, package, analysis)
        if bound is None:
            return redirect(reverse("procurement:availability", kwargs={"pk": package.pk}))
        status = 400
        rounds = availability.rounds_of(package)
        analysis = rounds[0] if rounds else None
    context = _context(request, package, analysis, bound)
    context["earlier_rounds"] = [(r, print_url(package, r.round)) for r in rounds[1:]]
    return render(request, "procurement/availability.html", context, status=status)


def print_url(package, round_: int) -> str:
    """The report of one round (a round's link stays that round's report after the package is analysed again)."""
    return reverse("procurement:print-availability", kwargs={"pk": package.pk}) + f"?putaran={round_}"


def _context(request, package, analysis: AvailabilityAnalysis | None, bound: dict) -> dict:
    user = request.user
    analyst = policies.can_analyse_availability(user, package)
    on = package.planned_selection_on or timezone.localdate()
    suggested, reservation = rules.suggested_qualification(package.hps if package.hps is not None else package.pagu, on)
    context = {
        "package": package,
        "analysis": analysis,
        "can_analyse": analyst,
        "reservation": reservation,
        **bound,
    }
    version = analysis.version if analysis else None
    if analyst and (analysis is None or analysis.is_open) and "criteria_form" not in bound:
        initial = {"qualification": suggested, "minimum_vendors": 3, "version": version}
        if analysis is not None:
            initial |= {"kbli": ", ".join(analysis.kbli), "qualification": analysis.qualification,
                        "province": analysis.province, "regency": analysis.regency,
                        "minimum_vendors": analysis.minimum_vendors, "notes": analysis.notes}  # fmt: skip
        context["criteria_form"] = f.CriteriaForm(initial=initial, prefix="criteria")
    if analysis is None:
        return context
    context |= {
        "province": province_name(analysis.province) or analysis.province,
        "shortlist": availability.shortlist_of(analysis),
        "eligible_count": availability.eligible_count(analysis),
        "count_cap": availability.COUNT_CAP,
        "transitions": [t.name for t in AVAILABILITY_FLOW.available(analysis, user)],
        "print_url": print_url(package, analysis.round) if not analysis.is_open else "",
    }
    if analysis.is_open:
        context["page"] = availability.candidate_page(analysis, cursor=request.GET.get("cursor"))
        _with_performance(analysis, context["page"].items)
    context["market"] = _market(analysis)
    for name, form_class, key in (("conclusion_form", f.ConclusionForm, "conclusion"),
                                  ("proposal_form", f.ProposalForm, "proposal"),
                                  ("discussion_form", f.DiscussionForm, "discussion"),
                                  ("reanalyse_form", f.ReanalyseForm, "reanalyse")):  # fmt: skip
        context.setdefault(name, form_class(initial={"version": version}, prefix=key))
    return context


def _with_performance(analysis, candidates) -> None:
    """Each candidate's latest performance band (issue 18): one query for the page. Imported here: vendor performance
    reads the procurement models."""
    from sopan.performance import api as performance

    scores = performance.latest_scores(analysis.organization_id, [c.company.pk for c in candidates])
    for candidate in candidates:
        candidate.score = scores.get(candidate.company.pk)


def _market(analysis) -> dict:
    """The vendor market of the analysis' KBLI codes and region (issue 18 §4): two queries, with the years shown."""
    from sopan.performance import api as performance
    from sopan.performance.market import trend_years

    years = trend_years()
    rows = performance.market_for(analysis.organization_id, analysis.kbli, province=analysis.province,
                                  regency=analysis.regency)  # fmt: skip
    return {"years": years, "rows": [(row, row.registered_in(years), row.demand_in(years)) for row in rows.values()]}


def summary(user, package) -> dict | None:
    """For the package's page: the link to the analysis and the current round's status, with the rounds (one query),
    for who may read it (else None)."""
    if not policies.can_view_availability(user, package):
        return None
    rounds = []
    if getattr(package, "has_analyses", True):  # asked with the package on its page (selectors.package_page_for)
        rounds = list(
            AvailabilityAnalysis.objects.filter(package=package)
            .order_by("-round")
            .only("id", "round", "status", "package_id")
        )
    return {
        "url": reverse("procurement:availability", kwargs={"pk": package.pk}),
        "analysis": rounds[0] if rounds else None,
        "rounds": rounds,
    }


@dataclass(frozen=True)
class RoundProgress(sop_api.CaseProgress):
    """The SOP case of one round of the analysis: its tab on the package's "Alur SOP" names the round."""

    round: int = 1

    @property
    def sop_title(self) -> str:
        return _("%(title)s (round %(round)s)") % {"title": self.doc.title, "round": self.round}


def with_round_cases(progress: list, rounds: list) -> list:
    """The package's SOP cases and its analysis rounds' (`progress`, read together by `sop_api.progress_of(package,
    *rounds)`), in the order they started: each round is a run of the SOP of its own (its subject), and its tab names
    the round."""
    numbers = {str(r.pk): r.round for r in rounds}
    shown = []
    for item in progress:
        number = numbers.get(item.case.subject_id) if item.procedure == AVAILABILITY else None
        if number is not None:
            item = RoundProgress(**{x.name: getattr(item, x.name) for x in fields(item)}, round=number)
        shown.append(item)
    return sorted(shown, key=lambda item: (item.case.started_at, item.case.pk))


def _round(request) -> int | None:
    raw = request.GET.get("putaran", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 999:
        raise Http404
    return int(raw)


@login_required
def print_availability(request, pk: int):
    """The Laporan Hasil Analisa Ketersediaan (issue 17 §5) of the current round, or of round `?putaran=N`, for who
    may read the analysis; 404 with the reason before the conclusion."""
    from sopan.procurement.printing_availability import availability_report
    from sopan.procurement.views_printing import serve_letter

    package = package_for(request, pk)
    round_ = _round(request)
    return serve_letter(request, package, lambda: availability_report(package, round_))
