"""Reads of the helpdesk's knowledge: FAQ articles for the staff and for the public, canned answers for the reply box.

Search: every word typed must appear in the question or the answer, in any case. The same code on SQLite and
PostgreSQL, on purpose: Indonesian builds words with affixes (unggah, mengunggah, diunggah, pengunggahan), which
PostgreSQL's full-text search with the `simple` configuration treats as different words, while a substring match
finds them all. At a scale where this gets slow, a pg_trgm GIN index on title and body serves these same
`ILIKE '%…%'` queries without changing this code.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sopan.core.pagination import Page, keyset_page
from sopan.helpdesk import policies
from sopan.helpdesk.models import Application, Article, CannedAnswer, Message

MAX_SEARCH_WORDS = 8
ORDER = ("-updated_at", "-id")


def search_words(query: str | None) -> list[str]:
    """The distinct words of a search (at most `MAX_SEARCH_WORDS`, so a pasted text cannot make a huge query)."""
    words = dict.fromkeys(word.casefold() for word in (query or "").split())
    return list(words)[:MAX_SEARCH_WORDS]


def _search(queryset: QuerySet[Article], *, query: str | None, application: str | None) -> QuerySet[Article]:
    for word in search_words(query):
        queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
    if application in Application.values:
        queryset = queryset.filter(application=application)
    return queryset


# --- staff -------------------------------------------------------------------------------------------------------
def _staff_articles(user) -> QuerySet[Article]:
    """The user's organisation's articles the user may see: drafts only for those who write articles."""
    organization_id = user.organization_id if user.is_authenticated else None
    if organization_id is None or not policies.can_view_staff_articles(user, user.organization):
        raise PermissionDenied
    queryset = Article.objects.filter(organization_id=organization_id)
    if not policies.can_manage_knowledge(user, user.organization):
        queryset = queryset.filter(status=Article.Status.PUBLISHED)
    return queryset


def article_list_for(
    user,
    *,
    query: str | None = "",
    application: str | None = "",
    status: str | None = "",
    audience: str | None = "",
    cursor: str | None = None,
    size: int = 50,
) -> Page:
    """The staff's search over their organisation's articles, for every audience (and drafts, for the desk);
    most recently changed first."""
    queryset = _search(_staff_articles(user), query=query, application=application)
    if status in Article.Status.values:
        queryset = queryset.filter(status=status)
    if audience in Article.Audience.values:
        queryset = queryset.filter(audience=audience)
    return keyset_page(queryset, order=ORDER, cursor=cursor, size=size)


def article_get_for(user, pk: int) -> Article:
    """One article for the staff: 404 for another organisation's, and for a draft the user may not see."""
    if not user.is_authenticated or user.organization_id is None:
        raise Http404
    article = Article.objects.select_related("source_ticket", "created_by").filter(pk=pk).first()
    if article is None or article.organization_id != user.organization_id:
        raise Http404
    if not policies.can_view_staff_articles(user, article):
        raise PermissionDenied
    if article.status != Article.Status.PUBLISHED and not policies.can_manage_knowledge(user, article):
        raise Http404
    return article


def reply_get_for(user, pk: int) -> Message:
    """A message of a ticket of the user's organisation (404 otherwise), to turn into an article."""
    if not user.is_authenticated or user.organization_id is None:
        raise Http404
    message = Message.objects.select_related("ticket").filter(pk=pk, organization_id=user.organization_id).first()
    if message is None:
        raise Http404
    return message


# --- the public --------------------------------------------------------------------------------------------------
def _public_articles(organization) -> QuerySet[Article]:
    return Article.objects.filter(
        organization_id=organization.pk, status=Article.Status.PUBLISHED, audience=Article.Audience.PUBLIC
    )


def public_article_list(
    organization, *, query: str | None = "", application: str | None = "", cursor: str | None = None, size: int = 20
) -> Page:
    """The organisation's public FAQ: published articles for the public only."""
    queryset = _search(_public_articles(organization), query=query, application=application)
    return keyset_page(queryset, order=ORDER, cursor=cursor, size=size)


def public_article_get(organization, pk: int) -> Article:
    """A published public article of the organisation; drafts and staff-only articles do not exist for the public."""
    article = _public_articles(organization).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


# --- canned answers ----------------------------------------------------------------------------------------------
def canned_answers_for(user) -> list[CannedAnswer]:
    """The answers in use of the user's organisation, by title, for the reply box of a ticket."""
    if not policies.can_view_tickets(user, user.organization if user.is_authenticated else None):
        raise PermissionDenied
    return list(CannedAnswer.objects.filter(organization_id=user.organization_id, is_active=True).order_by("title"))


def canned_answer_list_for(user, *, cursor: str | None = None, size: int = 100) -> Page:
    """Every canned answer of the organisation (also those out of use), for the desk that keeps them."""
    if not user.is_authenticated or not policies.can_manage_knowledge(user, user.organization):
        raise PermissionDenied
    queryset = CannedAnswer.objects.filter(organization_id=user.organization_id)
    return keyset_page(queryset, order=("title", "id"), cursor=cursor, size=size)


def canned_answer_get_for(user, pk: int) -> CannedAnswer:
    if not user.is_authenticated or user.organization_id is None:
        raise Http404
    canned = CannedAnswer.objects.filter(pk=pk, organization_id=user.organization_id).first()
    if canned is None:
        raise Http404
    return canned
