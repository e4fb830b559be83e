"""URLs of the backup log, under /standar-lpse/cadangan/ (issue 20 §3)."""

from django.urls import path

from sopan.archives import views_backups as views

app_name = "backups"
urlpatterns = [
    path("", views.backups, name="backups"),
    path("baru/", views.backup_create, name="backup-create"),
    path("uji-pemulihan/baru/", views.restore_test_create, name="restore-test-create"),
    path("uji-pemulihan/<int:pk>/bukti/", views.restore_test_evidence, name="restore-test-evidence"),
    path("pengaturan/", views.settings_update, name="settings"),
]
