"""URLs of the helpdesk: the public side under /bantuan/ (the help page, the web report, tracking and the reporter's
link); every view takes the organisation's slug `org`. The FAQ and announcements are under /bantuan/<org>/faq/ and
/bantuan/<org>/pengumuman/ (knowledge/urls_public, announcements/urls_public)."""

from django.urls import path

from sopan.helpdesk.tickets import views_public as views

urlpatterns = [
    path("<slug:org>/", views.public_home, name="public-home"),
    path("<slug:org>/lapor/", views.public_report, name="public-report"),
    path("<slug:org>/lapor/terkirim/<str:token>/", views.public_report_done, name="public-report-done"),
    path("<slug:org>/lacak/", views.public_track, name="public-track"),
    path("<slug:org>/t/<str:token>/", views.public_ticket, name="public-ticket"),
    path("<slug:org>/t/<str:token>/lampiran/<int:pk>/", views.public_attachment, name="public-attachment"),
    path("<slug:org>/t/<str:token>/balas/", views.public_reply, name="public-reply"),
    path("<slug:org>/t/<str:token>/konfirmasi/", views.public_confirm, name="public-confirm"),
]
