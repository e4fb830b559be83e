from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from sopan.core import ids, request_context
from sopan.core.uploads import human_size


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


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than `settings.MAX_REQUEST_BYTES` from its headers alone, before
    anything reads the body (issue 13 §7).

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts only the fields without files, and the multipart parser streams files
    to temporary files, so a single request could otherwise write gigabytes to a worker's disk before any form sees
    it. The body stays unread: gunicorn's threaded worker then drains at most 64 KB of it and closes the connection.

    A body without Content-Length (Transfer-Encoding: chunked) is refused with 411: under WSGI Django reads
    CONTENT_LENGTH bytes, so it would see an empty form and answer as if the person had sent nothing. Browsers always
    send a length with a form, and nginx in front buffers a chunked body (within its client_max_body_size) and passes
    it on with a length, so only a client talking to gunicorn directly meets this. An unparsable Content-Length is
    left to Django, which reads no body for it.

    It runs before the session and the user are loaded, so the page is rendered alone (like the 500 page), in the
    language of the language cookie, else Indonesian.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_TRANSFER_ENCODING"):
            return _refusal(request, 411)
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return _refusal(request, 413)
        return self.get_response(request)


def _refusal_texts(status: int) -> tuple[str, str]:
    if status == 411:
        return (
            _("The request does not say how large it is"),
            _("Send it with a Content-Length header: uploads in chunks are not accepted."),
        )
    return (
        _("Too large to receive"),
        _(
            "The files sent together are larger than %(size)s. Nothing was saved: send smaller files, or fewer at "
            "a time."
        )
        % {"size": human_size(settings.MAX_REQUEST_BYTES)},
    )


def _refusal(request, status: int) -> HttpResponse:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        title, message = _refusal_texts(status)
        content = loader.get_template("errors/request_refused.html").render(
            {"title": title, "message": message, "language": language}
        )
    response = HttpResponse(content, status=status)
    add_never_cache_headers(response)  # the answer depends on this request's size: no cache may reuse it
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
