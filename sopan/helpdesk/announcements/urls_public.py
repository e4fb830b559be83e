"""URLs of the helpdesk: public announcements of outages and maintenance and their Atom feed (under
/bantuan/<org>/pengumuman/; every view takes the organisation's slug `org`)."""

from django.urls import path

from sopan.helpdesk.announcements import views

urlpatterns = [
    path("", views.public_announcement_list, name="public-announcement-list"),
    path("feed.atom", views.public_announcement_feed, name="public-announcement-feed"),
    path("<int:pk>/", views.public_announcement_detail, name="public-announcement-detail"),
    path("<int:pk>/berita-acara.pdf", views.public_announcement_report, name="public-announcement-report"),
]
