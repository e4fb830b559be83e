"""The public registration portal and the applicant's own pages, under /daftar/ (namespace "vendors").

The organisation's sign-up, /daftar/<org>/, comes last: the fixed paths before it are never an organisation."""

from django.urls import path

from sopan.vendors.registration import views_public as views

urlpatterns = [
    path("", views.signup_choose, name="signup-choose"),
    path("formulir/<str:token>/", views.signup_form, name="signup-form"),
    path("status/", views.registration_status, name="registration-status"),
    path("status/kirim/", views.registration_prepare, name="registration-prepare"),
    path("status/kirim-kelengkapan/", views.registration_resubmit, name="registration-resubmit"),
    path("formulir-cetak/<slug:code>/", views.form_print, name="form-print"),
    path("tanda-terima/", views.receipt, name="receipt"),
    path("dokumen/", views.documents, name="documents"),
    path("dokumen/<int:pk>/berkas/", views.document_file, name="document-file"),
    path("jadwal/", views.appointment, name="appointment"),
    path("<slug:org>/", views.signup, name="signup"),
]
