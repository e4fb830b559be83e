"""Screens of the announcements of outages and maintenance (Perwali Salatiga 41/2024 Pasal 9 ayat 4, annex 2.6.4 b).

Staff (/helpdesk/pengumuman/, `policies.can_manage_announcements`): the list, announce, correct while ongoing, close
with the cause and action taken, and the Berita Acara Gangguan PDF of a closed one. Public (/bantuan/<org>/pengumuman/,
no login): what is going on and what ended lately, one announcement, its Berita Acara once closed, and an Atom feed.
Public pages show times in the organisation's zone, whoever looks.

Views stay thin: fetch through the selectors, parse the form, call one service, put its ValidationError on the form.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.ratelimits import public_rate_limit
from sopan.core.templatetags.sopan import local_datetime
from sopan.helpdesk import policies
from sopan.helpdesk.announcements import printing as printing_announcements
from sopan.helpdesk.announcements import selectors, services
from sopan.helpdesk.announcements.forms import AnnouncementCloseForm, AnnouncementFilterForm, AnnouncementForm
from sopan.helpdesk.models import Announcement


def _pdf_response(announcement: Announcement) -> HttpResponse:
    try:
        content = printing_announcements.report_pdf(announcement)
    except ValueError as error:  # not closed: no Berita Acara yet
        raise Http404 from error
    return file_response(content, filename=printing_announcements.report_filename(announcement), inline=True)


def _posted(request):
    """The POST data (even empty: an empty form sent is answered with its errors), None for GET."""
    return request.POST if request.method == "POST" else None


# --- staff -------------------------------------------------------------------------------------------------------
@login_required
def announcement_list(request):
    form = AnnouncementFilterForm(request.GET or None)
    page = selectors.announcement_list_for(
        request.user, status=form.value("status"), kind=form.value("kind"), cursor=request.GET.get("cursor")
    )
    organization = request.user.organization
    return render(request, "helpdesk/announcements/list.html", {"form": form, "page": page, "org": organization})


@login_required
def announcement_create(request):
    require(policies.can_manage_announcements(request.user, request.user.organization))
    form = AnnouncementForm(_posted(request), initial={"started_at": timezone.now().replace(second=0)})
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_create(
                organization=request.user.organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The announcement is published."))
            return redirect("helpdesk:announcement-detail", pk=announcement.pk)
    status = 400 if form.errors else 200
    return render(request, "helpdesk/announcements/form.html", {"form": form}, status=status)


@login_required
def announcement_detail(request, pk: int):
    announcement = selectors.announcement_get_for(request.user, pk)
    return render(request, "helpdesk/announcements/detail.html", {"announcement": announcement})


def _ended(request, announcement: Announcement):
    messages.info(request, _("This announcement has ended and can no longer be changed."))
    return redirect("helpdesk:announcement-detail", pk=announcement.pk)


@login_required
def announcement_update(request, pk: int):
    announcement = selectors.announcement_get_for(request.user, pk)
    if announcement.status != Announcement.Status.ACTIVE:
        return _ended(request, announcement)
    form = AnnouncementForm.for_announcement(announcement, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.announcement_update(announcement=announcement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The announcement is updated."))
            return redirect("helpdesk:announcement-detail", pk=announcement.pk)
    context = {"form": form, "announcement": announcement}
    return render(request, "helpdesk/announcements/form.html", context, status=400 if form.errors else 200)


@login_required
def announcement_close(request, pk: int):
    announcement = selectors.announcement_get_for(request.user, pk)
    if announcement.status != Announcement.Status.ACTIVE:
        return _ended(request, announcement)
    form = AnnouncementCloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_close(
                announcement=announcement,
                ended_at=form.cleaned_data["ended_at"],
                cause=form.cleaned_data["cause"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The announcement is closed. Berita Acara %(number)s is ready to print.")
                % {"number": announcement.report_number},
            )
            return redirect("helpdesk:announcement-detail", pk=announcement.pk)
    context = {"form": form, "announcement": announcement}
    return render(request, "helpdesk/announcements/close.html", context, status=400 if form.errors else 200)


@login_required
def announcement_report(request, pk: int):
    """The Berita Acara Gangguan of a closed announcement (404 while it is ongoing)."""
    return _pdf_response(selectors.announcement_get_for(request.user, pk))


# --- public ------------------------------------------------------------------------------------------------------
def _in_zone(organization):
    return timezone.override(zoneinfo.ZoneInfo(organization.timezone))


def public_announcement_list(request, org: str):
    organization = selectors.public_organization(org)
    context = {
        "organization": organization,
        "active": selectors.public_active_announcements(organization),
        "page": selectors.public_closed_announcements(organization, cursor=request.GET.get("cursor")),
    }
    with _in_zone(organization):
        return render(request, "helpdesk/public/announcements.html", context)


def public_announcement_detail(request, org: str, pk: int):
    organization = selectors.public_organization(org)
    announcement = selectors.public_announcement_get(organization, pk)
    context = {"organization": organization, "announcement": announcement}
    with _in_zone(organization):
        return render(request, "helpdesk/public/announcements_detail.html", context)


@public_rate_limit("helpdesk.announcement-report", "60/h", methods=("GET",))
def public_announcement_report(request, org: str, pk: int):
    """The Berita Acara of a closed announcement, for Pokja and vendors alike: it justifies a schedule change."""
    organization = selectors.public_organization(org)
    return _pdf_response(selectors.public_report_announcement(organization, pk))


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class AnnouncementFeed(Feed):
    """The organisation's announcements as an Atom feed (newest change first). Links are absolute through
    settings.SITE_URL, so the feed needs no django.contrib.sites; times carry their offset."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        organization = selectors.public_organization(kwargs["org"])
        request.helpdesk_organization = organization
        with _in_zone(organization):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, org: str):
        return request.helpdesk_organization

    def title(self, organization):
        return _("Service announcements — %(name)s") % {"name": organization.name}

    def subtitle(self, organization):
        return _("Outages and maintenance of the LPSE's services, as they start and end.")

    def link(self, organization):
        return _absolute(reverse("helpdesk:public-announcement-list", kwargs={"org": organization.slug}))

    def feed_url(self, organization):
        return _absolute(reverse("helpdesk:public-announcement-feed", kwargs={"org": organization.slug}))

    def feed_guid(self, organization):
        return self.feed_url(organization)

    def items(self, organization):
        items = selectors.public_feed_announcements(organization)
        for item in items:  # the slug for item_link, on the items: the feed instance is shared by all requests
            item.organization_slug = organization.slug
        return items

    def item_title(self, item: Announcement):
        if item.status == Announcement.Status.CLOSED:
            return _("Ended: %(title)s") % {"title": item.title}
        if item.is_upcoming:
            return _("Scheduled: %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item: Announcement):
        lines = [item.body, "", _("Affected services: %(services)s") % {"services": item.services}]
        lines.append(_("Start: %(when)s") % {"when": local_datetime(item.started_at)})
        if item.ended_at:
            lines.append(_("Ended: %(when)s") % {"when": local_datetime(item.ended_at)})
        elif item.expected_end_at:
            lines.append(_("Expected end: %(when)s") % {"when": local_datetime(item.expected_end_at)})
        if item.tender_codes:
            lines.append(_("Affected tenders: %(codes)s") % {"codes": ", ".join(item.tender_codes)})
        return "\n".join(lines)

    def item_link(self, item: Announcement):
        return _absolute(
            reverse("helpdesk:public-announcement-detail", kwargs={"org": item.organization_slug, "pk": item.pk})
        )

    def item_pubdate(self, item: Announcement):
        return item.created_at

    def item_updateddate(self, item: Announcement):
        return item.updated_at

    def item_categories(self, item: Announcement):
        return [item.get_kind_display()]


public_announcement_feed = AnnouncementFeed()
