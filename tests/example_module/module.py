"""What the example module brings, declared as every Sopan app declares it (sopan.core.modules): one page and its
entry on the bar, a capability, a periodic task, a procedure, demo data and a hook. Nothing outside this package
names it; the settings that install it add one line to INSTALLED_APPS (settings.py)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Periodic, Procedure, Urls
from tests.example_module import policies

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("contoh/", "tests.example_module.urls"),),
    navigation=(NavItem(_("Example pages"), "example_module:index", "stars", policies.can_see_examples, order=60),),
    periodic=(Periodic("tests.example_module.tasks.tidy_examples", every=600),),
    procedures=(
        Procedure("example_procedure", _("Example procedure"), frozenset({"terima-contoh", "arsipkan-contoh"})),
    ),
    demo="tests.example_module.demo.seed",
    hooks={"calendar_changed": "tests.example_module.hooks.calendar_changed"},
)
