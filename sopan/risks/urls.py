"""URLs of the risk register, under /risiko/ (issue 19 §4)."""

from django.urls import path

from sopan.risks import views, views_criteria, views_files

app_name = "risks"
urlpatterns = [
    path("", views.risk_list, name="risk-list"),
    path("baru/", views.risk_create, name="risk-create"),
    path("pustaka/", views_files.library, name="library"),
    path("kriteria/<int:pk>/", views_criteria.criteria_edit, name="criteria-edit"),
    path("ekspor.xlsx", views_files.register_xlsx, name="register-xlsx"),
    path("cetak.pdf", views_files.register_pdf, name="register-pdf"),
    path("impor/", views_files.register_import, name="register-import"),
    path("<int:pk>/", views.risk_detail, name="risk-detail"),
    path("<int:pk>/analisis/", views.risk_analyse, name="risk-analyse"),
    path("<int:pk>/residual/", views.risk_residual, name="risk-residual"),
    path("<int:pk>/status/", views.risk_transition, name="risk-transition"),
    path("<int:pk>/penanganan/", views.treatment_add, name="treatment-add"),
    path("<int:pk>/penanganan/<int:tid>/selesai/", views.treatment_done, name="treatment-done"),
    path("<int:pk>/penanganan/<int:tid>/bukti/", views_files.treatment_evidence, name="treatment-evidence"),
    path("<int:pk>/pemantauan/", views.monitoring_add, name="monitoring-add"),
]
