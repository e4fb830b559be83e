"""Screens of the helpdesk's knowledge: the FAQ articles (staff list and search, writing, publishing, a ticket reply
turned into a draft), the canned answers, and the public FAQ of an organisation under /bantuan/<org>/faq/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts.models import Organization
from sopan.accounts.policies import require
from sopan.core.forms import add_service_errors
from sopan.helpdesk import policies
from sopan.helpdesk.knowledge import selectors, services
from sopan.helpdesk.knowledge.forms import ArticleForm, ArticleSearchForm, CannedAnswerForm, PublicSearchForm
from sopan.helpdesk.models import Article


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- articles (staff) --------------------------------------------------------------------------------------------
@login_required
def article_list(request):
    user = request.user
    can_manage = policies.can_manage_knowledge(user, user.organization)
    form = ArticleSearchForm(request.GET or None, show_status=can_manage)
    page = selectors.article_list_for(
        user,
        query=form.value("q"),
        application=form.value("application"),
        status=form.value("status") if can_manage else "",
        audience=form.value("audience"),
        cursor=request.GET.get("cursor"),
    )
    context = {"form": form, "page": page, "can_manage": can_manage, "section": "articles"}
    return render(request, "helpdesk/knowledge/article_list.html", context)


def _article_form_page(request, form, article=None):
    context = {"form": form, "article": article, "section": "articles"}
    return render(request, "helpdesk/knowledge/article_form.html", context, status=400 if form.errors else 200)


@login_required
def article_create(request):
    require(policies.can_manage_knowledge(request.user, request.user.organization))
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(
                organization=request.user.organization, by=request.user, **form.service_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article is saved as a draft; publish it when it is ready."))
            return redirect("helpdesk:article-detail", pk=article.pk)
    return _article_form_page(request, form)


@login_required
def article_detail(request, pk: int):
    article = selectors.article_get_for(request.user, pk)
    context = {
        "article": article,
        "can_manage": policies.can_manage_knowledge(request.user, article),
        "section": "articles",
    }
    return render(request, "helpdesk/knowledge/article_detail.html", context)


@login_required
def article_update(request, pk: int):
    article = selectors.article_get_for(request.user, pk)
    require(policies.can_manage_knowledge(request.user, article))
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                article=article, by=request.user, seen_updated_at=form.seen_updated_at(), **form.service_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article is saved."))
            return redirect("helpdesk:article-detail", pk=article.pk)
    return _article_form_page(request, form, article)


@login_required
@require_POST
def article_publish(request, pk: int):
    """Publish (status=published) or take back to draft (status=draft)."""
    article = selectors.article_get_for(request.user, pk)
    require(policies.can_manage_knowledge(request.user, article))
    target = request.POST.get("status")
    try:
        if target == Article.Status.PUBLISHED:
            services.article_publish(article=article, by=request.user)
            messages.success(request, _("The article is published."))
        elif target == Article.Status.DRAFT:
            services.article_unpublish(article=article, by=request.user)
            messages.success(request, _("The article is a draft again; the public no longer sees it."))
        else:
            messages.error(request, _("Choose whether to publish the article or take it back to draft."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("helpdesk:article-detail", pk=article.pk)


@login_required
@require_POST
def article_from_message(request, message_pk: int):
    """A reply to a reporter becomes a draft article; the staff edits it (personal data already left out)."""
    message = selectors.reply_get_for(request.user, message_pk)
    try:
        article = services.article_create_from_message(message=message, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        back = request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return redirect(back)
        return redirect("helpdesk:article-list")
    messages.success(
        request,
        _(
            "A draft article is made from the reply of ticket %(number)s. Check that nothing personal is left, "
            "edit it and publish it."
        )
        % {"number": message.ticket.number},
    )
    return redirect("helpdesk:article-update", pk=article.pk)


# --- canned answers ----------------------------------------------------------------------------------------------
@login_required
def canned_list(request):
    page = selectors.canned_answer_list_for(request.user, cursor=request.GET.get("cursor"))
    return render(request, "helpdesk/knowledge/canned_list.html", {"page": page, "section": "canned"})


def _canned_form_page(request, form, canned=None):
    context = {"form": form, "canned": canned, "section": "canned"}
    return render(request, "helpdesk/knowledge/canned_form.html", context, status=400 if form.errors else 200)


@login_required
def canned_create(request):
    require(policies.can_manage_knowledge(request.user, request.user.organization))
    form = CannedAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            canned = services.canned_answer_create(
                organization=request.user.organization,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(title)s is ready for replies.") % {"title": canned.title})
            return redirect("helpdesk:canned-list")
    return _canned_form_page(request, form)


@login_required
def canned_update(request, pk: int):
    canned = selectors.canned_answer_get_for(request.user, pk)
    require(policies.can_manage_knowledge(request.user, canned))
    form = CannedAnswerForm(request.POST or None, instance=canned)
    if request.method == "POST" and form.is_valid():
        try:
            canned = services.canned_answer_update(canned=canned, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": canned.title})
            return redirect("helpdesk:canned-list")
    return _canned_form_page(request, form, canned)


@login_required
@require_POST
def canned_deactivate(request, pk: int):
    canned = selectors.canned_answer_get_for(request.user, pk)
    require(policies.can_manage_knowledge(request.user, canned))
    try:
        services.canned_answer_deactivate(canned=canned, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(title)s is no longer offered in replies.") % {"title": canned.title})
    return redirect("helpdesk:canned-list")


# --- the public FAQ ----------------------------------------------------------------------------------------------
def public_faq(request, org: str):
    organization = get_object_or_404(Organization, slug=org)
    form = PublicSearchForm(request.GET or None)
    page = selectors.public_article_list(
        organization, query=form.value("q"), application=form.value("application"), cursor=request.GET.get("cursor")
    )
    with timezone.override(organization.timezone):
        return render(request, "helpdesk/public/faq.html", {"organization": organization, "form": form, "page": page})


def public_article(request, org: str, pk: int):
    organization = get_object_or_404(Organization, slug=org)
    article = selectors.public_article_get(organization, pk)
    with timezone.override(organization.timezone):
        return render(request, "helpdesk/public/faq_article.html", {"organization": organization, "article": article})
