"""The procurement pages (issue 17 §1, §6): the package list, a package's page and the RUP import.

Views stay thin: check who may see the page, fetch through the selectors (another organisation's package: 404), call
one service, render.

The RUP import is upload → preview → confirm, the flow of views_import.ImportPage (shared with the SPSE import); the
file is at most `rup.MAX_BYTES` (checked when it is read).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from sopan.core.listing import RowFormat, pk_url
from sopan.core.templatetags.sopan import display, local_date, rupiah
from sopan.procurement import policies, selectors
from sopan.procurement.forms import PackageFilterForm, RupUploadForm
from sopan.procurement.models import Package
from sopan.procurement.rules import method_problems
from sopan.procurement.services import rup_import
from sopan.procurement.views_import import ImportPage
from sopan.sop import api as sop_api


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


ROW = RowFormat(
    '<tr data-package="{kd_rup}"><td class="small text-nowrap">{kd_rup}</td>'
    '<td><a href="{url}">{name}</a> <span class="small text-muted">{year}</span></td>'
    '<td class="small">{agency}</td><td class="small">{kind}</td><td class="small">{method}</td>'
    '<td class="text-end text-nowrap">{pagu}</td><td><span class="badge text-bg-light border">{status}</span></td>'
    '<td class="small text-nowrap">{planned}</td></tr>'
)


def list_row(package: Package, url_of) -> str:
    """One row of the package list, written here (fifty a page; core.listing.RowFormat). `url_of`: the package
    page's URL by pk, resolved once for the page (core.listing.pk_url)."""
    return ROW(
        kd_rup=package.kd_rup,
        url=url_of(package.pk),
        name=package.name,
        year=package.fiscal_year,
        agency=package.agency.name if package.agency_id else "",
        kind=display(package, "kind"),  # a table of the field's labels made once per language
        method=display(package, "method"),
        pagu=rupiah(package.pagu),
        status=display(package, "status"),
        planned=local_date(package.planned_selection_on) or "—",
    )


@login_required
def package_list(request):
    user = request.user
    _require(policies.can_view_packages(user))
    form = PackageFilterForm(request.GET or None, **selectors.filter_choices_for(user))
    page = selectors.package_list_for(user, form.filters(), cursor=request.GET.get("cursor"))
    url_of = pk_url("procurement:package-detail")
    context = {
        "form": form,
        "page": page,
        "rows": [list_row(package, url_of) for package in page.items],
        "can_import": policies.can_import_rup(user, user.organization),
    }
    return render(request, "procurement/package_list.html", context)


@login_required
def package_detail(request, pk: int):
    return render_package_page(request, selectors.package_page_for(request.user, pk, presence=True))


def render_package_page(request, package: Package, *, forms_with_errors=None, status: int = 200):
    """The package's page, the same whether shown plainly or again with a refused stage form (views_stages). Each
    record is read once (stage records, assistances, every SOP case of the package and of its analysis rounds)."""
    from sopan.procurement.views_assistance import assistances_of
    from sopan.procurement.views_availability import summary, with_round_cases
    from sopan.procurement.views_printing import print_links
    from sopan.procurement.views_stages import stage_context

    user = request.user
    on = package.planned_selection_on or timezone.localdate()
    # the assistances: for the section "Pendampingan" and the Kepala UKPBJ's print link (none read for who sees neither)
    shown = policies.can_view_assistance(user, package) or policies.can_assign_pokja(user, package)
    assistances = assistances_of(package) if shown and getattr(package, "has_assistances", True) else []
    availability = summary(user, package)  # the link to the availability analysis (views_availability)
    rounds = availability["rounds"] if availability else []
    context = {
        "package": package,
        "problems": method_problems(package.kind, package.method, package.pagu, on),
        "print_links": print_links(user, package, assistances),  # what the person may print now (views_printing)
        "availability": availability,
    }
    # the stages: actions, forms (a refused one as it was sent), timeline (views_stages)
    context.update(stage_context(request, package, forms_with_errors, assistances=assistances))
    # "Alur SOP": the stages' cases and the availability analysis rounds' cases, each round its own, read together
    # (none to read when the package has no case of its own nor analysis rounds: selectors.package_page_for presence)
    progress = sop_api.progress_of(package, *rounds, user=user) if rounds or getattr(package, "has_cases", True) else []
    context["sop_progress"] = with_round_cases(progress, rounds)
    return render(request, "procurement/package_detail.html", context, status=status)


# --- the RUP import ---------------------------------------------------------------------------------------------
def _rup_imported(result) -> str:
    return _("RUP imported: %(created)s package(s) created, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": len(result.created),
        "updated": len(result.updated),
        "unchanged": len(result.unchanged),
    }


RUP_IMPORT = ImportPage(
    what="rup",
    service=rup_import,
    allowed=policies.can_import_rup,
    form_class=RupUploadForm,
    template="procurement/rup_import.html",
    title=_l("Import RUP"),
    done=_rup_imported,
)


@login_required
@require_http_methods(["GET", "POST"])
def rup_import_page(request):
    """SOP Perencanaan Pengadaan: the UKPBJ brings the agencies' published RUP (SiRUP) into its package list."""
    return RUP_IMPORT.handle(request)
