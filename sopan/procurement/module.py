"""What procurement brings to the platform (sopan.core.modules): its capabilities, its pages (the package list, a
package's page, the RUP import) with their entry on the bar, and demo packages. Stage transitions with their SOP
steps, documents and OCDS come with the next parts of issue 17."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Urls
from sopan.procurement import policies

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("pengadaan/", "sopan.procurement.urls"),),
    navigation=(
        NavItem(
            _("Procurement packages"), "procurement:package-list", "box-seam", policies.can_view_packages, order=16
        ),
    ),
    demo="sopan.procurement.demo.seed",
)
