from __future__ import annotations

from django.core.exceptions import BadRequest
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


class MalformedInputMiddleware:
    """Input no view can use is refused here, once for every view, instead of failing deep inside one of them:

    - a NUL character in the path, the query string or a form field: no field of Sopan holds one, and PostgreSQL
      refuses it in any text (a server error from wherever it reached a query, even a failed login's record) → 400;
    - an `<int:…>` path value past what the database holds names no row → 404. Django's exact lookup on a primary
      key copes with such a value, but a foreign key lookup (`case_id=pk`) or an `__in` does not (OverflowError on
      SQLite, DataError on PostgreSQL).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "\x00" in request.path_info:
            return True
        forms = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            forms.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values) for form in forms for key, values in form.lists()
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and not ids.fits(value):
                raise Http404
        return None
