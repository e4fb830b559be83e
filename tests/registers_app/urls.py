"""A test URL configuration: the site's own, plus the risk register under /test-registers/risks/."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from sopan.core.registers.views import register_urlpatterns
from tests.registers_app.registers import RISKS

app_patterns = ([path("risks/", include(register_urlpatterns(RISKS)))], "registers_app")

urlpatterns = [path("test-registers/", include(app_patterns)), *site_urlpatterns]
