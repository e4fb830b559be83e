from __future__ import annotations

from sopan.core import request_context


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
