"""The second factor cannot be skipped (issue 13 §1): before verification a person with an authenticator can only
verify or log out; changing the authenticator or the recovery codes needs a verified session and a fresh code."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts.services import two_factor
from sopan.core.models import AuditEvent
from sopan.core.testing import login, run_background_tasks

LOGIN = "/akun/masuk/"
SETUP = "/akun/2fa/pasang/"
VERIFY = "/akun/2fa/verifikasi/"
RECOVERY = "/akun/2fa/kode-pemulihan/"
DISABLE = "/akun/2fa/matikan/"
PASSWORD = "sopan-demo-2026"  # the demo personas' password (sopan.accounts.demo)


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


def _with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def _password_only(client, user) -> None:
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def _begin_setup(client, user) -> TOTPDevice:
    assert client.get(SETUP).status_code == 200
    return TOTPDevice.objects.get(user=user, confirmed=False)


def _events(action: str, user) -> int:
    return AuditEvent.objects.filter(action=action, target_id=str(user.pk)).count()


def _mails_to(user) -> list:
    run_background_tasks()
    return [m for m in mail.outbox if m.to == [user.email]]


# --- before verification: verify or log out, nothing else -------------------------------------------------------
@pytest.mark.parametrize("username", ["admin.sistem", "auditor"])
def test_password_only_session_cannot_enrol_a_new_authenticator_and_pass(client, personas, username):
    # Given a staff person with a confirmed authenticator; the attacker knows only the password
    person = next(p for p in personas.values() if p and p.username == username)
    real = _with_device(person)
    _password_only(client, person)

    # When the attacker opens the set-up page, it leads to verification, not to a new authenticator
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=person, confirmed=False).exists()

    # and a device the attacker slipped in cannot be confirmed from this session either
    planted = TOTPDevice.objects.create(user=person, name="authenticator", confirmed=False)
    session = client.session
    session["sopan_totp_setup_device"] = planted.pk
    session.save()
    response = client.post(SETUP, {"token": _code(planted)})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)

    # Then nothing protected opens, and the real authenticator is still there
    for url in ("/audit/", "/organisasi/", "/organisasi/pengguna/", "/akun/profil/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    assert TOTPDevice.objects.filter(pk=real.pk, confirmed=True).exists()
    planted.refresh_from_db()
    assert not planted.confirmed


def test_enrolment_service_refuses_a_session_that_did_not_pass_the_second_factor(system_admin_with_device):
    person, _real = system_admin_with_device
    new = two_factor.totp_enroll_begin(user=person)
    with pytest.raises(PermissionDenied):
        two_factor.totp_enroll_confirm(device=new, token=_code(new), proof="", by=person)
    assert TOTPDevice.objects.filter(user=person, confirmed=True).count() == 1


def test_vendor_who_opted_in_must_verify_too(client, vendor_admin):
    device = _with_device(vendor_admin)
    _password_only(client, vendor_admin)
    for url in ("/", "/akun/profil/", SETUP):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    response = client.post(DISABLE)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client.post(VERIFY, {"token": _code(device)})
    assert client.get("/").status_code == 200


def test_recovery_codes_cannot_be_regenerated_with_the_password_only(client, verifier):
    _with_device(verifier)
    device = TOTPDevice.objects.get(user=verifier)
    codes = two_factor.recovery_codes_regenerate(user=verifier, by=_verified(verifier), proof=_code(device))
    _password_only(client, verifier)
    response = client.post(RECOVERY)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert StaticDevice.objects.get(user=verifier).token_set.filter(token=codes[0]).exists()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the wrapped request or call leaves for after its commit (the mail task is enqueued then)."""
    return django_capture_on_commit_callbacks


def _verified(user):
    """The user as a view sees them after passing the second factor (OTPMiddleware's `is_verified`)."""
    user.is_verified = lambda: True
    return user


@pytest.fixture
def system_admin_with_device(personas):
    person = personas["system_admin"]
    person.is_verified = lambda: False
    return person, _with_device(person)


# --- session key -------------------------------------------------------------------------------------------------
def test_session_key_rotates_when_the_code_passes(client, verifier):
    device = _with_device(verifier)
    _password_only(client, verifier)
    before = client.session.session_key
    response = client.post(VERIFY, {"token": _code(device)})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get("/").status_code == 200


