"""URLs of the helpdesk: settings (mounted at /helpdesk/pengaturan/)."""

from django.urls import path

from sopan.helpdesk.configuration import views

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("umum/", views.settings_update, name="settings-update"),
    path("prioritas/<int:pk>/", views.priority_level_update, name="priority-level-update"),
    path("matriks/", views.priority_matrix_update, name="priority-matrix-update"),
    path("kotak-surat/", views.mailbox_update, name="mailbox-update"),
]
