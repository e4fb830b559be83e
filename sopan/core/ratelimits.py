"""Rate limits for public endpoints (vendor sign-up, the public helpdesk form): so many requests per address.

Built on django-ratelimit, counting in the default cache, which every process shares (the database cache in the
embedded tier, Redis in production). The database cache increments by reading and writing back, so two requests at
the same instant may be counted once: a limit can be passed by a request or two in a burst, never by a flood. The
address is REMOTE_ADDR, as for the login lockout (AXES_IPWARE_META_PRECEDENCE_ORDER): behind a reverse proxy it must
be the client's address, not the proxy's. RATELIMIT_ENABLE = False (django-ratelimit's own setting) switches every
limit off, e.g. in tests of other apps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage


def public_rate_limit(group: str, rate: str, *, methods: Sequence[str] = ("POST",)) -> Callable:
    """Answer 429 with a friendly page once an address sent more than `rate` requests ("5/h", "20/d") to `group`.

    `group` names the counter (e.g. "accounts.vendor-signup"); views sharing a group share the count. Only `methods`
    count, POST by default: looking at a form is free, sending it is limited.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            usage = get_usage(request, group=group, key="ip", rate=rate, method=list(methods), increment=True)
            request.limited = bool(usage and usage["should_limit"])
            if request.limited:
                response = render(request, "core/rate_limited.html", status=429)
                # Seconds until the count starts again; -1 when the cache failed (django-ratelimit then refuses).
                response["Retry-After"] = str(usage["time_left"] if usage["time_left"] > 0 else 60)
                return response
            return view(request, *args, **kwargs)

        return limited_view

    return decorator
