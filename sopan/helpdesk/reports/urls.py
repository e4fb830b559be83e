"""URLs of the helpdesk: reports (mounted at /helpdesk/laporan/)."""

from django.urls import path

from sopan.helpdesk.reports import views

urlpatterns = [
    path("", views.report, name="report"),
    path("unduh.xlsx", views.report_xlsx, name="report-xlsx"),
    path("unduh.pdf", views.report_pdf, name="report-pdf"),
]
