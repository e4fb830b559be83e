"""URLs of the LPSE standards, under /standar-lpse/ (issue 20 §5). The registers' pages come from
sopan.core.registers. (/standar-lpse/cadangan/ and /standar-lpse/arsip/ belong to the archives module.)"""

from django.urls import include, path

from sopan.core.registers.views import register_urlpatterns
from sopan.standards import views
from sopan.standards.registers import ASSETS, CAPACITY, CONTINUITY_EXERCISES, CONTINUITY_PLANS

app_name = "standards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("penilaian/<str:standard>/<int:year>/", views.assessment_page, name="assessment"),
    path("perubahan/", views.change_list, name="change-list"),
    path("perubahan/baru/", views.change_create, name="change-create"),
    path("perubahan/<int:pk>/", views.change_detail, name="change-detail"),
    path("perubahan/<int:pk>/status/", views.change_transition, name="change-transition"),
    path("akses/", views.permit_list, name="permit-list"),
    path("akses/<int:pk>/cabut/", views.permit_revoke, name="permit-revoke"),
    path("aset/", include(register_urlpatterns(ASSETS))),
    path("kapasitas/", include(register_urlpatterns(CAPACITY))),
    path("kelangsungan/rencana/", include(register_urlpatterns(CONTINUITY_PLANS))),
    path("kelangsungan/latihan/", include(register_urlpatterns(CONTINUITY_EXERCISES))),
]
