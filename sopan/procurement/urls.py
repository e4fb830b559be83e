"""URLs of the procurement context, under /pengadaan/: the package list, a package's page, the RUP import and
the public OCDS release package."""

from django.urls import path

from sopan.procurement import views, views_ocds, views_stages

app_name = "procurement"
urlpatterns = [
    path("", views.package_list, name="package-list"),
    path("impor-rup/", views.rup_import_page, name="rup-import"),
    path("<int:pk>/", views.package_detail, name="package-detail"),
    # public: the organisation's packages as OCDS 1.1.5 (the same document as `manage.py export_ocds`)
    path("publik/<slug:org>/ocds.json", views_ocds.ocds_release_package, name="ocds"),
    # the stages on the package's page (views_stages): one POST per transition, with the version the person saw
    path("<int:pk>/aksi/<str:transition>/", views_stages.package_action, name="package-action"),
]
