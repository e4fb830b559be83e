"""Malformed input never makes a server error (issue 13 §5).

Every URL pattern of the project (the Django admin aside) is requested as an anonymous visitor, a vendor and a staff
member who passed 2FA, with each path value replaced by malformed values (non-numeric, huge integers, bad UUIDs,
unicode, null bytes, very long strings), with malformed query parameters (the names the views and their filter forms
read), and posted malformed form fields. Whatever the answer — 404, 403, a redirect, a form with errors — it is not 500.

One client per persona serves all its requests to a group of URLs (one test per persona and group of up to 20 URL
patterns of one app, so that parallel workers share the walk); the personas are made once for the module.

The values come in two parts. The database's part (`ENGINE`: integers past its range, NUL bytes, long and non-ASCII
text) is refused differently by SQLite and PostgreSQL, so it runs in both CI lanes; the pages' part (`PAGES`: words
for numbers, bad UUIDs and dates, path tricks) reaches the views and forms the same way on either engine, so it is a
`walk`, run on PostgreSQL only (docs/operations.md, CI time).
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from sopan.core.testing import login

HUGE = "9" * 20  # past 2**64: overflows SQLite's INTEGER and PostgreSQL's bigint
HUGER = "9" * 40
NUL = "a\x00b"
UNICODE = "ünïcødé-日本-🙂"
LONG = "x" * 3000


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


# Values put in place of one path segment at a time (quoted into the path, so NUL arrives as a real NUL).
ENGINE, PAGES = "engine", "pages"
PATH_VALUES = {
    ENGINE: [HUGE, HUGER, UNICODE, NUL, LONG],
    PAGES: ["abc", "-1", "0", "not-a-uuid", "1e5", "..", "%"],
}

# Values given to every query parameter at once, one set per request.
QUERY_VALUES = {
    ENGINE: [
        HUGE,
        "-" + HUGER,
        NUL,
        UNICODE,
        LONG,
        _cursor([HUGE, int(HUGE)]),
        _cursor(["\x00", "\x00"]),
        _cursor(["9999-99-99T99:99:99", -int(HUGER)]),
    ],
    PAGES: ["abc", "not-a-uuid", "1.5", "2026-13-45"],
}

# Query parameters read by views directly (`grep request.GET`) besides those of their filter forms (_form_fields()).
QUERY_NAMES = {"page", "sop", "q", "status", "cursor", "jenis", "nik", "format", "next", "year", "org", "token"}

# Form fields posted to every URL: the common ones of the project's forms, each malformed.
POST_NAMES = {
    "text",
    "title",
    "note",
    "key",
    "sop",
    "procedure",
    "status",
    "language",
    "next",
    "email",
    "username",
    "password",
    "priority",
    "category",
    "role",
    "unit",
    "user",
    "requirement",
    "exit_label",
    "justification",
    "date",
    "starts_at",
    "ends_at",
    "body",
    "name",
    "nik",
    "npwp",
    "year",
    "quarter",
}
POST_VALUES = {ENGINE: [HUGE, NUL, UNICODE + LONG], PAGES: ["-1"]}

# A sensible value for the other segments of a pattern while one segment is malformed.
GOOD = {
    "int": ["1"],
    "slug": ["salatiga", "submit"],
    "str": ["x"],
    "path": ["x"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
}
GOOD_BY_NAME = {
    "model": ["accounts.orgunit", "sop.case", "django_tasks_database.dbtaskresult", "auth.permission"],
    "org": ["salatiga"],
}

# Leaving the session would leave the rest of the walk to an anonymous visitor.
SKIP_POST = {"accounts:logout"}
ADMIN_PREFIX = "admin/"
SEGMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns():
    """(full route, URL name) of every pattern outside the Django admin."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if (prefix + route).startswith(ADMIN_PREFIX):
                    continue
                yield from walk(pattern.url_patterns, prefix + route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                assert isinstance(pattern.pattern, RoutePattern), f"{route}: regex patterns are not walked yet"
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield prefix + route, name

    return list(walk(get_resolver().url_patterns, "", None))


def _good_values(converter: str, name: str) -> list[str]:
    return GOOD_BY_NAME.get(name) or GOOD.get(converter or "str", ["x"])


def _paths(route: str, part: str) -> list[str]:
    """The route with its segments filled: the sensible path first, then every malformed value of the part in each
    segment in turn, the others sensible."""
    segments = list(SEGMENT.finditer(route))
    if not segments:
        return ["/" + route]

    def build(values: list[str]) -> str:
        out, last = [], 0
        for match, value in zip(segments, values, strict=True):
            out += [route[last : match.start()], quote(value, safe="")]
            last = match.end()
        return "/" + "".join(out) + route[last:]

    goods = [_good_values(m["converter"], m["name"]) for m in segments]
    sensible = build([g[0] for g in goods])
    paths = set()
    for index in range(len(segments)):
        others = [g if i != index else [None] for i, g in enumerate(goods)]
        for combo in itertools.product(*others):
            for value in PATH_VALUES[part]:
                paths.add(build([value if i == index else v for i, v in enumerate(combo)]))
    return [sensible, *sorted(paths - {sensible})]


def _form_fields() -> set[str]:
    """The fields of the filter forms that list pages read from the query string."""
    from sopan.accounts.forms_admin import UserSearchForm
    from sopan.accounts.forms_calendar import YearForm
    from sopan.core.forms import AuditFilterForm
    from sopan.helpdesk.announcements.forms import AnnouncementFilterForm
    from sopan.helpdesk.knowledge.forms import ArticleSearchForm, PublicSearchForm
    from sopan.helpdesk.reports.forms import ReportPeriodForm
    from sopan.helpdesk.tickets.forms_desk import CallerLookupForm, TicketFilterForm
    from sopan.procurement.forms import PackageFilterForm
    from sopan.sop.forms_compliance import ComplianceFilterForm
    from sopan.vendors.accounts.forms import CompanyFilterForm
    from sopan.vendors.blacklist.forms import BlacklistSearchForm
    from sopan.vendors.registration.forms_lpse import LookupForm, QueueFilterForm

    forms = (
        UserSearchForm,
        AuditFilterForm,
        YearForm,
        AnnouncementFilterForm,
        CallerLookupForm,
        TicketFilterForm,
        ArticleSearchForm,
        PublicSearchForm,
        ReportPeriodForm,
        ComplianceFilterForm,
        CompanyFilterForm,
        BlacklistSearchForm,
        LookupForm,
        QueueFilterForm,
        PackageFilterForm,
    )
    return set().union(*(form.base_fields for form in forms))


def _query_strings(part: str) -> list[str]:
    names = sorted(QUERY_NAMES | _form_fields())
    return [urlencode(dict.fromkeys(names, value)) for value in QUERY_VALUES[part]]


GROUP_SIZE = 20  # URL patterns walked by one test


def _groups() -> dict[str, list[tuple[str, str]]]:
    """Every URL pattern in exactly one group: the patterns of one namespace (app), in slices of GROUP_SIZE."""
    by_namespace: dict[str, list[tuple[str, str]]] = {}
    for route, name in _patterns():
        namespace = name.split(":", 1)[0] if name and ":" in name else "root"
        by_namespace.setdefault(namespace, []).append((route, name))
    groups = {}
    for namespace, patterns in sorted(by_namespace.items()):
        for start in range(0, len(patterns), GROUP_SIZE):
            groups[f"{namespace}-{start // GROUP_SIZE + 1}"] = patterns[start : start + GROUP_SIZE]
    return groups


GROUPS = _groups()
MALFORMED_PERSONAS = ("anonymous", "vendor_admin", "lpse_head")


def _walk(client: Client, persona: str, user, patterns: list[tuple[str, str]], part: str) -> list[str]:
    failures: list[str] = []

    def check(method: str, url: str, **kwargs) -> None:
        response = getattr(client, method)(url, **kwargs)
        if response.status_code >= 500:
            failures.append(f"{persona} {method.upper()} {url[:200]!r}: {response.status_code}")

    def relogin() -> None:
        if user is not None and "_auth_user_id" not in client.session:
            login(client, user)

    queries = _query_strings(part)
    posts = [dict.fromkeys(POST_NAMES, value) for value in POST_VALUES[part]]
    for route, name in patterns:
        sensible, *malformed = _paths(route, part)
        for path in [sensible, *malformed] if part == ENGINE else malformed:  # the sensible path once
            check("get", path)
        # the lists and searches (no path value) read the query string; an object's page gets a few of its values
        for query in queries if not malformed else queries[: 3 if part == ENGINE else 1]:
            check("get", f"{sensible}?{query}")
        if name in SKIP_POST:
            continue
        # malformed fields reach the form only on a path that resolves: the sensible one
        for data in posts:
            check("post", sensible, data=data)
            relogin()
    return failures


@pytest.fixture
def personas(db, module_personas):
    """The personas are made once for this module (conftest `module_db`); each test runs in a savepoint inside it."""
    return module_personas


# One test per persona, group of URLs and part of the values, so that parallel workers share the walk (every URL
# pattern is in exactly one group); a test walks its URLs in order with one client, as a person would.
@pytest.mark.django_db
@pytest.mark.parametrize("part", [ENGINE, pytest.param(PAGES, marks=pytest.mark.walk)])
@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("persona", MALFORMED_PERSONAS)
def test_no_server_error_from_malformed_input(personas, persona, group, part):
    client = Client(raise_request_exception=False)
    user = personas[persona]
    if user is not None:
        login(client, user)
    failures = _walk(client, persona, user, GROUPS[group], part)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])


