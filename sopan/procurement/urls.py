"""URLs of the procurement context, under /pengadaan/: the package list and dashboard, a package's page with its
stage actions and printed documents, the RUP import and the public OCDS release package."""

from django.urls import path

from sopan.procurement import (
    views,
    views_assistance,
    views_availability,
    views_dashboard,
    views_ocds,
    views_printing,
    views_spse,
    views_stages,
)

app_name = "procurement"
urlpatterns = [
    path("", views.package_list, name="package-list"),
    path("impor-rup/", views.rup_import_page, name="rup-import"),
    path("<int:pk>/", views.package_detail, name="package-detail"),
    # the stages on the package's page: one POST per transition, with the version the person saw
    path("<int:pk>/aksi/<str:transition>/", views_stages.package_action, name="package-action"),
    # the printed documents of a package (issue 17 §5)
    path("<int:pk>/cetak/permohonan.pdf", views_printing.print_request, name="print-request"),
    path("<int:pk>/cetak/sk-pokja.pdf", views_printing.print_pokja_decree, name="print-pokja-decree"),
    path("<int:pk>/cetak/reviu-<int:round>.pdf", views_printing.print_review, name="print-review"),
    path("<int:pk>/cetak/surat-tugas.pdf", views_printing.print_assistance, name="print-assistance"),
    # the availability analysis (issue 17 §4) and its report (§5)
    path("<int:pk>/ketersediaan/", views_availability.availability_page, name="availability"),
    path("<int:pk>/cetak/analisa-ketersediaan.pdf", views_availability.print_availability, name="print-availability"),
    # the pipeline dashboard (issue 17 §6): stages per agency, time in stage, review rounds, Pokja workload
    path("dasbor/", views_dashboard.dashboard, name="dashboard"),
    # public: the organisation's packages as OCDS 1.1.5 (the same document as `manage.py export_ocds`)
    path("publik/<slug:org>/ocds.json", views_ocds.ocds_release_package, name="ocds"),
    # the SPSE import (issue 17 §1): the tender milestones, preview then confirm
    path("impor-spse/", views_spse.spse_import_page, name="spse-import"),
    # the assistance of a package by a Jabfung PPBJ (issue 17 §2): request, appoint, report, close
    path("<int:pk>/pendampingan/", views_assistance.assistance_request, name="assistance-request"),
    path("<int:pk>/pendampingan/<int:aid>/<str:action>/", views_assistance.assistance_action, name="assistance-action"),
]
