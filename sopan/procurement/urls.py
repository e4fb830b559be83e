"""URLs of the procurement context, under /pengadaan/: the package list, a package's page, the RUP import and
the public OCDS release package."""

from django.urls import path

from sopan.procurement import views, views_dashboard, views_ocds

app_name = "procurement"
urlpatterns = [
    path("", views.package_list, name="package-list"),
    path("impor-rup/", views.rup_import_page, name="rup-import"),
    path("<int:pk>/", views.package_detail, name="package-detail"),
    # public: the organisation's packages as OCDS 1.1.5 (the same document as `manage.py export_ocds`)
    path("publik/<slug:org>/ocds.json", views_ocds.ocds_release_package, name="ocds"),
    # the pipeline dashboard (issue 17 §6): stages per agency, time in stage, review rounds, Pokja workload
    path("dasbor/", views_dashboard.dashboard, name="dashboard"),
]

# The printed documents of a package (issue 17 §5: views_printing).
from sopan.procurement import views_printing  # noqa: E402

urlpatterns += [
    path("<int:pk>/cetak/permohonan.pdf", views_printing.print_request, name="print-request"),
    path("<int:pk>/cetak/sk-pokja.pdf", views_printing.print_pokja_decree, name="print-pokja-decree"),
    path("<int:pk>/cetak/reviu-<int:round>.pdf", views_printing.print_review, name="print-review"),
    path("<int:pk>/cetak/surat-tugas.pdf", views_printing.print_assistance, name="print-assistance"),
]