def test_session_key_rotates_when_the_first_authenticator_is_confirmed(client, verifier):
    _password_only(client, verifier)
    device = _begin_setup(client, verifier)
    before = client.session.session_key
    response = client.post(SETUP, {"token": _code(device)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert client.session.session_key != before
    assert client.get("/").status_code == 200


# --- messages ----------------------------------------------------------------------------------------------------
def test_one_wrong_code_is_called_wrong_not_too_many(client, verifier):
    _with_device(verifier)
    _password_only(client, verifier)
    response = client.post(VERIFY, {"token": "123456"})
    error = response.context["form"].errors["token"][0]
    assert "Terlalu banyak" not in error
    assert "Kode itu salah" in error


def test_throttling_message_only_when_really_throttled(client, verifier):
    device = _with_device(verifier)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )  # five wrong codes in a row just now: 16 seconds to wait
    _password_only(client, verifier)
    response = client.post(VERIFY, {"token": _code(device)})
    assert "Terlalu banyak kode salah berturut-turut" in response.context["form"].errors["token"][0]
    assert not client.session.get("otp_device_id")


# --- changing the authenticator: a verified session and a fresh code -------------------------------------------------
def test_replacing_the_authenticator_needs_a_code_from_the_current_one(client, verifier, committed):
    # Given a verifier who passed the second factor
    login(client, verifier)
    old = TOTPDevice.objects.get(user=verifier, confirmed=True)
    new = _begin_setup(client, verifier)

    # When he confirms the new app without a code from the current one, nothing changes
    response = client.post(SETUP, {"token": _code(new)})
    assert response.status_code == 200 and "proof" in response.context["form"].errors
    wrong = client.post(SETUP, {"token": _code(new), "proof": "000000"})
    assert "Kode itu salah" in wrong.context["form"].errors["proof"][0]
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    assert _events("accounts.two_factor.replaced", verifier) == 0

    # When he gives the current code too, the new authenticator replaces the old one
    TOTPDevice.objects.filter(pk=old.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    with committed(execute=True):
        response = client.post(SETUP, {"token": _code(new), "proof": _code(old)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10

    # Then only the new one is left, the change is audited and he is told by mail
    assert list(TOTPDevice.objects.filter(user=verifier).values_list("pk", flat=True)) == [new.pk]
    assert _events("accounts.two_factor.replaced", verifier) == 1
    sent = _mails_to(verifier)
    assert len(sent) == 1 and "aplikasi autentikator" in sent[0].body.lower()


def test_a_recovery_code_may_stand_in_for_the_current_code(client, verifier):
    login(client, verifier)
    codes = two_factor.recovery_codes_regenerate(
        user=verifier, by=_verified(verifier), proof=_code(TOTPDevice.objects.get(user=verifier))
    )
    mail.outbox.clear()
    new = _begin_setup(client, verifier)
    response = client.post(SETUP, {"token": _code(new), "proof": codes[3]})
    assert response.status_code == 200 and "codes" in response.context
    assert TOTPDevice.objects.get(user=verifier, confirmed=True).pk == new.pk


def test_a_wrong_new_code_does_not_use_up_the_current_code(client, verifier):
    login(client, verifier)
    old = TOTPDevice.objects.get(user=verifier, confirmed=True)
    new = _begin_setup(client, verifier)
    proof = _code(old)
    wrong = client.post(SETUP, {"token": "000000", "proof": proof})
    assert wrong.context["form"].errors["token"]
    response = client.post(SETUP, {"token": _code(new), "proof": proof})
    assert response.status_code == 200 and "codes" in response.context


def test_new_recovery_codes_need_a_fresh_code(client, verifier, committed):
    login(client, verifier)
    device = TOTPDevice.objects.get(user=verifier, confirmed=True)
    refused = client.post(RECOVERY, {"proof": ""})
    assert refused.status_code == 302 and refused["Location"] == "/akun/profil/"
    assert not StaticDevice.objects.filter(user=verifier).exists()
    assert _events("accounts.two_factor.recovery_codes_regenerated", verifier) == 0

    with committed(execute=True):
        response = client.post(RECOVERY, {"proof": _code(device)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert _events("accounts.two_factor.recovery_codes_regenerated", verifier) == 1
    assert len(_mails_to(verifier)) == 1


def test_vendor_turns_two_factor_off_only_with_a_fresh_code(client, vendor_admin, committed):
    device = _with_device(vendor_admin)
    _password_only(client, vendor_admin)
    client.post(VERIFY, {"token": _code(device)})
    assert client.get("/").status_code == 200

    client.post(DISABLE, {"proof": "999999"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    with committed(execute=True):
        response = client.post(DISABLE, {"proof": _code(device, offset=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=vendor_admin).exists()
    assert _events("accounts.two_factor.disabled", vendor_admin) == 1
    assert len(_mails_to(vendor_admin)) == 1


def test_administrator_reset_is_mailed_to_the_person(lpse_head, verifier, committed):
    _with_device(verifier)
    with committed(execute=True):
        two_factor.two_factor_reset(user=verifier, by=lpse_head)
    assert not TOTPDevice.objects.filter(user=verifier).exists()
    assert len(_mails_to(verifier)) == 1


def test_no_one_resets_their_own_authenticator_through_the_administrator_path(lpse_head):
    _with_device(lpse_head)
    with pytest.raises(PermissionDenied):
        two_factor.two_factor_reset(user=lpse_head, by=lpse_head)
    assert TOTPDevice.objects.filter(user=lpse_head).exists()


def test_first_authenticator_is_audited_and_mailed(client, verifier, committed):
    _password_only(client, verifier)
    device = _begin_setup(client, verifier)
    with committed(execute=True):
        client.post(SETUP, {"token": _code(device)})
    assert _events("accounts.two_factor.enabled", verifier) == 1
    assert len(_mails_to(verifier)) == 1


def test_my_account_offers_the_changes_with_a_field_for_the_current_code(client, verifier, vendor_admin):
    login(client, verifier)
    html = client.get("/akun/profil/").content.decode()
    assert 'name="proof"' in html and f'href="{SETUP}"' in html and f'formaction="{DISABLE}"' not in html
    client.logout()
    device = _with_device(vendor_admin)
    _password_only(client, vendor_admin)
    client.post(VERIFY, {"token": _code(device)})
    assert f'formaction="{DISABLE}"' in client.get("/akun/profil/").content.decode()  # vendors may turn it off
