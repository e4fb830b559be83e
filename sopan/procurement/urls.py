"""URLs of the procurement context, under /pengadaan/: the package list, a package's page and the RUP import."""

from django.urls import path

from sopan.procurement import views

app_name = "procurement"
urlpatterns = [
    path("", views.package_list, name="package-list"),
    path("impor-rup/", views.rup_import_page, name="rup-import"),
    path("<int:pk>/", views.package_detail, name="package-detail"),
]
