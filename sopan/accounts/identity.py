"""The signed-in person between requests (issue 21 goal 5): one cache read instead of three queries a page.

Every page of a signed-in person needs the person with their organisation (its time zone, its name, the scope of every
read), the roles they hold today (catalogue and the organisation's own, hence what they may do) and the authenticator
that verified the session. These change seldom, so they are kept together in the cache (Redis in production, where a
page then pays no query for them; the database cache in the embedded tier, one query) under the person's id, for
today only (an assignment by SK starts and ends on a date).

An entry is forgotten whenever what it holds changes: the person, their role assignments, their authenticators, their
organisation, its own roles and its units (signals below, at once and again after the commit, so a request racing the
transaction cannot keep what was replaced; a bulk UPDATE of people, assignments or organisations through
`IdentityQuerySet`). TTL bounds the life of an entry changed outside Sopan (SQL by hand): docs/operations.md says to
clear the cache after such a change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

TTL = 300  # seconds: a backstop only; every change made through Sopan forgets the entry at once
VERSION = 1  # raise when what an entry holds changes shape: older entries are then never read


def _key(user_id) -> str:
    return f"sopan:identity:{VERSION}:{user_id}"


def load(user_id):
    """The person (organisation, today's roles and confirmed authenticators attached), or None if there is none.

    Each call returns a fresh object (read from the cache or from the database), so nothing a request attaches to it
    reaches another request."""
    today = timezone.localdate()
    entry = cache.get(_key(user_id))
    if entry is not None and entry[0] == today:
        return entry[1]
    user = _read(user_id, today)
    if user is not None:
        cache.set(_key(user_id), (today, user), TTL)
    return user


def _read(user_id, today: datetime.date):
    from django.contrib.auth import get_user_model
    from django_otp import devices_for_user

    from sopan.accounts.models import RoleAssignment

    User = get_user_model()
    try:
        user = User._default_manager.select_related("organization").get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        return None
    # The cached properties of the model, filled here so that they travel with the entry (models.User).
    if user.is_active:
        user.__dict__["active_assignments"] = list(
            RoleAssignment.objects.active(today).filter(user=user).select_related("unit")
        )
    user.capabilities  # noqa: B018  (computes role_codes, roles and capabilities, all cached on the instance)
    user.__dict__["identity_devices"] = {device.persistent_id: device for device in devices_for_user(user)}
    return user


def forget(user_ids: Iterable[int]) -> None:
    """Drop these people's entries now and again when the current transaction commits."""
    keys = [_key(user_id) for user_id in set(user_ids) if user_id is not None]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


class IdentityQuerySet(models.QuerySet):
    """A bulk UPDATE sends no signal: it forgets the entries of the people whose rows it changes (one query more, for
    writes that are rare: switching accounts off, ending assignments). `people` is the path from a row to them."""

    people = "pk"

    def update(self, **kwargs):
        forget(self.values_list(self.people, flat=True))
        return super().update(**kwargs)

    update.alters_data = True


# --- what changes an entry --------------------------------------------------------------------------------------
def _user_changed(sender, instance, **kwargs):
    forget([instance.pk])


def _assignment_changed(sender, instance, **kwargs):
    forget([instance.user_id])


def _device_changed(sender, instance, **kwargs):
    forget([instance.user_id])


def _organization_changed(sender, instance, **kwargs):
    from django.contrib.auth import get_user_model

    forget(get_user_model()._default_manager.filter(organization_id=instance.pk).values_list("pk", flat=True))


def _own_role_changed(sender, instance, **kwargs):
    from sopan.accounts.models import RoleAssignment

    holders = RoleAssignment.objects.filter(organization_id=instance.organization_id, role=instance.code)
    forget(holders.values_list("user_id", flat=True))


def _unit_changed(sender, instance, **kwargs):
    from sopan.accounts.models import RoleAssignment

    forget(RoleAssignment.objects.filter(unit_id=instance.pk).values_list("user_id", flat=True))


def connect() -> None:
    """Called once from AccountsConfig.ready()."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django_otp.models import Device

    from sopan.accounts.models import Organization, OrganizationRole, OrgUnit, RoleAssignment

    devices = [model for model in apps.get_models() if issubclass(model, Device)]  # TOTP, static recovery codes
    handlers = (
        (get_user_model(), _user_changed),
        (RoleAssignment, _assignment_changed),
        (Organization, _organization_changed),
        (OrganizationRole, _own_role_changed),
        (OrgUnit, _unit_changed),
        *((model, _device_changed) for model in devices),
    )
    for model, handler in handlers:
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"sopan-identity-{model._meta.label}-{id(signal)}")
