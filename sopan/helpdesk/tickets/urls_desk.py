"""URLs of the helpdesk desk, under /helpdesk/: the ticket inbox, the telephone and walk-in intake, caller lookup."""

from django.urls import path

from sopan.helpdesk.tickets import views_desk as views

urlpatterns = [
    path("", views.ticket_list, name="ticket-list"),
    path("telepon/", views.call_new, name="call-new"),
    path("telepon/cari/", views.caller_lookup, name="caller-lookup"),
    path("kunjungan/", views.walkin_new, name="walkin-new"),
    path("tiket-baru/<int:pk>/", views.intake_done, name="intake-done"),
]
