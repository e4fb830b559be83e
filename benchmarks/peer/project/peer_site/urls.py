"""The peer's URLs as django-helpdesk's standalone project has them: the admin, helpdesk at the root, the API's login.

`/bench/floor/` is the same bare view as Sopan's benchmark server has (benchmarks/load/urls.py): the cost of Django
and the middleware alone on this stack.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor),
    path("admin/", admin.site.urls),
    path("api/auth/", include("rest_framework.urls", namespace="rest_framework")),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
