"""URLs of the unit's performance under /kinerja/ (issue 19 §4): the year's indicators by quarter, the indicator
register (indikator/), an indicator's page with its chart, realisations and action plans, and the performance
reports with their approval and PDF."""

from django.urls import include, path

from sopan.core.registers.views import register_urlpatterns
from sopan.indicators import views
from sopan.indicators.registers import INDICATORS

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indikator/", include(register_urlpatterns(INDICATORS))),
    path("<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("<int:pk>/realisasi/", views.realisation_record, name="realisation-record"),
    path("<int:pk>/realisasi/<int:quarter>/bukti/", views.evidence, name="evidence"),
    path("<int:pk>/rencana-aksi/", views.action_plan_add, name="action-plan-add"),
    path("<int:pk>/rencana-aksi/<int:plan>/selesai/", views.action_plan_done, name="action-plan-done"),
    path("laporan/", views.report_list, name="report-list"),
    path("laporan/<int:pk>/", views.report_detail, name="report-detail"),
    path("laporan/<int:pk>/status/", views.report_transition, name="report-transition"),
    path("laporan/<int:pk>/cetak.pdf", views.report_print, name="report-print"),
]
