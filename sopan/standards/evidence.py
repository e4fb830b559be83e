"""The standards module's own answer to the hook "standard_evidence" (sopan.core.standard_evidence): what its
registers show for the assets, change, capacity, server and network security and continuity standards. Read live,
in a fixed number of queries (one per register)."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.standard_evidence import Evidence
from sopan.standards.models import (
    AccessPermit,
    Asset,
    CapacityReading,
    ChangeRequest,
    ContinuityExercise,
    ContinuityPlan,
)


def _url(name: str) -> str:
    return reverse(f"standards:{name}")


def _assets(organization) -> list[Evidence]:
    counts = Asset.objects.filter(organization=organization).aggregate(
        total=Count("id"), high=Count("id", filter=Q(confidentiality="high") | Q(availability="high"))
    )
    return [
        Evidence(
            "assets",
            gettext_lazy("Assets in the register (with their C-I-A class and owner)"),
            str(counts["total"]),
            _url("asset-list"),
        ),
        Evidence(
            "assets",
            gettext_lazy("Assets of high confidentiality or availability"),
            str(counts["high"]),
            _url("asset-list"),
        ),
    ]


def _changes(organization, year: int) -> list[Evidence]:
    S = ChangeRequest.Status
    counts = ChangeRequest.objects.filter(organization=organization, requested_at__year=year).aggregate(
        total=Count("id"),
        waiting=Count("id", filter=Q(status=S.REQUESTED)),
        rolled_back=Count("id", filter=Q(status=S.ROLLED_BACK)),
        implemented=Count("id", filter=Q(status=S.IMPLEMENTED)),
    )
    url = _url("change-list")
    return [
        Evidence("change", gettext_lazy("Change requests this year"), str(counts["total"]), url),
        Evidence(
            "change",
            gettext_lazy("Changes implemented / rolled back this year"),
            f"{counts['implemented']} / {counts['rolled_back']}",
            url,
        ),
        Evidence("change", gettext_lazy("Changes waiting for a decision"), str(counts["waiting"]), url),
    ]


def _capacity(organization) -> list[Evidence]:
    counts = CapacityReading.objects.filter(organization=organization).aggregate(
        last=Max("measured_on"), over=Count("id", filter=Q(over_threshold=1))
    )
    url = _url("capacity-list")
    last = date_format(counts["last"]) if counts["last"] else _("none yet")
    return [
        Evidence("capacity", gettext_lazy("Latest capacity reading"), last, url),
        Evidence("capacity", gettext_lazy("Readings over their threshold"), str(counts["over"]), url),
    ]


def _access(organization) -> list[Evidence]:
    today = timezone.localdate()
    active = Q(revoked_at__isnull=True, valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    counts = AccessPermit.objects.filter(organization=organization).aggregate(
        server=Count("id", filter=active & Q(kind="server")),
        holders=Count("holder", filter=active & Q(kind="server"), distinct=True),
        room=Count("id", filter=active & Q(kind="room")),
    )
    url = _url("permit-list")
    return [
        Evidence(
            "server_network_security",
            gettext_lazy("Server access permits in force (holders)"),
            f"{counts['server']} ({counts['holders']})",
            url,
        ),
        Evidence("device_security", gettext_lazy("Room access permits in force"), str(counts["room"]), url),
    ]


def _continuity(organization) -> list[Evidence]:
    plan = ContinuityPlan.objects.filter(organization=organization).order_by("-approved_on", "-id").first()
    exercise = ContinuityExercise.objects.filter(organization=organization).order_by("-held_on", "-id").first()
    found = [
        Evidence(
            "continuity",
            gettext_lazy("Continuity plan in force"),
            f"{plan.title} ({date_format(plan.approved_on)})" if plan else _("none yet"),
            _url("plan-list"),
        ),
    ]
    last = f"{date_format(exercise.held_on)}: {exercise.get_result_display()}" if exercise else _("none yet")
    found.append(Evidence("continuity", gettext_lazy("Latest continuity exercise"), last, _url("exercise-list")))
    return found


def evidence(*, organization) -> list[Evidence]:
    year = timezone.localdate().year
    return [
        *_assets(organization),
        *_changes(organization, year),
        *_capacity(organization),
        *_access(organization),
        *_continuity(organization),
    ]
