"""Django's model backend, with two queries less on every page.

- The person's organisation is read with the person: every staff request needs it (its time zone, its name in the
  header, the scope of every read).
- Django's model permissions (tables auth_permission and the user's and groups' links to it) are read only for
  accounts that may enter the Django admin (`is_staff`), the one place that uses them; Sopan's own permissions are
  rules on roles (`policies.py`, django-rules), which every `has_perm` asks first.
"""

from __future__ import annotations

from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("organization").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
