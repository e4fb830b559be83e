"""What an organisation publishes as OCDS (issue 17 §7): its OCID prefix, its packages, and the words of the release
package. `manage.py export_ocds` and the public endpoint both read from here, so the file and the endpoint agree."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from sopan.procurement.models import OcdsPublisher, Package


def ocid_prefix_of(organization) -> str:
    """The prefix the Open Contracting Partnership issued to the organisation ("" while it has none)."""
    return OcdsPublisher.objects.filter(organization=organization).values_list("ocid_prefix", flat=True).first() or ""


def packages_to_publish(organization, *, year: int | None = None):
    """The organisation's packages (of one fiscal year if given), with what the releases read in the same query."""
    packages = (
        Package.objects.filter(organization=organization)
        .select_related("organization", "agency")
        .prefetch_related("milestone_records")
    )
    if year is not None:
        packages = packages.filter(fiscal_year=year)
    return packages.order_by("kd_rup")


def release_kwargs(organization, ocid_prefix: str) -> dict:
    """The keywords of `ocds.releases.release_package` for the organisation: its prefix, its UKPBJ as publisher, the
    public endpoint as the package's URI, its time zone; `published` from the data, so unchanged data is the same
    document byte for byte."""
    return {
        "ocid_prefix": ocid_prefix,
        "publisher_name": f"UKPBJ {organization.name}",
        "published": None,
        "uri": settings.SITE_URL + reverse("procurement:ocds", kwargs={"org": organization.slug}),
        "zone": organization.timezone,
    }
