"""Logging in: lockout, two-factor authentication, sessions, language, security headers."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts import services
from sopan.accounts.services import two_factor
from sopan.core.models import AuditEvent
from sopan.core.testing import login

LOGIN = "/akun/masuk/"
PASSWORD = "sopan-demo-2026"  # the demo personas' password (sopan.accounts.demo)


def _fail(client, username, times, addr="127.0.0.1"):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "salah-sekali-ini"}, REMOTE_ADDR=addr)


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


# --- lockout ------------------------------------------------------------------------------------------------------
def test_wrong_password_says_so_and_counts_toward_lockout(client, verifier):
    response = client.post(LOGIN, {"username": "verifikator", "password": "bukan-ini"})
    assert response.status_code == 200
    assert "5" in response.context["form"].non_field_errors()[0]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, verifier):
    _fail(client, "verifikator", 5, addr="10.0.0.1")
    response = client.post(LOGIN, {"username": "verifikator", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


@pytest.mark.every_persona
def test_one_address_failing_across_accounts_is_locked_out(client, personas):
    for username in ("verifikator", "helpdesk", "ppk", "pokja", "auditor"):
        _fail(client, username, 1, addr="10.9.9.9")
    response = client.post(LOGIN, {"username": "kepala.ukpbj", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    other_address = client.post(LOGIN, {"username": "kepala.ukpbj", "password": PASSWORD}, REMOTE_ADDR="10.9.9.8")
    assert other_address.status_code == 302


def test_administrator_unlock_lets_the_person_in_again(client, verifier, lpse_head):
    _fail(client, "verifikator", 5)
    assert client.post(LOGIN, {"username": "verifikator", "password": PASSWORD}).status_code == 429
    services.user_unlock(user=verifier, by=lpse_head)
    response = client.post(LOGIN, {"username": "verifikator", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.user.unlocked", target_id=str(verifier.pk)).exists()


# --- two-factor authentication ------------------------------------------------------------------------------------
def test_staff_is_sent_to_set_up_2fa_on_first_login(client, verifier):
    response = client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/2fa/pasang/")
    assert client.get("/audit/").status_code == 302  # nothing else is reachable before 2FA


def test_staff_sets_up_2fa_and_gets_recovery_codes(client, verifier):
    client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    client.get("/akun/2fa/pasang/")
    device = TOTPDevice.objects.get(user=verifier, confirmed=False)
    wrong = client.post("/akun/2fa/pasang/", {"token": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    response = client.post("/akun/2fa/pasang/", {"token": _code(device), "next": "/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.two_factor.enabled", target_id=str(verifier.pk)).exists()


def _with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_staff_with_device_must_enter_a_code(client, verifier):
    device = _with_device(verifier)
    client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    assert client.get("/")["Location"].startswith("/akun/2fa/verifikasi/")
    bad = client.post("/akun/2fa/verifikasi/", {"token": "123456"})
    assert bad.status_code == 200 and "Kode itu salah" in bad.context["form"].errors["token"][0]
    right_away = client.post("/akun/2fa/verifikasi/", {"token": _code(device)})
    assert "Terlalu banyak kode salah" in right_away.context["form"].errors["token"][0]  # throttled after a failure
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timezone.timedelta(seconds=10)
    )  # a moment later
    good = client.post("/akun/2fa/verifikasi/", {"token": _code(device), "next": "/audit/"})
    assert good.status_code == 302 and good["Location"] == "/audit/"
    assert client.get("/").status_code == 200


def test_recovery_code_works_once(client, verifier):
    device = _with_device(verifier)
    verifier.is_verified = lambda: True  # as after passing the second factor, which the service asks for
    codes = two_factor.recovery_codes_regenerate(user=verifier, proof=_code(device), by=verifier)
    client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    assert client.post("/akun/2fa/verifikasi/", {"token": codes[0]}).status_code == 302
    client.post("/akun/keluar/")
    client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    again = client.post("/akun/2fa/verifikasi/", {"token": codes[0]})
    assert again.status_code == 200 and again.context["form"].errors["token"]


def test_next_parameter_cannot_send_people_elsewhere(client, verifier):
    device = _with_device(verifier)
    client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    response = client.post("/akun/2fa/verifikasi/", {"token": _code(device), "next": "https://jahat.example/"})
    assert response["Location"] == "/"


def test_vendor_is_not_forced_into_2fa_but_may_turn_it_on(client, vendor_admin):
    assert client.post(LOGIN, {"username": "penyedia.admin", "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/akun/2fa/pasang/").status_code == 200


def test_staff_cannot_turn_2fa_off(client, verifier):
    login(client, verifier)
    client.post("/akun/2fa/matikan/")
    assert TOTPDevice.objects.filter(user=verifier).exists()


def test_administrator_resets_a_lost_authenticator(client, verifier, lpse_head):
    _with_device(verifier)
    two_factor.two_factor_reset(user=verifier, by=lpse_head)
    client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    assert client.get("/")["Location"].startswith("/akun/2fa/pasang/")


# --- sessions, CSRF and headers -----------------------------------------------------------------------------------
def test_session_expires_after_thirty_idle_minutes_and_each_request_extends_it(client, verifier, settings):
    login(client, verifier)
    client.get("/")
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert 29 * 60 < remaining <= 30 * 60
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


def test_idle_expiry_moves_forward_at_most_once_a_minute(client, verifier, monkeypatch):
    """The session is written when its last write is a minute old, not on every request (one UPDATE less a page)."""
    import time

    from sopan.accounts import middleware

    login(client, verifier)
    client.get("/")
    key = client.session.session_key
    soon = timezone.now() + timezone.timedelta(minutes=10)
    Session.objects.filter(pk=key).update(expire_date=soon)
    client.get("/")
    assert Session.objects.get(pk=key).expire_date == soon  # within the minute: not written
    later = time.time() + middleware.IdleSessionMiddleware.EVERY_SECONDS
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    client.get("/")
    remaining = (Session.objects.get(pk=key).expire_date - timezone.now()).total_seconds()
    assert 29 * 60 < remaining <= 30 * 60  # a minute on: moved forward by the full idle time


def test_anonymous_request_writes_no_session(client, db):
    client.get(LOGIN)
    assert not Session.objects.exists()


def test_post_without_csrf_token_is_refused(verifier):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "verifikator", "password": PASSWORD})
    assert response.status_code == 403


def test_security_headers_and_strict_csp(client):
    response = client.get(LOGIN)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode() and " style=" not in response.content.decode()


# --- language -----------------------------------------------------------------------------------------------------
def test_indonesian_is_the_default_whatever_the_browser_says(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()


def test_language_choice_is_kept_on_the_account(client, verifier):
    login(client, verifier)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    verifier.refresh_from_db()
    assert verifier.language == "en"
    client.cookies.clear()
    login(client, verifier)
    assert client.get("/")["Content-Language"] == "en"


def test_a_request_leaves_no_language_behind_for_the_next_one(client, verifier):
    login(client, verifier)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    client.get("/")
    assert translation.get_language() == "id"


def test_anonymous_language_choice_uses_a_cookie(client):
    client.post("/bahasa/", {"language": "en", "next": "/akun/masuk/"})
    assert client.get(LOGIN)["Content-Language"] == "en"


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/bahasa/", {"language": "en", "next": "https://jahat.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("language", ["id", "en"])
def test_not_found_page_is_friendly_in_the_chosen_language(client, settings, language):
    client.cookies["sopan_language"] = language
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert response.templates[0].name == "errors/404.html"
    title = {"id": "Halaman tidak ditemukan", "en": "Page not found"}[language]
    assert title in response.content.decode()


def test_login_is_audited(client, vendor_admin):
    client.post(LOGIN, {"username": "penyedia.admin", "password": PASSWORD}, REMOTE_ADDR="10.7.7.7")
    event = AuditEvent.objects.get(action="accounts.user.logged_in")
    assert event.actor == vendor_admin and event.ip_address == "10.7.7.7"


def test_health_check_answers(client, db):
    assert client.get(reverse("core:healthz")).json() == {"status": "ok"}