# --- the three causes the issue names, one by one ---------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["vendor_admin", "lpse_head"])
def test_history_of_a_model_with_uuid_keys_and_a_bad_uuid_is_not_a_server_error(client, personas, persona):
    login(client, personas[persona])
    response = client.get("/audit/riwayat/django_tasks_database.dbtaskresult/not-a-uuid/")
    # a vendor has no audit trail to read; an auditor finds no such object of their organisation
    assert response.status_code == {"vendor_admin": 403, "lpse_head": 404}[persona]


@pytest.mark.django_db
def test_history_of_a_model_outside_any_organisation_is_not_found(client, personas):
    from django.contrib.auth.models import Permission

    login(client, personas["lpse_head"])
    permission = Permission.objects.first()
    assert client.get(f"/audit/riwayat/auth.permission/{permission.pk}/").status_code == 404


@pytest.mark.django_db
def test_case_list_with_a_huge_sop_number_shows_no_case(client, personas):
    login(client, personas["lpse_head"])
    response = client.get("/sop/kasus/", {"sop": HUGE})
    assert response.status_code == 200
    assert response.context["page"].items == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [[HUGE, int(HUGE)], ["\x00", "\x00"], ["9999-99-99T99:99:99", 1], ["2026-01-01T00:00:00", 1], [None, {"a": 1}]],
    ids=["huge", "nul", "bad-date", "naive-date", "wrong-types"],
)
def test_a_forged_cursor_shows_the_first_page(client, personas, values):
    login(client, personas["lpse_head"])
    response = client.get("/audit/", {"cursor": _cursor(values)})
    assert response.status_code == 200
    assert response.context["page"].items  # the personas' creation is audited: the first page is not empty


