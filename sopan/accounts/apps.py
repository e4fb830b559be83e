from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sopan.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sopan.accounts import identity
        from sopan.accounts.middleware import IdleSessionMiddleware

        identity.connect()

        user_logged_in.connect(IdleSessionMiddleware.stamp_login, dispatch_uid="sopan-session-stamp")
