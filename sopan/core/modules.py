"""What each app brings to the platform, declared in its own `module.py` and discovered here (DESIGN.md §3).

The kernel knows no domain app: it asks the installed apps what they bring. An app declares

    # sopan/<app>/module.py
    MODULE = Module(
        urls=(Urls("", "sopan.helpdesk.urls"),),
        navigation=(NavItem(_("Helpdesk"), "helpdesk:ticket-list", "headset", visible=policies.can_view_tickets),),
        periodic=(Periodic("sopan.helpdesk.tasks.escalate_tickets_at_risk", every=300),),
        capabilities=(Capability("helpdesk.view_reports", _("See the helpdesk reports"), roles=("lpse_head",)),),
        procedures=(Procedure("telephone_helpdesk", _("Telephone helpdesk"), frozenset({...}), "penanganan-..."),),
        demo="sopan.helpdesk.demo.seed",
    )

and adding a module is writing its package and one line in `INSTALLED_APPS` (docs/new-module.md). Apps are asked in
`INSTALLED_APPS` order (so `accounts` before the apps that use its personas). Declarations are plain data: labels are
lazy, tasks and hooks dotted paths, so `module.py` can be imported before any request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Urls:
    """URL patterns of the app, included under `prefix` (e.g. "sop/"); their namespace is the included module's."""

    prefix: str
    module: str


@dataclass(frozen=True)
class NavGroup:
    """A menu of the bar (e.g. "SOP", "Administration"); groups come after the single items, by `order`."""

    key: str
    label: Promise
    icon: str
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    """An entry of the navigation bar, shown when `visible(user)` (the views check permission themselves)."""

    label: Promise
    url: str  # a URL name, e.g. "helpdesk:ticket-list"
    icon: str  # a Bootstrap icon name
    visible: Callable[..., bool]  # (user) -> bool
    group: str = ""  # a NavGroup key; "" is on the bar itself
    order: int = 100  # lower first, across apps


@dataclass(frozen=True)
class Periodic:
    """A task the scheduler enqueues every `every` seconds (sopan.core.scheduler)."""

    task: str  # dotted path of a django-tasks task
    every: int


@dataclass(frozen=True)
class Capability:
    """Something a role may do, e.g. "helpdesk.view_reports"; the catalogue `roles` hold it by default.

    An organisation's own roles choose their capabilities from every installed app's (accounts)."""

    code: str
    label: Promise
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Procedure:
    """A procedure the app runs, with the SOP step keys its transitions record (the SOP engine checks them)."""

    code: str
    label: Promise
    required_steps: frozenset[str] = frozenset()
    reference_sop: str = ""  # the catalogue SOP that serves it as transcribed from the seeds


@dataclass(frozen=True)
class Module:
    urls: tuple[Urls, ...] = ()
    nav_groups: tuple[NavGroup, ...] = ()
    navigation: tuple[NavItem, ...] = ()
    periodic: tuple[Periodic, ...] = ()
    capabilities: tuple[Capability, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    demo: str = ""  # dotted path of seed(organization) -> None, idempotent; run in INSTALLED_APPS order
    # Named extension points the kernel calls (`call`), each a dotted path of a callable; e.g. "calendar_changed".
    hooks: dict[str, str] = field(default_factory=dict)
    label: str = ""  # filled by discovery: the app's label


@functools.cache
def installed() -> tuple[Module, ...]:
    """Every installed app's declaration, in INSTALLED_APPS order (apps without a `module.py` bring nothing)."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.module"
        if find_spec(config.name) is None or find_spec(name) is None:
            continue
        module = import_module(name).MODULE
        found.append(Module(**{**module.__dict__, "label": config.label}))
    return tuple(found)


_derived: list = []


def derived(function):
    """Cache what an app computes from the declarations (e.g. the capabilities of each role) until they change."""
    cached = functools.cache(function)
    _derived.append(cached)
    return cached


def forget() -> None:
    """Read the declarations again (a test that overrides INSTALLED_APPS), with everything derived from them."""
    installed.cache_clear()
    for cached in _derived:
        cached.cache_clear()


def each(attribute: str) -> Iterator:
    """Every item of one kind (e.g. "periodic") across the installed apps."""
    for module in installed():
        yield from getattr(module, attribute)


def call(hook: str, **kwargs) -> list:
    """Call every app's callable for `hook` (in INSTALLED_APPS order) and return their answers."""
    return [import_string(module.hooks[hook])(**kwargs) for module in installed() if hook in module.hooks]
