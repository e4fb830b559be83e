"""The invitations on the programme's page (SOP step 6): a criterion previewed (how many, the first of them), then
added; the check-in by the code on the invitation (step 7), one big field that works on a phone; the printed
invitation. And under the vendor's own account, its invitations with their codes (issue 18 §6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sopan.coaching import forms as f
from sopan.coaching import printing, selectors
from sopan.coaching import services_invitations as services
from sopan.coaching.views import _detail_url, _managed, render_detail
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def invitations_add(request, pk: int):
    """GET: the preview of who the criterion chooses and the programme has not invited yet; POST: invite them."""
    programme = _managed(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    form = f.InviteForm(data, programme=programme)
    if not form.is_valid():
        return render_detail(request, programme, invite_form=form, status=400)
    criterion, params = form.cleaned_data["criterion"], form.params()
    try:
        if request.method == "GET":
            preview = selectors.invitees_preview(programme, criterion, params)
            return render_detail(request, programme, invite_form=form, preview=preview)
        made = services.invitations_add(programme=programme, criterion=criterion, params=params, by=request.user)
    except ValidationError as error:
        add_service_errors(form, error)
        return render_detail(request, programme, invite_form=form, status=400)
    if made:
        count = len(made)
        messages.success(
            request, ngettext("%(count)s invitation is added.", "%(count)s invitations are added.", count)
            % {"count": count},
        )  # fmt: skip
    else:
        messages.info(request, _("Everyone this criterion chooses is already invited."))
    return redirect(_detail_url(programme) + "#invitations")


@login_required
@require_POST
def check_in(request, pk: int):
    programme = _managed(request, pk)
    form = f.CheckInForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_check_in(programme=programme, code=form.cleaned_data["code"],
                                                      by=request.user)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": invitation.invitee_name})
            return redirect(_detail_url(programme) + "#check-in")
    return render_detail(request, programme, forms_with_errors={"check_in": form}, status=400)


@login_required
def invitation_print(request, pk: int, iid: int):
    programme = _managed(request, pk)
    invitation = selectors.invitation_get_for(request.user, programme, iid)
    printed = printing.invitation_letter(invitation)
    return file_response(printed.content, filename=printed.filename, inline=True)


@login_required
def my_invitations(request):
    invitations = selectors.my_invitations_for(request.user)
    return render(request, "coaching/my_invitations.html", {"invitations": invitations})


@login_required
def my_invitation_print(request, pk: int):
    invitation = selectors.own_invitation_get(request.user, pk)
    printed = printing.invitation_letter(invitation)
    return file_response(printed.content, filename=printed.filename, inline=True, personal=True)


@login_required
def my_material_download(request, pk: int, mid: int):
    """A material of a programme the user (or their company) is invited to: what the invitation's programme hands
    out; another's invitation or material 404."""
    invitation = selectors.own_invitation_get(request.user, pk)
    material = invitation.programme.materials.filter(pk=mid).first()
    if material is None:
        raise Http404
    return file_response(material.file, filename=material.file.name.rsplit("/", 1)[-1])
