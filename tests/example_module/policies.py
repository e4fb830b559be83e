"""Who may see the example pages: a capability of this module, held by default by the vendor's administrator (the
catalogue role) and selectable for an organisation's own roles, with the organisation as the rule's scope."""

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization
from sopan.core.modules import Capability

CAPABILITIES = (Capability("example_module.see_examples", _("See the example pages"), roles=("vendor_admin",)),)

rules.add_perm(
    "example_module.see_examples",
    rules.is_authenticated & has_capability("example_module.see_examples") & in_same_organization,
)


def can_see_examples(user, obj=None) -> bool:
    return user.has_perm("example_module.see_examples", obj)
