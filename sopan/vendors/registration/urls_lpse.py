"""The LPSE's side of registration, under /registrasi/: the front office, the verifier, the settings, staff ties."""

from django.urls import path

from sopan.vendors.registration import views_lpse as views

urlpatterns = [
    # Front office (steps 7–11)
    path("loket/", views.desk, name="desk"),
    path("loket/daftar/", views.desk_register, name="desk-register"),
    path("loket/<int:pk>/", views.desk_detail, name="desk-detail"),
    path("loket/<int:pk>/terima/", views.desk_receive, name="desk-receive"),
    path("loket/<int:pk>/unggah/", views.desk_upload, name="desk-upload"),
    path("loket/<int:pk>/tanda-terima.pdf", views.receipt_pdf, name="receipt-pdf"),
    # Verifier (steps 12–15)
    path("antrean/", views.queue, name="queue"),
    path("<int:pk>/", views.workspace, name="workspace"),
    path("<int:pk>/nik/", views.identity_reveal, name="identity-reveal"),
    path("<int:pk>/ambil/", views.decide, {"action": "take"}, name="registration-take"),
    path(
        "<int:pk>/minta-kelengkapan/",
        views.decide,
        {"action": "request-completion"},
        name="registration-request-completion",
    ),
    path("<int:pk>/setujui/", views.decide, {"action": "approve"}, name="registration-approve"),
    path("<int:pk>/tolak/", views.decide, {"action": "reject"}, name="registration-reject"),
    path("<int:pk>/temuan/", views.finding_acknowledge, name="finding-acknowledge"),
    path("dokumen/<int:pk>/lihat/", views.document_viewer, name="document-viewer"),
    path("dokumen/<int:pk>/halaman/<int:number>.png", views.document_page, name="document-page"),
    path("dokumen/<int:pk>/unduh/", views.document_download, name="document-download"),
    path("arsip/<int:pk>/", views.archive_file, name="archive-file"),
    path("dokumen/<int:pk>/periksa/", views.document_check, name="document-check"),
    # Settings
    path("pengaturan/", views.settings_page, name="settings"),
    path("pengaturan/dokumen/baru/", views.requirement_create, name="requirement-create"),
    path("pengaturan/dokumen/<int:pk>/", views.requirement_edit, name="requirement-edit"),
    path("pengaturan/jadwal/", views.slot_create, name="slot-create"),
    path("pengaturan/jadwal/seri/", views.slot_series, name="slot-series"),
    path("pengaturan/jadwal/<int:pk>/hapus/", views.slot_delete, name="slot-delete"),
    # Separation of duties
    path("hubungan/", views.relations, name="relations"),
]
