"""Django's model backend, with two queries less on every page.

- The person is read with their organisation, their roles of today and their authenticators, and kept in the cache
  between requests (`identity.py`): every staff request needs them (its time zone, its name in the header, the scope
  of every read, what they may do, whether the session passed the second factor).
- Django's model permissions (tables auth_permission and the user's and groups' links to it) are read only for
  accounts that may enter the Django admin (`is_staff`), the one place that uses them; Sopan's own permissions are
  rules on roles (`policies.py`, django-rules), which every `has_perm` asks first.
"""

from __future__ import annotations

from django.contrib.auth import backends

from sopan.accounts import identity


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = identity.load(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
