"""A request body larger than the upload limit is refused from its headers, before anything reads it (issue 13 §7):
413 with an Indonesian page, the view never runs. A body without a length (chunked) is refused too: 411.
The tests announce big bodies without sending them: the point is that nobody reads them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from sopan.core.middleware import RequestSizeLimitMiddleware
from sopan.helpdesk.configuration.services import SETTING_LIMITS
from sopan.helpdesk.models import Ticket
from sopan.helpdesk.tickets.forms_public import MAX_ATTACHMENTS
from sopan.vendors.registration.services.configuration import MAX_UPLOAD_MB

MB = 1024 * 1024


class UnreadableBody:
    """A request body that fails the test when anyone reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


class View:
    def __init__(self):
        self.calls = 0

    def __call__(self, request):
        from django.http import HttpResponse

        self.calls += 1
        return HttpResponse("ok")


def _post(rf, **meta):
    return rf.post("/bantuan/x/lapor/", data=b"", content_type="multipart/form-data; boundary=x", **meta)


def test_a_body_over_the_limit_is_refused_unread_and_the_view_never_runs(rf):
    view = View()
    request = _post(rf, CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1), **{"wsgi.input": UnreadableBody()})
    response = RequestSizeLimitMiddleware(view)(request)
    assert response.status_code == 413
    assert view.calls == 0
    body = response.content.decode()
    assert "Berkas yang dikirim sekaligus lebih besar dari 61 MB" in body
    assert "no-store" in response["Cache-Control"]


def test_a_body_at_the_limit_goes_on_to_the_view_unread_by_the_check(rf):
    view = View()
    request = _post(rf, CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES), **{"wsgi.input": UnreadableBody()})
    assert RequestSizeLimitMiddleware(view)(request).status_code == 200
    assert view.calls == 1


def test_a_chunked_body_is_refused_with_411_unread(rf):
    view = View()
    request = _post(rf, HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": UnreadableBody()})
    request.META.pop("CONTENT_LENGTH", None)  # a chunked body has no length
    response = RequestSizeLimitMiddleware(view)(request)
    assert response.status_code == 411 and view.calls == 0
    assert "Content-Length" in response.content.decode()


def test_the_limit_follows_the_setting(rf, settings):
    settings.MAX_REQUEST_BYTES = 1000
    view = View()
    response = RequestSizeLimitMiddleware(view)(_post(rf, CONTENT_LENGTH="1001", **{"wsgi.input": UnreadableBody()}))
    assert response.status_code == 413 and view.calls == 0
    request = _post(rf, CONTENT_LENGTH="1000", **{"wsgi.input": UnreadableBody()})
    assert RequestSizeLimitMiddleware(view)(request).status_code == 200 and view.calls == 1


@pytest.mark.django_db
def test_a_too_large_report_through_the_whole_stack_gets_the_page_in_english_when_asked(client, organization):
    """Through every middleware (the size check comes before the session and CSRF): 413, nothing recorded."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("helpdesk:public-report", kwargs={"org": organization.slug})
    response = client.post(
        url,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert "The files sent together are larger than 61 MB" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_limit_admits_the_largest_form_the_settings_allow():
    """The limit is derived by hand in the settings; this fails when a per-file limit or a form's file count grows."""
    largest_file_mb = max(MAX_UPLOAD_MB, SETTING_LIMITS["max_upload_mb"][1])
    assert (MAX_ATTACHMENTS * largest_file_mb + 1) * MB <= settings.MAX_REQUEST_BYTES
