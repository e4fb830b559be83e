"""Every URL of the project, as every persona: the status each gets is the one the matrix declares."""

from __future__ import annotations

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.core.models import CalendarDay
from sopan.core.testing import login
from sopan.core.tests.matrix import Route

pytestmark = pytest.mark.walk  # CI runs the walks on PostgreSQL only (docs/operations.md, CI time)

# Django's admin is for platform superusers only; none of the personas gets past its login.
ADMIN_NAMESPACE = "admin"


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def _routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("sopan."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix_routes")
        except ModuleNotFoundError:
            continue
        for route in module.ROUTES:
            assert route.name not in routes, f"{route.name} is classified twice"
            routes[route.name] = route
    return routes


ROUTES = _routes()
PERSONAS = [
    "anonymous",
    "vendor_admin",
    "verifier",
    "registration_officer",
    "helpdesk_agent",
    "lpse_head",
    "ukpbj_head",
    "ppk",
    "pokja",
    "system_admin",
    "auditor",
    "outsider",
]


def test_every_url_is_classified():
    unclassified = sorted(n for n in _all_url_names() if not n.startswith(f"{ADMIN_NAMESPACE}:") and n not in ROUTES)
    assert not unclassified, f"add these URLs to a matrix_routes.py: {unclassified}"
    stale = sorted(set(ROUTES) - _all_url_names())
    assert not stale, f"matrix rows for URLs that no longer exist: {stale}"


# The matrix's data — the personas, their sessions and every object a route names — is made once for this module, in
# the module's transaction (conftest `module_db`); each case runs in a savepoint inside it, rolled back after it, so a
# POST of one case leaves nothing for the next. The routes' `kwargs` make their objects on first use and keep them in
# the data, so all of them are made here, before the first case, never inside a case whose savepoint would undo them.
@pytest.fixture(scope="module")
def _matrix(module_db, module_personas):
    with module_db.unblock():
        organization = module_personas["verifier"].organization
        verifier = organization.users.get(username="verifikator")
        data = {
            "organization": organization,
            "unit": organization.units.get(code="LPSE"),
            "user": verifier,
            "assignment": verifier.role_assignments.get(role="verifier"),
            "calendar_day": CalendarDay.objects.create(
                organization=organization, date=datetime.date(2026, 7, 24), reason="Hari Jadi Kota Salatiga"
            ),
        }
        for route in ROUTES.values():
            if route.kwargs:
                route.kwargs(data)
        # one logged-in session per persona (as after 2FA where the role asks for it), reused by every case
        sessions = {}
        for persona, user in module_personas.items():
            if user is not None:
                session_client = Client()
                login(session_client, user)
                sessions[persona] = session_client.cookies[settings.SESSION_COOKIE_NAME].value
    return data, sessions


@pytest.fixture
def personas(db, module_personas):
    return module_personas


@pytest.fixture
def matrix_data(db, _matrix):
    return _matrix[0]


TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", list(ROUTES.values()), ids=lambda r: r.name)
def test_role_matrix(client, personas, matrix_data, _matrix, route: Route, persona: str):
    if personas[persona] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = _matrix[1][persona]  # logged in as by `login`
    url = reverse(route.name, kwargs=route.kwargs(matrix_data) if route.kwargs else None) + route.query
    response = getattr(client, route.method)(url, data=route.data or {})
    assert response.status_code == route.status_for(persona), (
        f"{persona} {route.method.upper()} {url}: got {response.status_code}, expected {route.status_for(persona)}"
    )
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        # a page's title is text: markup there (a block left open, a section pasted into it) shows on the page
        title = TITLE.search(response.content.decode())
        assert title is None or "<" not in title.group(1), f"{url}: markup in the <title>: {title.group(1)[:120]}"


# The state "password only, device not yet verified" (issue 13 §1), for every persona with a confirmed authenticator:
# each staff persona, the outsider, and the vendor administrator here given one (vendors may opt in). Such a session
# reaches verification and logout, plus what the middleware leaves open to everyone by design: the language switch
# (the verification page must be readable in one's language; it changes only how pages are shown) and the health
# check (no data). Every other URL of the matrix must lead to verification. One test per persona walks all routes:
# a few seconds each, instead of thousands of parametrised cases.
OPEN_BEFORE_VERIFICATION = {"accounts:two-factor-verify", "accounts:logout", "core:language", "core:healthz"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_password_only_session_leads_only_to_verification(client, personas, matrix_data, persona: str):
    # Given a person with a confirmed authenticator who has given the password but no code yet
    user = personas[persona]
    TOTPDevice.objects.get_or_create(user=user, name="authenticator", defaults={"confirmed": True})
    client.force_login(user)
    verify = reverse("accounts:two-factor-verify")

    # When the session asks for any URL of the matrix, it is sent to verification
    missed = []
    for route in ROUTES.values():
        if route.name in OPEN_BEFORE_VERIFICATION:
            continue
        url = reverse(route.name, kwargs=route.kwargs(matrix_data) if route.kwargs else None) + route.query
        response = getattr(client, route.method)(url, data=route.data or {})
        if response.status_code != 302 or not response["Location"].startswith(verify):
            missed.append(f"{route.method.upper()} {url}: {response.status_code} {response.get('Location', '')}")
    assert not missed, f"{persona} without the second factor got past verification:\n" + "\n".join(missed)
    assert set(OPEN_BEFORE_VERIFICATION) <= set(ROUTES), "a view left open is no longer in the matrix"

    # Then what is left open answers, and the session is still not verified after all of it
    assert client.get(verify).status_code == 200
    assert client.get(reverse("core:healthz")).status_code == 200
    switched = client.post(reverse("core:language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302 and client.get(switched["Location"])["Location"].startswith(verify)
    logged_out = client.post(reverse("accounts:logout"))
    assert logged_out.status_code == 302 and "_auth_user_id" not in client.session


@pytest.mark.parametrize("persona", ["anonymous", "lpse_head", "verifier"])
def test_django_admin_is_closed_to_personas(client, personas, persona):
    if personas[persona] is not None:
        login(client, personas[persona])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
