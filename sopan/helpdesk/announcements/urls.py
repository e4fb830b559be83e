"""URLs of the helpdesk: announcements of outages and maintenance for the LPSE staff (/helpdesk/pengumuman/)."""

from django.urls import path

from sopan.helpdesk.announcements import views

urlpatterns = [
    path("", views.announcement_list, name="announcement-list"),
    path("baru/", views.announcement_create, name="announcement-create"),
    path("<int:pk>/", views.announcement_detail, name="announcement-detail"),
    path("<int:pk>/ubah/", views.announcement_update, name="announcement-update"),
    path("<int:pk>/tutup/", views.announcement_close, name="announcement-close"),
    path("<int:pk>/berita-acara.pdf", views.announcement_report, name="announcement-report"),
]
