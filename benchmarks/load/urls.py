"""Sopan's URLs plus the floor: a bare Django view on the same server and middleware."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), path("", include("config.urls"))]
