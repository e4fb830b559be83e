"""URLs of the coaching module, under /pembinaan/ (issue 18 §6): the programmes, their schedule, materials,
invitations, check-in and printed documents; the vendor's own invitations under undangan/."""

from django.urls import path

from sopan.coaching import views, views_invitations

app_name = "coaching"
urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("baru/", views.programme_create, name="programme-create"),
    path("undangan/", views_invitations.my_invitations, name="my-invitations"),
    path("undangan/<int:pk>/cetak.pdf", views_invitations.my_invitation_print, name="my-invitation-print"),
    path("undangan/<int:pk>/materi/<int:mid>/", views_invitations.my_material_download, name="my-material-download"),
    path("<int:pk>/", views.programme_detail, name="programme-detail"),
    path("<int:pk>/ubah/", views.programme_edit, name="programme-edit"),
    path("<int:pk>/status/", views.programme_transition, name="programme-transition"),
    path("<int:pk>/sesi/", views.session_add, name="session-add"),
    path("<int:pk>/sesi/<int:sid>/hapus/", views.session_remove, name="session-remove"),
    path("<int:pk>/materi/", views.material_add, name="material-add"),
    path("<int:pk>/materi/<int:mid>/", views.material_download, name="material-download"),
    path("<int:pk>/undang/", views_invitations.invitations_add, name="invitations-add"),
    path("<int:pk>/hadir/", views_invitations.check_in, name="check-in"),
    path("<int:pk>/undangan/<int:iid>/cetak.pdf", views_invitations.invitation_print, name="invitation-print"),
    path("<int:pk>/cetak/laporan.pdf", views.report_print, name="report-print"),
]
