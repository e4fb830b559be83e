"""URLs of the vendors context, one module per side: the public portal, the LPSE desk and verifiers, vendor
accounts (lifecycle and data changes), and the blacklist register."""

from django.urls import include, path

from sopan.vendors.accounts import urls as urls_accounts
from sopan.vendors.blacklist import urls as urls_blacklist
from sopan.vendors.registration import urls_lpse, urls_public

app_name = "vendors"
urlpatterns = [
    path("daftar/", include(urls_public.urlpatterns)),
    path("registrasi/", include(urls_lpse.urlpatterns)),
    path("registrasi/daftar-hitam/", include(urls_blacklist.urlpatterns)),
    path("penyedia/", include(urls_accounts.urlpatterns)),
]
