"""The invitations (SOP step 6) and the check-in by code (step 7): invitees chosen by criterion, idempotently, each with
an unguessable code; the invitations mailed over real SMTP; each refused check-in with its message, changing nothing."""

from __future__ import annotations

import datetime
import email
from email import policy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sopan.coaching import services, services_invitations
from sopan.coaching.criteria import Params
from sopan.coaching.models import Invitation
from sopan.coaching.services_invitations import ALPHABET
from sopan.coaching.tests.factories import (
    bind_coaching_sop,
    blacklist,
    company,
    draft,
    id_,
    programme_until,
    team,
)  # fmt: skip
from sopan.core.models import AuditEvent
from sopan.core.testing import run_background_tasks
from sopan.core.tests.test_mail_and_tasks import smtp_server  # noqa: F401 - a real SMTP server (aiosmtpd)
from sopan.procurement.tests.factories import person
from sopan.vendors.models import Company

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_coaching_sop(organization)
    return organization


def _since(days: int) -> Params:
    return Params(since=timezone.localdate() - datetime.timedelta(days=days))


def _add(programme, criterion: str, params: Params) -> list[Invitation]:
    return services_invitations.invitations_add(programme=programme, criterion=criterion, params=params,
                                                by=team(programme.organization))  # fmt: skip


def _names(invitations) -> set[str]:
    return {i.company.name for i in Invitation.objects.filter(pk__in=[i.pk for i in invitations])}


# --- the criteria ------------------------------------------------------------------------------------------------
def test_new_registrants_since_a_date_are_the_active_vendors_of_the_organisation_activated_since(
    org, other_organization
):
    programme = programme_until(org, "approved")
    company(org, "CV Baru", activated_days_ago=5)
    company(org, "CV Lama", activated_days_ago=400)
    company(org, "CV Dibekukan", activated_days_ago=5, status=Company.Status.SUSPENDED)
    company(other_organization, "CV Tetangga", activated_days_ago=5)
    assert _names(_add(programme, "new", _since(30))) == {"CV Baru"}


def test_a_kbli_code_chooses_the_vendors_with_it(org):
    programme = programme_until(org, "approved")
    company(org, "CV Konstruksi", kbli=("41011", "43211"))
    company(org, "CV Perangkat Lunak", kbli=("62019",))
    assert _names(_add(programme, "kbli", Params(kbli="62019"))) == {"CV Perangkat Lunak"}


