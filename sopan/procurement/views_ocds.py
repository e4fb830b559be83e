"""The public OCDS endpoint (issue 17 §7): one organisation's release package, the same document as
`manage.py export_ocds` writes, for anyone (no login: the RUP is public information)."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from sopan.accounts.models import Organization
from sopan.core.documents.serving import file_response
from sopan.procurement import publishing
from sopan.procurement.ocds.export import build_valid_release_package, dumps
from sopan.procurement.ocds.releases import OcdsExportError

CACHE_SECONDS = 24 * 3600


@require_GET
def ocds_release_package(request, org: str):
    """The release package, built and validated once per change of the data, 404 while the organisation has no OCID
    prefix or no package. The cache key follows every change: a package added (count), edited (latest change) or moved
    through a stage (every transition raises its version, milestones included)."""
    organization = get_object_or_404(Organization, slug=org)
    prefix = publishing.ocid_prefix_of(organization)
    packages = publishing.packages_to_publish(organization)
    state = packages.aggregate(count=Count("pk"), changed=Max("updated_at"), versions=Sum("version"))
    if not prefix or not state["count"]:
        raise Http404
    key = "procurement:ocds:{}:{}:{}:{}:{}".format(
        organization.pk, prefix, state["count"], state["changed"].isoformat(), state["versions"]
    )
    text = cache.get(key)
    if text is None:
        try:
            text = dumps(build_valid_release_package(list(packages), **publishing.release_kwargs(organization, prefix)))
        except OcdsExportError as error:  # never published half-valid: say why, as JSON
            body = json.dumps({"errors": error.messages}, ensure_ascii=False)
            return HttpResponse(body, status=503, content_type="application/json; charset=utf-8")
        cache.set(key, text, CACHE_SECONDS)
    response = file_response(
        text.encode("utf-8"),
        filename=f"ocds-{organization.slug}.json",
        inline=True,
        text_type="application/json; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
