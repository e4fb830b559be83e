"""Organisation administration screens: settings, units, users, role assignments (views_admin.py).

Who may reach which screen is the role matrix's job (sopan/core/tests/test_role_matrix.py); these tests follow each
screen's behaviour, bad input included, as a Kepala LPSE of Salatiga (or the outsider, Batang's Kepala LPSE).
"""

from __future__ import annotations

import datetime
import io
import os
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from PIL import Image

from sopan.accounts import separation, services
from sopan.accounts.models import Organization, OrgUnit, RoleAssignment, User
from sopan.accounts.tests.factories import UserFactory
from sopan.core.models import AuditEvent
from sopan.core.testing import login, run_background_tasks

PASSWORD = "sopan-demo-2026"  # the demo personas' password (sopan.accounts.demo)


@pytest.fixture
def admin_client(client, lpse_head):
    """The Kepala LPSE, with the interface in English so that assertions read the msgids whatever is translated."""
    User.objects.filter(pk=lpse_head.pk).update(language="en")
    login(client, lpse_head)
    with translation.override("en"):  # also for lazy messages read from the response context after the request
        yield client


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _settings_data(organization: Organization, **changes) -> dict:
    data = {
        "name": organization.name,
        "timezone": organization.timezone,
        "address": organization.address,
        "letterhead": organization.letterhead,
        "password_min_length": organization.password_min_length,
    }
    return {**data, **changes}


def _image(fmt: str, size=(40, 20), noise: bool = False) -> bytes:
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise else Image.new("RGB", size, "red")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


# --- organisation settings -----------------------------------------------------------------------------------------
def test_lpse_head_changes_the_organisation_settings(admin_client, organization):
    data = _settings_data(
        organization, timezone="Asia/Makassar", password_min_length=14, letterhead="PEMERINTAH KOTA SALATIGA\nLPSE"
    )

    response = admin_client.post(reverse("accounts:organization-settings"), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.timezone, organization.password_min_length) == ("Asia/Makassar", 14)
    assert organization.letterhead_lines == ["PEMERINTAH KOTA SALATIGA", "LPSE"]
    event = AuditEvent.objects.get(action="accounts.organization.updated")
    assert event.changes["timezone"] == ["Asia/Jakarta", "Asia/Makassar"]


def test_settings_page_shows_the_form_and_the_test_mail_button(admin_client, organization):
    response = admin_client.get(reverse("accounts:organization-settings"))

    assert response.status_code == 200
    page = response.content.decode()
    assert organization.name in page
    assert 'enctype="multipart/form-data"' in page
    assert reverse("accounts:organization-test-mail") in page


