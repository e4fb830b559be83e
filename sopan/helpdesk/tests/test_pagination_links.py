"""The desk's list links (scope tabs, first and next page) keep the other filters: Django's {% querystring %}."""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from sopan.core.testing import login
from sopan.helpdesk.tests.factories import make_ticket

LIST = reverse("helpdesk:ticket-list")


@pytest.fixture
def agent(client, personas, helpdesk_setup):
    user = personas["helpdesk_agent"]
    user.language = "en"
    user.save(update_fields=["language"])
    login(client, user)
    return user


def _href(page: str, marker: str) -> str:
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*' + marker, page) or re.search(marker + r'[^>]*href="([^"]*)"', page)
    assert match, marker
    return html.unescape(match.group(1))


def _query(href: str) -> dict[str, list[str]]:
    assert href.startswith("?")
    return parse_qs(urlsplit(href).query, keep_blank_values=True)


@pytest.fixture
def many_tickets(helpdesk_setup):
    base = timezone.now() - datetime.timedelta(hours=1)
    return [make_ticket(helpdesk_setup, received_at=base + datetime.timedelta(minutes=i)) for i in range(55)]


def test_next_and_first_page_links_keep_the_filters_and_set_or_drop_the_cursor(client, agent, many_tickets):
    first = client.get(LIST, {"status": "", "keep": "a b"})
    cursor = first.context["page"].next_cursor

    next_href = _href(first.content.decode(), 'id="ticket-next"')
    assert _query(next_href) == {"status": [""], "keep": ["a b"], "cursor": [cursor]}

    second = client.get(LIST, {"status": "", "keep": "a b", "cursor": cursor})
    back = re.search(r'href="([^"]*)">← First page', second.content.decode())
    assert back and _query(html.unescape(back.group(1))) == {"status": [""], "keep": ["a b"]}


def test_scope_tabs_replace_the_scope_drop_the_cursor_and_all_drops_the_scope(client, agent, many_tickets):
    page = client.get(LIST, {"scope": "mine", "q": "x", "cursor": "abc"}).content.decode()

    assert _query(_href(page, 'data-scope="unassigned"')) == {"scope": ["unassigned"], "q": ["x"]}
    assert _query(_href(page, 'data-scope="all"')) == {"q": ["x"]}


def test_scope_tab_all_without_any_filter_links_to_the_bare_list(client, agent):
    page = client.get(LIST).content.decode()

    assert _href(page, 'data-scope="all"') in ("", "?")
    assert _query(_href(page, 'data-scope="mine"')) == {"scope": ["mine"]}
