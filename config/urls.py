from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.decorators.cache import cache_control

from sopan.core import modules
from sopan.core import views as core_views


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; it is a static file (sopan/core/static/sopan)."""
    return HttpResponseRedirect(static_url("sopan/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("sopan.core.urls")),
    path("audit/", include("sopan.core.urls_audit")),
    # What every installed app brings (`urls` in its module.py), in INSTALLED_APPS order.
    *(path(urls.prefix, include(urls.module)) for urls in modules.each("urls")),
    path("admin/", admin.site.urls),
]

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500

if settings.DEBUG:  # pragma: no cover - development only; production serves media through the storage backend
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
