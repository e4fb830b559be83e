from __future__ import annotations

from django.http import Http404

from sopan.core import ids, request_context


class RequestContextMiddleware:
    """Records the client address and a request id for the audit trail.

    The address is REMOTE_ADDR; behind a trusted reverse proxy, the proxy must set it (e.g. gunicorn
    --forwarded-allow-ips), so a client cannot forge it with a header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request_context.RequestMeta(
            ip_address=request.META.get("REMOTE_ADDR") or None,
            request_id=request.headers.get("X-Request-ID", "")[:64] or request_context.new_request_id(),
        )
        token = request_context.activate(meta)
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = meta.request_id
        return response


class OutOfRangeIdMiddleware:
    """An `<int:…>` path value past what the database holds names no row: 404, for every view at once.

    Django's exact lookup on a primary key copes with such a value, but a foreign key lookup (`case_id=pk`) or an
    `__in` does not (OverflowError on SQLite, DataError on PostgreSQL), so the check sits here rather than in each view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and not ids.fits(value):
                raise Http404
        return None
