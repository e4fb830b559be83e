"""A URL configuration for one test: a view that fails, to see the 500 page Sopan shows."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("unexpected failure")


urlpatterns = [path("boom/", boom), path("", include("config.urls"))]
handler500 = "sopan.core.views.error_500"
