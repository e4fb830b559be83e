"""The register of service suppliers, declared (sopan.core.registers): list, filters, edit with history, XLSX export
and import. A contract is registered on its own page (services.contracts), which runs the SOP steps."""

from django.utils.translation import gettext_lazy as _

from sopan.core.registers import SEARCH, Column, Filter, Register
from sopan.suppliers import policies

SUPPLIERS = Register(
    model="suppliers.Supplier",
    noun="supplier",
    title=_("Service supplier register"),
    fields=("name", "service", "contact_person", "phone", "email", "address"),
    list_columns=("name", "service", "contact_person", "phone", "email"),
    filters=(Filter("service"), Filter("q", kind=SEARCH, fields=("name", "contact_person"))),
    order=("name", "id"),
    capability_view=policies.VIEW,
    capability_edit=policies.MANAGE,
    columns=(
        Column("name", "Nama Pendukung Layanan"),
        Column("service", "Jenis Layanan"),
        Column("contact_person", "Narahubung"),
        Column("phone", "Telepon"),
        Column("email", "Surel"),
        Column("address", "Alamat"),
    ),
    audit_prefix="suppliers.supplier",
)
