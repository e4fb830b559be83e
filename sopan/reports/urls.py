"""URLs of the periodic LPSE reports, under /laporan/triwulan/ (Perwali Salatiga 41/2024 Pasal 11)."""

from django.urls import path

from sopan.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("baru/triwulan/", views.report_create, {"kind": "quarterly"}, name="report-create-quarterly"),
    path("baru/khusus/", views.report_create, {"kind": "special"}, name="report-create-special"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/narasi/", views.narrative_save, name="narrative-save"),
    path("<int:pk>/hitung-ulang/", views.report_regenerate, name="report-regenerate"),
    path("<int:pk>/status/", views.report_transition, name="report-transition"),
    path("<int:pk>/laporan.pdf", views.report_pdf, name="report-pdf"),
    path("<int:pk>/laporan.docx", views.report_docx, name="report-docx"),
]