def test_sanctioned_vendors_are_those_on_the_blacklist_in_force_by_npwp_or_nib(org):
    programme = programme_until(org, "approved")
    by_npwp = company(org, "CV Hitam NPWP")
    by_nib = company(org, "CV Hitam NIB")
    expired = company(org, "CV Sudah Bebas")
    company(org, "CV Bersih")
    blacklist(org, npwp=by_npwp.npwp)
    blacklist(org, nib=by_nib.nib)
    blacklist(org, npwp=expired.npwp, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    made = _add(programme, "sanctioned", Params())
    assert _names(made) == {"CV Hitam NPWP", "CV Hitam NIB"}
    assert {i.criterion for i in made} == {"sanctioned"}


def test_agency_users_are_chosen_by_role_and_unit(org):
    programme = programme_until(org, "approved", audience="agency_users")
    ppk, officer = person(org, "ppk"), person(org, "pejabat.pengadaan")  # of DPUPR and DINKES
    made = _add(programme, "role", Params(role="commitment_officer"))
    assert [i.user for i in made] == [ppk]
    dinkes = org.units.get(code="DINKES")
    assert _add(programme, "role", Params(role="commitment_officer", unit_id=dinkes.pk)) == []
    assert [i.user for i in _add(programme, "role", Params(role="procurement_officer", unit_id=dinkes.pk))] == [officer]


def test_running_a_criterion_again_adds_only_the_new_ones(org):
    programme = programme_until(org, "approved")
    company(org, "CV Satu", activated_days_ago=5)
    assert len(_add(programme, "new", _since(30))) == 1
    assert _add(programme, "new", _since(30)) == []
    company(org, "CV Dua", activated_days_ago=2)
    assert _names(_add(programme, "new", _since(30))) == {"CV Dua"}
    assert programme.invitations.count() == 2
    assert AuditEvent.objects.filter(action="coaching.invitations.added").count() == 2


def test_a_criterion_is_refused_without_what_it_needs_or_for_the_other_audience(org):
    programme = programme_until(org, "approved")
    with pytest.raises(ValidationError) as error:
        _add(programme, "new", Params())
    assert error.value.message_dict == {"since": [id_("Give the date this criterion counts from.")]}
    with pytest.raises(ValidationError) as error:
        _add(programme, "new", Params(since=timezone.localdate() + datetime.timedelta(days=1)))
    assert error.value.message_dict == {"since": [id_("The date cannot be in the future.")]}
    with pytest.raises(ValidationError) as error:
        _add(programme, "kbli", Params(kbli="4101"))
    assert error.value.message_dict == {"kbli": [id_("A KBLI code has five digits.")]}
    with pytest.raises(ValidationError) as error:
        _add(programme, "role", Params(role="commitment_officer"))
    assert error.value.message_dict == {"criterion": [id_("Choose a criterion from the list.")]}


def test_invitees_are_chosen_only_after_the_direction_and_by_the_coaching_team(org):
    programme = draft(org)
    company(org, activated_days_ago=5)
    with pytest.raises(ValidationError) as error:
        _add(programme, "new", _since(30))
    assert error.value.messages == [
        id_("Invitees are chosen after the Kepala UKPBJ's direction and before the programme is held.")
    ]
    with pytest.raises(PermissionDenied):
        services_invitations.invitations_add(programme=programme, criterion="new", params=_since(30),
                                             by=person(org, "verifikator"))  # fmt: skip


def test_each_invitation_has_its_own_code_of_eight_unambiguous_characters(org):
    programme = programme_until(org, "approved")
    for n in range(30):
        company(org, f"CV Kode {n:02d}", activated_days_ago=3)
    codes = [i.code for i in _add(programme, "new", _since(30))]
    assert len(codes) == 30 == len(set(codes))
    assert all(len(code) == 8 and set(code) <= set(ALPHABET) for code in codes)
    assert not set("01IO8") & set(ALPHABET)


# --- the check-in ------------------------------------------------------------------------------------------------
@pytest.fixture
def invited(org):
    return programme_until(org, "invited")


def _check_in(programme, code):
    return services_invitations.invitation_check_in(programme=programme, code=code, by=team(programme.organization))


def test_the_code_checks_the_invitee_in_typed_in_any_case_with_or_without_the_dash(invited):
    invitation = invited.invitations.order_by("id").first()
    typed = f" {invitation.code[:4].lower()}-{invitation.code[4:]} "
    checked = _check_in(invited, typed)
    assert (
        checked.pk == invitation.pk
        and checked.attended_at is not None
        and checked.checked_in_by == team(invited.organization)
    )
    assert AuditEvent.objects.filter(action="coaching.invitation.checked_in").count() == 1


def _refused(programme, code) -> list[str]:
    before = (list(Invitation.objects.values_list("attended_at", flat=True)), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        _check_in(programme, code)
    assert (list(Invitation.objects.values_list("attended_at", flat=True)), AuditEvent.objects.count()) == before
    return error.value.message_dict["code"]


def test_a_wrong_code_is_refused_and_changes_nothing(invited):
    assert _refused(invited, "ZZZZ-ZZZZ") == [
        id_("No invitation of this programme has this code. Check what you typed.")
    ]
    assert _refused(invited, "  ") == [id_("Type the code printed on the invitation.")]


def test_a_code_of_another_programme_is_refused_and_changes_nothing(invited):
    other = programme_until(invited.organization, "approved")
    company(invited.organization, "CV Lain", activated_days_ago=1)
    code = _add(other, "new", _since(30))[0].code
    assert _refused(invited, code) == [id_("This code is of an invitation to another programme.")]


def test_a_second_check_in_is_refused_and_changes_nothing(invited):
    invitation = invited.invitations.order_by("id").first()
    first = _check_in(invited, invitation.code)
    from sopan.core.templatetags.sopan import local_datetime

    assert _refused(invited, invitation.code) == [
        id_("%(name)s already checked in at %(time)s.", name=invitation.company.name,
            time=local_datetime(first.attended_at))
    ]  # fmt: skip


def test_check_in_opens_once_the_invitations_are_sent(org):
    programme = programme_until(org, "chosen")
    assert _refused(programme, programme.invitations.first().code) == [
        id_("Check-in is open once the invitations are sent.")
    ]


# --- the mail ----------------------------------------------------------------------------------------------------
def _received(smtp) -> list[tuple[str, str, str]]:
    found = []
    for message in smtp.messages:
        parsed = email.message_from_string(message["data"], policy=policy.default)
        found.extend((to, str(parsed["Subject"]), parsed.get_content()) for to in message["to"])
    return found


@pytest.fixture
def smtp(smtp_server):  # noqa: F811 - the imported fixture, under the name these tests use
    return smtp_server


def test_the_invitations_go_out_over_smtp_with_the_code_and_later_ones_at_once(
    org, smtp, django_capture_on_commit_callbacks
):
    programme = programme_until(org, "chosen")
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_send_invitations(programme=programme, by=team(org))
    assert smtp.messages == []  # queued, not sent inside the request
    run_background_tasks()
    received = _received(smtp)
    invitations = list(programme.invitations.select_related("company").order_by("id"))
    assert sorted(to for to, _s, _b in received) == sorted(i.company.email for i in invitations)
    for to, subject, body in received:
        invitation = next(i for i in invitations if i.company.email == to)
        assert subject == id_("Invitation: %(title)s", title=programme.title)
        assert invitation.code_display in body and "Aula UKPBJ" in body and "WIB" in body
    assert all(i.sent_at is not None for i in invitations)
    # an invitee added after the invitations were sent gets theirs at once
    late = company(org, "CV Susulan", activated_days_ago=1, email="susulan@penyedia.test")
    with django_capture_on_commit_callbacks(execute=True):
        _add(programme, "new", _since(30))
    run_background_tasks()
    assert [to for to, _s, _b in _received(smtp)].count(late.email) == 1
    assert len(_received(smtp)) == len(invitations) + 1
