"""Factories of the unit performance tests: the SOP Pengelolaan Kinerja bound, the personas, indicators."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.utils import translation

from sopan.indicators.models import Indicator
from sopan.indicators.workflows import PROCEDURE
from sopan.procurement.tests.factories import person

_serial = itertools.count(1)


def id_(msgid: str, **values) -> str:
    """The Indonesian text of an English msgid, as the pages show it."""
    with translation.override("id"):
        text = translation.gettext(msgid)
    return text % values if values else text


def bind_performance_sop(organization):
    """Put Pagar Alam's SOP Pengelolaan Kinerja in force here and bind it to `unit_performance`."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    catalogue = {x.key: x for x in d.load_catalogue()["pagar-alam"]}
    version = effective_version(organization, catalogue["pengelolaan-kinerja"].to_yaml())
    versions.procedure_bind(organization=organization, procedure=PROCEDURE, sop=version.sop, by=None)


def officer(organization):
    return person(organization, "pj.kinerja")


def team(organization):
    return person(organization, "tim.kelembagaan")


def head(organization):
    return person(organization, "kepala.ukpbj")


def indicator(
    organization, *, year: int, measure: str = "", better: str = "higher", target="100", quarterly=None, **fields
) -> Indicator:
    quarterly = quarterly or (target,) * 4
    q = [Decimal(v) if v is not None else None for v in quarterly]
    return Indicator.objects.create(
        organization=organization, year=year, code=fields.pop("code", f"IKU-{next(_serial):02d}"),
        name=fields.pop("name", "Indeks kepuasan pengguna"), unit=fields.pop("unit", "%"), better=better,
        target=Decimal(target), target_q1=q[0], target_q2=q[1], target_q3=q[2], target_q4=q[3], measure=measure,
        **fields,
    )  # fmt: skip