def test_password_minimum_below_twelve_is_refused(admin_client, organization):
    response = admin_client.post(
        reverse("accounts:organization-settings"), _settings_data(organization, password_min_length=8)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password_min_length"]
    organization.refresh_from_db()
    assert organization.password_min_length == 12


def test_a_real_png_logo_is_stored_under_a_png_name(admin_client, organization, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("logo-kota.png", _image("PNG"), content_type="image/png")

    with django_capture_on_commit_callbacks(execute=True) as written:  # the file is written when the change commits
        response = admin_client.post(
            reverse("accounts:organization-settings"), {**_settings_data(organization), "logo": upload}
        )

    assert response.status_code == 302
    assert written, "the logo is written by an on-commit hook"
    organization.refresh_from_db()
    assert re.fullmatch(r"organizations/logos/[0-9a-f]{32}/logo\.png", organization.logo.name)
    with organization.logo.open("rb") as stored:
        assert Image.open(stored).format == "PNG"
    served = admin_client.get(reverse("accounts:organization-logo", kwargs={"slug": organization.slug}))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == _image("PNG")


def test_a_jpeg_named_like_a_web_page_is_stored_as_jpg(admin_client, organization):
    upload = SimpleUploadedFile("logo.html", _image("JPEG"), content_type="text/html")

    response = admin_client.post(
        reverse("accounts:organization-settings"), {**_settings_data(organization), "logo": upload}
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name.endswith(".jpg")


def test_a_text_file_renamed_png_is_rejected(admin_client, organization):
    upload = SimpleUploadedFile("logo.png", b"<script>alert('hi')</script>\n", content_type="image/png")

    response = admin_client.post(
        reverse("accounts:organization-settings"), {**_settings_data(organization), "logo": upload}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [
        "The logo must be a PNG or JPEG image. This file is not one, or it is damaged."
    ]
    organization.refresh_from_db()
    assert not organization.logo


def test_an_image_other_than_png_or_jpeg_is_rejected(admin_client, organization):
    upload = SimpleUploadedFile("logo.png", _image("GIF"), content_type="image/png")

    response = admin_client.post(
        reverse("accounts:organization-settings"), {**_settings_data(organization), "logo": upload}
    )

    assert "PNG or JPEG" in response.context["form"].errors["logo"][0]
    organization.refresh_from_db()
    assert not organization.logo


def test_a_logo_over_one_megabyte_is_rejected(admin_client, organization):
    content = _image("PNG", size=(700, 700), noise=True)
    assert len(content) > 1024 * 1024

    response = admin_client.post(
        reverse("accounts:organization-settings"),
        {**_settings_data(organization), "logo": SimpleUploadedFile("logo.png", content)},
    )

    assert "at most 1" in response.context["form"].errors["logo"][0]
    organization.refresh_from_db()
    assert not organization.logo


def test_the_logo_can_be_removed(admin_client, organization, lpse_head):
    services.organization_update(
        organization=organization, by=lpse_head, logo=SimpleUploadedFile("logo.png", _image("PNG"))
    )

    response = admin_client.post(
        reverse("accounts:organization-settings"), {**_settings_data(organization), "remove_logo": "on"}
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert not organization.logo


def test_a_rejected_form_does_not_show_its_values_as_saved(admin_client, organization):
    response = admin_client.post(
        reverse("accounts:organization-settings"), _settings_data(organization, name="Kota Baru", password_min_length=3)
    )

    assert response.status_code == 200
    assert response.context["organization"].name == "Pemerintah Kota Salatiga"
    organization.refresh_from_db()
    assert organization.name == "Pemerintah Kota Salatiga"


def test_verifier_cannot_change_the_settings(client, verifier, organization):
    login(client, verifier)

    response = client.post(reverse("accounts:organization-settings"), _settings_data(organization, name="X"))

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Pemerintah Kota Salatiga"


def test_test_mail_is_queued_and_delivered_to_the_acting_user(
    admin_client, lpse_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("accounts:organization-test-mail"), follow=True)

    assert any(lpse_head.email in text for text in _messages(response))
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []  # not sent by the request: by the worker
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [[lpse_head.email]]


def test_test_mail_without_an_address_says_so_and_queues_nothing(
    admin_client, lpse_head, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=lpse_head.pk).update(email="")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("accounts:organization-test-mail"), follow=True)

    assert any("no e-mail address" in text for text in _messages(response))
    assert not DBTaskResult.objects.exists()


def test_test_mail_answers_only_post(admin_client):
    assert admin_client.get(reverse("accounts:organization-test-mail")).status_code == 405


# --- units -------------------------------------------------------------------------------------------------------
def test_unit_tree_is_indented_by_depth(admin_client):
    response = admin_client.get(reverse("accounts:unit-list"))

    page = response.content.decode()
    names = [unit.code for unit, _depth in response.context["tree"]]
    assert names.index("SETDA") < names.index("UKPBJ") < names.index("LPSE")
    assert 'class="fw-normal unit-depth-2"' in page  # LPSE under UKPBJ under SETDA
    assert "Layanan Pengadaan Secara Elektronik (LPSE)" in page


@pytest.mark.parametrize(
    ("name", "active"),
    [("organization-settings", "Organisation"), ("unit-list", "Units"), ("user-create", "Users and roles")],
)
def test_navigation_marks_only_the_current_screen(admin_client, name, active):
    response = admin_client.get(reverse(f"accounts:{name}"))

    assert [str(item["label"]) for item in response.context["nav_items"] if item["active"]] == [active]


def test_lpse_head_creates_a_sub_unit(admin_client, organization):
    lpse = organization.units.get(code="LPSE")

    response = admin_client.post(
        reverse("accounts:unit-create"),
        {"name": "Bidang Layanan", "code": "LPSE-LAYANAN", "kind": "lpse", "parent": lpse.pk},
    )

    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="LPSE-LAYANAN")
    assert (unit.organization, unit.parent, unit.is_active) == (organization, lpse, True)


def test_unit_code_already_used_is_refused_on_the_code_field(admin_client, organization):
    response = admin_client.post(
        reverse("accounts:unit-create"), {"name": "Another LPSE", "code": "lpse", "kind": "lpse"}
    )

    assert response.status_code == 200
    assert "already uses the code" in response.context["form"].errors["code"][0]
    assert organization.units.filter(name="Another LPSE").count() == 0


def test_parent_choices_are_the_own_organisations_units(admin_client, organization, other_organization):
    foreign = other_organization.units.get()

    form_page = admin_client.get(reverse("accounts:unit-create"))
    offered = {value for value, _label in form_page.context["form"].fields["parent"].choices if value}
    response = admin_client.post(
        reverse("accounts:unit-create"), {"name": "Unit", "code": "U-X", "kind": "other", "parent": foreign.pk}
    )

    assert offered == set(organization.units.values_list("pk", flat=True))
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert not OrgUnit.objects.filter(code="U-X").exists()


def test_a_unit_cannot_be_moved_under_its_own_sub_unit(admin_client, organization):
    setda, lpse = organization.units.get(code="SETDA"), organization.units.get(code="LPSE")  # LPSE is below SETDA
    url = reverse("accounts:unit-edit", kwargs={"pk": setda.pk})

    offered = {value for value, _label in admin_client.get(url).context["form"].fields["parent"].choices}
    response = admin_client.post(
        url, {"name": setda.name, "code": setda.code, "kind": setda.kind, "parent": lpse.pk, "is_active": "on"}
    )

    assert lpse.pk not in offered and setda.pk not in offered
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    setda.refresh_from_db()
    assert setda.parent is None


def test_lpse_head_renames_and_deactivates_a_unit(admin_client, organization):
    unit = organization.units.get(code="DINKES")

    response = admin_client.post(
        reverse("accounts:unit-edit", kwargs={"pk": unit.pk}),
        {"name": "Dinas Kesehatan Kota", "code": "DINKES", "kind": "agency", "parent": ""},
    )

    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.is_active) == ("Dinas Kesehatan Kota", False)


def test_outsider_cannot_edit_a_unit_of_another_organisation(client, outsider, organization):
    login(client, outsider)
    unit = organization.units.get(code="LPSE")

    response = client.post(
        reverse("accounts:unit-edit", kwargs={"pk": unit.pk}), {"name": "Diambil alih", "code": "LPSE", "kind": "lpse"}
    )

    assert response.status_code == 404
    unit.refresh_from_db()
    assert unit.name != "Diambil alih"


# --- users -------------------------------------------------------------------------------------------------------
@pytest.mark.every_persona
def test_user_list_shows_id_name_email_roles_and_status(admin_client, verifier):
    User.objects.filter(username="pokja").update(is_active=False)

    response = admin_client.get(reverse("accounts:user-list"))

    page = response.content.decode()
    assert "verifikator" in page and verifier.full_name in page and verifier.email in page
    assert "Verifier (Verifikator)" in page
    row = page[page.index(">pokja<") :]
    assert "Inactive" in row[: row.index("</tr>")]


def test_user_list_does_not_show_other_organisations(admin_client, outsider):
    response = admin_client.get(reverse("accounts:user-list"))

    assert outsider.username not in response.content.decode()


@pytest.mark.every_persona
def test_search_by_htmx_returns_only_the_results(admin_client):
    response = admin_client.get(reverse("accounts:user-list"), {"q": "verif"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "<html" not in page
    assert page.strip().startswith('<div id="user-results">')
    assert ">verifikator<" in page
    assert ">kepala.lpse<" not in page and ">pokja<" not in page
    assert "HX-Request" in response["Vary"]


@pytest.mark.every_persona
def test_search_without_htmx_renders_the_whole_page(admin_client):
    response = admin_client.get(reverse("accounts:user-list"), {"q": "kepala"})

    assert "<html" in response.content.decode()
    assert {u.username for u in response.context["page"].items} == {"kepala.lpse", "kepala.ukpbj"}


def test_user_list_pages_with_a_cursor(admin_client, organization):
    UserFactory.create_batch(55, organization=organization)

    first = admin_client.get(reverse("accounts:user-list"))
    cursor = first.context["page"].next_cursor
    second = admin_client.get(reverse("accounts:user-list"), {"cursor": cursor})

    assert len(first.context["page"].items) == 50
    assert f"cursor={cursor}" in first.content.decode()
    seen = [u.pk for u in first.context["page"].items + second.context["page"].items]
    assert len(seen) == len(set(seen)) == organization.users.count()
    assert not second.context["page"].has_next


def _users_with_roles(organization, count: int) -> None:
    unit = organization.units.get(code="DINKES")
    for user in UserFactory.create_batch(count, organization=organization):
        for role in ("commitment_officer", "performance_officer"):
            RoleAssignment.objects.create(
                organization=organization, user=user, role=role, unit=unit, valid_from=datetime.date(2025, 1, 1)
            )


def _user_list_queries(client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:user-list"))
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


def test_user_list_query_count_does_not_grow_with_the_number_of_users(admin_client, organization):
    _user_list_queries(admin_client)  # the session's first page reads the person and keeps them (identity.py)
    _users_with_roles(organization, 5)
    few, _sql = _user_list_queries(admin_client)
    _users_with_roles(organization, 20)

    many, sql = _user_list_queries(admin_client)

    assert many == few
    assert not [q for q in sql if "COUNT(" in q.upper()]


def test_lpse_head_creates_a_user_who_is_invited_by_mail(
    admin_client, organization, django_capture_on_commit_callbacks
):
    data = {
        "username": "budi.layanan",
        "full_name": "Budi Layanan",
        "email": "budi@salatiga.go.id",
        "nip": "198001012005011001",
        "phone": "0298 123456",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("accounts:user-create"), data)

    person = User.objects.get(username="budi.layanan")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user-detail", kwargs={"pk": person.pk})
    assert person.organization == organization and not person.has_usable_password()
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [["budi@salatiga.go.id"]]


@pytest.mark.every_persona
@pytest.mark.parametrize(("field", "value"), [("nip", "19800101"), ("email", ""), ("username", "verifikator")])
def test_user_creation_refuses_bad_input(admin_client, field, value):
    data = {"username": "baru", "full_name": "Orang Baru", "email": "baru@salatiga.go.id", "nip": "", "phone": ""}

    response = admin_client.post(reverse("accounts:user-create"), {**data, field: value})

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.filter(full_name="Orang Baru").exists()


@pytest.mark.every_persona
def test_user_id_taken_in_another_case_shows_the_service_message(admin_client):
    data = {"username": "VERIFIKATOR", "full_name": "Orang Baru", "email": "baru@salatiga.go.id"}

    response = admin_client.post(reverse("accounts:user-create"), data)

    assert response.context["form"].errors["username"] == ["The user ID VERIFIKATOR is already taken."]


def test_user_detail_shows_current_and_past_roles_with_their_decree(admin_client, verifier, organization, lpse_head):
    helpdesk = organization.units.get(code="LPSE")
    past = RoleAssignment.objects.create(
        organization=organization,
        user=verifier,
        role="helpdesk_agent",
        unit=helpdesk,
        valid_from=datetime.date(2024, 1, 2),
        valid_to=datetime.date(2025, 6, 30),
        decree_number="800/17/2024",
        decree_date=datetime.date(2023, 12, 20),
        end_reason="Moved to verification",
    )

    response = admin_client.get(reverse("accounts:user-detail", kwargs={"pk": verifier.pk}))

    page = response.content.decode()
    assert [a.role for a in response.context["current"]] == ["verifier"]
    assert response.context["past"] == [past]
    assert "800/17/2024" in page and "Moved to verification" in page and "30 June 2025" in page
    assert reverse("audit:history", kwargs={"model": "accounts.user", "pk": verifier.pk}) in page
    for name in ("user-edit", "user-unlock", "user-reset-2fa", "assignment-create"):
        assert reverse(f"accounts:{name}", kwargs={"pk": verifier.pk}) in page
    current = response.context["current"][0]
    assert reverse("accounts:assignment-end", kwargs={"pk": current.pk}) in page


def test_lpse_head_edits_a_user(admin_client, verifier):
    data = {
        "full_name": "Wulan Sari, S.E., M.M.",
        "email": "wulan@salatiga.go.id",
        "nip": "199001012015012002",
        "phone": "08123",
        "is_active": "on",
    }

    response = admin_client.post(reverse("accounts:user-edit", kwargs={"pk": verifier.pk}), data)

    assert response.status_code == 302
    verifier.refresh_from_db()
    assert (verifier.full_name, verifier.email, verifier.nip) == (data["full_name"], data["email"], data["nip"])
    assert AuditEvent.objects.filter(action="accounts.user.updated", target_id=str(verifier.pk)).exists()


def test_administrator_cannot_deactivate_their_own_account(admin_client, lpse_head):
    data = {"full_name": lpse_head.full_name, "email": lpse_head.email, "nip": "", "phone": ""}  # is_active off

    response = admin_client.post(reverse("accounts:user-edit", kwargs={"pk": lpse_head.pk}), data)

    assert response.status_code == 200
    assert response.context["form"].errors["is_active"] == ["You cannot deactivate your own account."]
    lpse_head.refresh_from_db()
    assert lpse_head.is_active


def test_unlock_lets_a_locked_out_person_log_in_again(admin_client, verifier):
    visitor = Client()
    for _ in range(5):
        visitor.post(reverse("accounts:login"), {"username": "verifikator", "password": "salah-lagi"})
    assert AccessAttempt.objects.filter(username="verifikator").exists()
    assert visitor.post(reverse("accounts:login"), {"username": "verifikator", "password": PASSWORD}).status_code == 429

    response = admin_client.post(reverse("accounts:user-unlock", kwargs={"pk": verifier.pk}), follow=True)

    assert any("unblocked" in text for text in _messages(response))
    assert not AccessAttempt.objects.filter(username="verifikator").exists()
    login_response = visitor.post(reverse("accounts:login"), {"username": "verifikator", "password": PASSWORD})
    assert login_response.status_code == 302
    assert visitor.session["_auth_user_id"] == str(verifier.pk)


def test_unlock_answers_only_post(admin_client, verifier):
    assert admin_client.get(reverse("accounts:user-unlock", kwargs={"pk": verifier.pk})).status_code == 405


def test_reset_two_factor_removes_the_authenticator_and_recovery_codes(admin_client, verifier):
    TOTPDevice.objects.create(user=verifier, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=verifier, name="recovery codes", confirmed=True)

    response = admin_client.post(reverse("accounts:user-reset-2fa", kwargs={"pk": verifier.pk}))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=verifier).exists()
    assert not StaticDevice.objects.filter(user=verifier).exists()
    assert AuditEvent.objects.filter(action="accounts.two_factor.reset", target_id=str(verifier.pk)).exists()


def test_administrator_cannot_reset_their_own_authenticator_here(admin_client, lpse_head):
    """Own authenticator: only with a fresh code from it, in My account (issue 13 §1), not by administrator rights."""
    url = reverse("accounts:user-reset-2fa", kwargs={"pk": lpse_head.pk})
    page = admin_client.get(reverse("accounts:user-detail", kwargs={"pk": lpse_head.pk}))
    assert url not in page.content.decode()

    response = admin_client.post(url, follow=True)

    assert "Replace your own authenticator app in My account" in response.content.decode()
    assert TOTPDevice.objects.filter(user=lpse_head, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="accounts.two_factor.reset", target_id=str(lpse_head.pk)).exists()


@pytest.mark.parametrize("name", ["user-detail", "user-edit", "user-unlock", "user-reset-2fa", "assignment-create"])
def test_outsider_gets_404_for_a_person_of_another_organisation(client, outsider, verifier, name):
    login(client, outsider)
    TOTPDevice.objects.create(user=verifier, name="authenticator", confirmed=True)

    response = client.post(reverse(f"accounts:{name}", kwargs={"pk": verifier.pk}))

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=verifier).exists()


def test_verifier_gets_403_on_the_user_screens(client, verifier, lpse_head):
    login(client, verifier)

    assert client.get(reverse("accounts:user-list")).status_code == 403
    assert client.get(reverse("accounts:user-detail", kwargs={"pk": lpse_head.pk})).status_code == 403


# --- role assignments --------------------------------------------------------------------------------------------
def _assignment_data(unit: OrgUnit, **changes) -> dict:
    data = {
        "role": "helpdesk_agent",
        "unit": unit.pk,
        "decree_number": "800/42/LPSE/2026",
        "decree_date": "2026-11-02",
        "valid_from": timezone.localdate().isoformat(),
        "valid_to": "",
    }
    return {**data, **changes}


def test_lpse_head_assigns_a_role_by_decree(admin_client, verifier, organization, lpse_head):
    lpse = organization.units.get(code="LPSE")

    response = admin_client.post(
        reverse("accounts:assignment-create", kwargs={"pk": verifier.pk}), _assignment_data(lpse)
    )

    assert response.status_code == 302
    assignment = verifier.role_assignments.get(role="helpdesk_agent")
    assert (assignment.unit, assignment.decree_number, assignment.created_by) == (lpse, "800/42/LPSE/2026", lpse_head)
    assert assignment.decree_date == datetime.date(2026, 11, 2)


def test_separation_of_duties_violation_shows_the_rule_and_saves_nothing(admin_client, verifier, organization):
    ukpbj = organization.units.get(code="UKPBJ")
    before = RoleAssignment.objects.count()

    response = admin_client.post(
        reverse("accounts:assignment-create", kwargs={"pk": verifier.pk}),
        _assignment_data(ukpbj, role="selection_group_member"),
    )

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert "Perwali Kota Salatiga No. 41 Tahun 2024 Pasal 6" in errors[0]
    assert "Verifier (Verifikator)" in errors[0]
    assert errors[0] in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert RoleAssignment.objects.count() == before


def test_separation_of_duties_message_is_shown_in_indonesian_by_default(client, lpse_head, verifier, organization):
    login(client, lpse_head)  # language: Indonesian, the default

    response = client.post(
        reverse("accounts:assignment-create", kwargs={"pk": verifier.pk}),
        _assignment_data(organization.units.get(code="UKPBJ"), role="selection_group_member"),
    )

    with translation.override("id"):
        expected = separation.violations(
            separation.ProposedAssignment("selection_group_member", 0, timezone.localdate(), None),
            verifier.role_assignments.all(),
        )
    assert response.context["form"].non_field_errors() == expected
    assert expected[0] != str(separation.RULES[0].message)  # it is indeed translated


def test_assignment_refuses_a_unit_of_another_organisation(admin_client, verifier, other_organization):
    foreign = other_organization.units.get()

    response = admin_client.post(
        reverse("accounts:assignment-create", kwargs={"pk": verifier.pk}), _assignment_data(foreign)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not verifier.role_assignments.filter(role="helpdesk_agent").exists()


def test_assignment_ending_before_it_starts_shows_the_service_message(admin_client, verifier, organization):
    lpse = organization.units.get(code="LPSE")

    response = admin_client.post(
        reverse("accounts:assignment-create", kwargs={"pk": verifier.pk}),
        _assignment_data(lpse, valid_from="2026-12-01", valid_to="2026-11-01"),
    )

    assert response.context["form"].errors["valid_to"] == ["The end date cannot be before the start date."]
    assert not verifier.role_assignments.filter(role="helpdesk_agent").exists()


def test_lpse_head_ends_an_assignment_with_a_reason(admin_client, verifier):
    assignment = verifier.role_assignments.get(role="verifier")
    today = timezone.localdate()

    response = admin_client.post(
        reverse("accounts:assignment-end", kwargs={"pk": assignment.pk}),
        {"valid_to": today.isoformat(), "end_reason": "Mutasi ke Dinas Kesehatan"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user-detail", kwargs={"pk": verifier.pk})
    assignment.refresh_from_db()
    assert (assignment.valid_to, assignment.end_reason) == (today, "Mutasi ke Dinas Kesehatan")


def test_ending_an_assignment_needs_a_reason(admin_client, verifier):
    assignment = verifier.role_assignments.get(role="verifier")

    response = admin_client.post(
        reverse("accounts:assignment-end", kwargs={"pk": assignment.pk}),
        {"valid_to": timezone.localdate().isoformat(), "end_reason": "  "},
    )

    assert response.context["form"].errors["end_reason"] == ["Give the reason for ending this assignment."]
    assignment.refresh_from_db()
    assert assignment.valid_to is None


def test_an_assignment_cannot_end_before_it_began(admin_client, verifier):
    assignment = verifier.role_assignments.get(role="verifier")
    day_before = assignment.valid_from - datetime.timedelta(days=1)

    response = admin_client.post(
        reverse("accounts:assignment-end", kwargs={"pk": assignment.pk}),
        {"valid_to": day_before.isoformat(), "end_reason": "Salah input"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["valid_to"] == ["The end date cannot be before the start date."]
    assignment.refresh_from_db()
    assert assignment.valid_to is None


def test_outsider_cannot_end_an_assignment_of_another_organisation(client, outsider, verifier):
    login(client, outsider)
    assignment = verifier.role_assignments.get(role="verifier")

    response = client.post(
        reverse("accounts:assignment-end", kwargs={"pk": assignment.pk}),
        {"valid_to": timezone.localdate().isoformat(), "end_reason": "Diambil alih"},
    )

    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.valid_to is None
