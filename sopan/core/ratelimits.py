"""Rate limits for public endpoints (vendor sign-up, helpdesk form, password reset): so many requests per address.

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


def over_limit(
    request: HttpRequest,
    *,
    group: str,
    rate: str,
    key: str | Callable[[str, HttpRequest], str] = "ip",
    methods: Sequence[str] = ("POST",),
) -> int | None:
    """Count this request in `group`; None while `key` is within `rate`, else the seconds until its count restarts.

    `key` is what is counted per: "ip" (the client address) or, as django-ratelimit takes it, a callable
    `(group, request) -> str`, e.g. the normalised e-mail address a form asks about (counted once that form is valid,
    so that nobody can use up someone else's allowance without doing the form's proof of work).
    """
    usage = get_usage(request, group=group, key=key, rate=rate, method=list(methods), increment=True)
    request.limited = bool(usage and usage["should_limit"])
    if not request.limited:
        return None
    # -1 when the cache failed (django-ratelimit then refuses): a minute is a fair guess.
    return usage["time_left"] if usage["time_left"] > 0 else 60


def public_rate_limit(group: str, rate: str, *, methods: Sequence[str] = ("POST",)) -> Callable:
    """Answer 429 with a friendly page once an address sent more than `rate` requests ("5/h", "20/d") to `group`.

    `group` names the counter (e.g. "accounts.vendor-signup"); views sharing a group share the count. Only `methods`
    count, POST by default: looking at a form is free, sending it is limited.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            retry_after = over_limit(request, group=group, rate=rate, methods=methods)
            if retry_after is not None:
                response = render(request, "core/rate_limited.html", status=429)
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return limited_view

    return decorator
