from django.urls import path

from sopan.accounts import urls_admin, views

app_name = "accounts"
urlpatterns = [
    path("akun/masuk/", views.LoginView.as_view(), name="login"),
    path("akun/keluar/", views.LogoutView.as_view(), name="logout"),
    path("akun/2fa/pasang/", views.two_factor_setup, name="two-factor-setup"),
    path("akun/2fa/verifikasi/", views.two_factor_verify, name="two-factor-verify"),
    path("akun/2fa/kode-pemulihan/", views.recovery_codes_regenerate, name="recovery-codes"),
    path("akun/2fa/matikan/", views.two_factor_disable, name="two-factor-disable"),
    path("akun/profil/", views.profile, name="profile"),
    path("akun/kata-sandi/", views.PasswordChangeView.as_view(), name="password-change"),
    path("akun/lupa-kata-sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path("akun/lupa-kata-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "akun/atur-kata-sandi/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("akun/atur-kata-sandi/selesai/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("organisasi/<slug:slug>/logo/", views.organization_logo, name="organization-logo"),
    *urls_admin.urlpatterns,
]
