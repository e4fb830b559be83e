"""URLs of the archives, under /standar-lpse/arsip/ (issue 20 §4): the overview of what is due, the list per archive
with its decision, the printed Berita Acara, and the retention rules' register under retensi/."""

from django.urls import include, path

from sopan.archives import views_archives as views
from sopan.archives.registers import RETENTION_RULES
from sopan.core.registers.views import register_urlpatterns

app_name = "archives"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("retensi/", include(register_urlpatterns(RETENTION_RULES))),
    path("berita-acara/<int:pk>/cetak.pdf", views.disposition_print, name="disposition-print"),
    path("<slug:kind>/", views.due_list, name="due-list"),
]
