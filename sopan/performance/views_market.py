"""The vendor market page, /kinerja-penyedia/pasar/ (issue 18 §4; SOP Pengelolaan Penyedia steps 2–4: the vendors
per KBLI and region, their approvals over three years, their latest bands, the blacklisted and the packages asking
for them), for the KA UKPBJ, the Kasubag LPSE and the Tim Pendataan dan Analisis (policies.VIEW_MARKET); anyone else
403. Only the user's own organisation's figures. The rows are a keyset page of KBLI codes (market.market_page)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from sopan.performance import market, policies
from sopan.performance.forms_market import MarketFilterForm
from sopan.performance.models import Band


@login_required
def market_page(request):
    user = request.user
    if not policies.can_view_market(user, user.organization):
        raise PermissionDenied
    given = {k: request.GET[k] for k in ("kbli", "province", "regency") if request.GET.get(k, "").strip()}
    form = MarketFilterForm(given or None)
    prefix, region, status = "", market.Region(), 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            prefix, region = data["kbli"], market.Region(data["province"], data["regency"].strip())
        else:
            given, status = {}, 400
    page = None
    if status == 200:
        page = market.market_page(user.organization, prefix=prefix, region=region, cursor=request.GET.get("cursor"))
    years = market.trend_years()
    rows = [
        {
            "row": row,
            "registered": row.registered_in(years),
            "change": row.change(years),
            "bands": row.band_counts(),
            "demand": row.demand_in(years),
        }
        for row in (page.items if page else [])
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "years": years,
        "bands": Band.choices,
        "columns": 1 + 3 + len(years) + 1 + len(Band.choices) + 1 + 1 + len(years),
        "next_url": "?" + urlencode({**given, "cursor": page.next_cursor}) if page and page.has_next else "",
    }
    return render(request, "performance/market.html", context, status=status)
