"""Test data for the coaching module: the SOP bound, the people, vendors, programmes taken to a status."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone, translation

from sopan.coaching import services, services_invitations
from sopan.coaching.criteria import Params
from sopan.coaching.workflows import PROCEDURE
from sopan.procurement.tests.factories import person
from sopan.vendors.models import BlacklistEntry, BlacklistImport, Company
from sopan.vendors.tests import factories as vendor_factories

_serial = itertools.count(7000)


def id_(msgid: str, **values) -> str:
    """The Indonesian text of an English msgid, as the pages show it."""
    with translation.override("id"):
        text = translation.gettext(msgid)
    return text % values if values else text


def bind_coaching_sop(organization):
    """Put Pagar Alam's SOP Pembinaan Pelaku Usaha in force here and bind it to `vendor_coaching`."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    catalogue = {x.key: x for x in d.load_catalogue()["pagar-alam"]}
    version = effective_version(organization, catalogue["pembinaan-pelaku-usaha"].to_yaml())
    versions.procedure_bind(organization=organization, procedure=PROCEDURE, sop=version.sop, by=None)


def team(organization):
    return person(organization, "tim.pembinaan")


def head(organization):
    return person(organization, "kepala.ukpbj")


def company(organization, name=None, *, kbli=("41011",), activated_days_ago=30, status=Company.Status.ACTIVE,
            npwp=None, nib=None, admin_user=None, email=None) -> Company:  # fmt: skip
    n = next(_serial)
    data = vendor_factories.company_data(
        name=name or f"CV Sinar Pagi {n:03d}", kbli=list(kbli), npwp=npwp or vendor_factories.valid_npwp(n),
        nib=nib if nib is not None else f"81301{n:08d}", email=email or f"kantor{n}@penyedia.test",
    )  # fmt: skip
    return Company.objects.create(
        organization=organization, **data, business_scale="small", admin_name="Direktur",
        admin_nik=vendor_factories.valid_nik(), admin_position="Direktur", status=status, admin_user=admin_user,
        activated_at=timezone.now() - datetime.timedelta(days=activated_days_ago),
    )  # fmt: skip


def blacklist(organization, *, npwp="", nib="", starts_on=None, ends_on=None):
    by = person(organization, "kepala.lpse")
    source = BlacklistImport.objects.create(organization=organization, file_name="dh.xlsx", sha256="0" * 64, rows=1,
                                            imported_at=timezone.now(), imported_by=by)  # fmt: skip
    return BlacklistEntry.objects.create(organization=organization, source=source, name="Terdaftar", npwp=npwp,
                                         nib=nib, sk_number="SK-02/DH/2026", violation="Wanprestasi",
                                         starts_on=starts_on, ends_on=ends_on)  # fmt: skip


def at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def draft(organization, *, title="Sosialisasi SPSE bagi Penyedia Baru", audience="vendors", kind="socialisation",
          strategy="Praktik langsung SPSE didampingi helpdesk LPSE."):  # fmt: skip
    return services.programme_create(organization=organization, by=team(organization), title=title, kind=kind,
                                     audience=audience, strategy=strategy, target_notes="")  # fmt: skip


def programme_until(organization, until: str, *, audience="vendors", invitees=None, criterion="new", params=None):
    """A programme taken through the services up to `until`: draft, proposed, approved, scheduled (a session next
    week), chosen (invitations added), invited, attended (the first invitee checked in), held, reported."""
    order = ("draft", "proposed", "approved", "scheduled", "chosen", "invited", "attended", "held", "reported")
    by, boss = team(organization), head(organization)
    programme = draft(organization, audience=audience)
    steps = {
        "proposed": lambda p: services.programme_propose(programme=p, by=by),
        "approved": lambda p: services.programme_approve(programme=p, direction="Laksanakan.", by=boss),
        "scheduled": lambda p: services.session_add(programme=p, starts_at=at(7, 9), ends_at=at(7, 12),
                                                    place="Aula UKPBJ", by=by) and p,
        "chosen": lambda p: _choose(p, by, invitees, criterion, params),
        "invited": lambda p: services.programme_send_invitations(programme=p, by=by),
        "attended": lambda p: services_invitations.invitation_check_in(
            programme=p, code=p.invitations.order_by("id").first().code, by=by) and p,
        "held": lambda p: services.programme_hold(programme=p, by=by),
        "reported": lambda p: services.programme_report(programme=p, report="Peserta memahami SPSE.", by=by),
    }  # fmt: skip
    for name in order[1 : order.index(until) + 1]:
        programme = steps[name](programme)
        programme.refresh_from_db()
    return programme


def _choose(programme, by, invitees, criterion, params):
    if invitees is None:
        if programme.for_vendors:
            company(programme.organization, "CV Baru Satu", activated_days_ago=10)
            company(programme.organization, "CV Baru Dua", activated_days_ago=20)
        criterion = criterion if programme.for_vendors else "role"
    params = params or (Params(since=timezone.localdate() - datetime.timedelta(days=60)) if programme.for_vendors
                        else Params(role="commitment_officer"))  # fmt: skip
    if not programme.for_vendors:
        person(programme.organization, "ppk")
    services_invitations.invitations_add(programme=programme, criterion=criterion, params=params, by=by)
    return programme
