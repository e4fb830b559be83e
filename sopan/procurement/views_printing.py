"""The printed documents of a package (issue 17 §5; sopan.procurement.printing): who may see the package may print
its Surat Permohonan and Berita Acara Hasil Reviu; the SK of the Pokja and the Surat Tugas Pendampingan also need the
Kepala UKPBJ's capability (`procurement.assign_pokja`). A document whose data does not exist yet answers 404 with the
reason. Printing writes nothing but the number series."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from sopan.core.documents.serving import file_response
from sopan.procurement import policies, printing, selectors
from sopan.procurement.models import Package


def _package(request, pk: int, *, head_only: bool = False) -> Package:
    """The package if the user may see it (another organisation's: 404; no package page at all: 403), and for the
    Kepala UKPBJ's letters their capability (403)."""
    user = request.user
    package = selectors.package_page_for(user, pk)
    if head_only and not policies.can_assign_pokja(user, package):
        raise PermissionDenied
    return package


def serve_letter(request, package: Package, make):
    try:
        printed = make()
    except printing.NotAvailable as reason:
        context = {"package": package, "reason": str(reason)}
        return render(request, "procurement/print/unavailable.html", context, status=404)
    return file_response(printed.content, filename=printed.filename, inline=True)


@login_required
def print_request(request, pk: int):
    package = _package(request, pk)
    return serve_letter(request, package, lambda: printing.request_letter(package))


@login_required
def print_pokja_decree(request, pk: int):
    package = _package(request, pk, head_only=True)
    return serve_letter(request, package, lambda: printing.pokja_decree(package))


@login_required
def print_review(request, pk: int, round: int):
    package = _package(request, pk)
    return serve_letter(request, package, lambda: printing.review_report(package, round))


@login_required
def print_assistance(request, pk: int):
    """The Surat Tugas Pendampingan of the Jabfung PPBJ appointed to the package and given as `?jabfung=<user id>`;
    without one, that of the only one appointed, else the choice among those appointed (none: 404 with the reason)."""
    package = _package(request, pk, head_only=True)
    choices = printing.appointed_jabfung(package)
    raw = request.GET.get("jabfung", "").strip()
    if not choices:  # none appointed: the reason, as for any document without its data
        return serve_letter(request, package, lambda: printing.assistance_letter(package))
    if not raw and len(choices) > 1:
        return render(request, "procurement/print/choose_jabfung.html", {"package": package, "choices": choices})
    raw = raw or str(choices[0].pk)
    chosen = next((person for person in choices if str(person.pk) == raw), None)
    if chosen is None:
        context = {
            "package": package,
            "choices": choices,
            "error": _("Choose a procurement specialist (Jabfung PPBJ) appointed to assist with this package."),
        }
        return render(request, "procurement/print/choose_jabfung.html", context, status=400)
    return serve_letter(request, package, lambda: printing.assistance_letter(package, chosen))


def print_links(user, package: Package, assistances=None) -> list[tuple[str, str]]:
    """(label, URL) of the documents the user may print for the package now, for the package's page, from the
    records the page reads anyway (`selectors_stages.with_records`, and the package's `assistances` when given)."""
    from django.urls import reverse

    from sopan.procurement.selectors_stages import selection_request_of, with_records

    def url(name, **kwargs):
        return reverse(f"procurement:{name}", kwargs={"pk": package.pk, **kwargs})

    with_records(package)  # the records the page's timeline reads too: nothing is read twice
    head = policies.can_assign_pokja(user, package)
    links = []
    if selection_request_of(package) is not None:
        links.append((_("Request for the selection (Surat Permohonan)"), url("print-request")))
    if head and any(assignment.is_active for assignment in package.pokja_assignments.all()):
        links.append((_("Decree appointing the selection working group (SK Pokja)"), url("print-pokja-decree")))
    for review in package.reviews.all():  # by round
        label = _("Review report, round %(round)s (Berita Acara Hasil Reviu)") % {"round": review.round}
        links.append((label, url("print-review", round=review.round)))
    if assistances is None:
        from sopan.procurement.views_assistance import assistances_of

        assistances = assistances_of(package) if head else []
    if head and any(assistance.letter_id for assistance in assistances):
        links.append((_("Assignment letter for assistance (Surat Tugas Pendampingan)"), url("print-assistance")))
    return links
