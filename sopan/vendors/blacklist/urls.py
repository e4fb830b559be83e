"""The blacklist register, mounted at /registrasi/daftar-hitam/ in the "vendors" namespace."""

from django.urls import path

from sopan.vendors.blacklist import views

urlpatterns = [
    path("", views.blacklist_list, name="blacklist-list"),
    path("impor/", views.blacklist_import, name="blacklist-import"),
    path("riwayat/", views.blacklist_history, name="blacklist-history"),
]