def test_an_id_in_the_path_past_the_database_range_is_not_found(rf):
    from django.http import Http404

    from sopan.core.middleware import MalformedInputMiddleware

    middleware = MalformedInputMiddleware(lambda request: None)
    request = rf.get("/")
    assert middleware.process_view(request, lambda r: None, (), {"pk": 2**63 - 1}) is None
    with pytest.raises(Http404):
        middleware.process_view(request, lambda r: None, (), {"pk": 2**63})
    with pytest.raises(Http404):
        middleware.process_view(request, lambda r: None, (), {"pk": 1, "other": -(2**63) - 1})


@pytest.mark.django_db
def test_a_nul_character_in_path_query_or_form_is_refused_with_a_message(client, organization):
    # PostgreSQL refuses NUL in any text: it used to fail wherever it reached a query (a ticket token, a login name)
    client.raise_request_exception = False
    responses = [
        client.get(f"/bantuan/{organization.slug}/t/a%00b/"),
        client.get("/sop/kasus/", {"q": NUL}),
        client.post("/akun/masuk/", {"username": NUL, "password": "x" * 12}),
    ]
    assert [r.status_code for r in responses] == [400, 400, 400]
    assert "Permintaan tidak dapat dipahami" in responses[0].content.decode()


@pytest.mark.django_db
def test_a_login_name_longer_than_any_user_id_is_a_form_error(client):
    # axes records the failed name in a 255-character column: PostgreSQL refused the record with a server error
    client.raise_request_exception = False
    response = client.post("/akun/masuk/", {"username": "x" * 3000, "password": "x" * 12})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
