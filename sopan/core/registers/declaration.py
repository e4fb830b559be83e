"""What a register is: a declaration, not a copy (issue 15 §7).

Risks, assets, KPIs and service suppliers are registers: rows of one organisation, listed with filters, created and
edited with their field history, imported from and exported to XLSX. An app declares one

    RISKS = Register(
        model="risks.Risk", noun="risk", title=_("Risk register"),
        fields=("title", "category", "level", "owner", "due_on"),
        list_columns=("title", "category", "level", "due_on"),
        filters=(Filter("category"), Filter("q", kind=SEARCH, fields=("title", "owner")), Filter("due_on", kind=DATES)),
        order=("-due_on", "-id"),
        capability_view="risks.view_risk", capability_edit="risks.manage_risk",
        columns=(Column("title", "Judul Risiko"), Column("category", "Kategori"), ...),
        audit_prefix="risks.risk",
    )

includes `register_urlpatterns(RISKS)` in its urls.py, registers the two permissions as `rules` predicates scoped by
organisation, and names the three audit events (`<prefix>.created`, `.updated`, `.imported`) in its audit_events.py.
The kernel knows no domain: the model is named by its label and resolved when first used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db import models
from django.utils.functional import Promise

CHOICE = "choice"
SEARCH = "search"
DATES = "dates"

DEFAULT_PAGE_SIZE = 50
MAX_EXPORT_ROWS = 10_000  # an export is bounded: a register bigger than this is filtered first
MAX_IMPORT_ROWS = 2_000  # one transaction; a bigger file is split by the office


@dataclass(frozen=True)
class Filter:
    """A filter of the list: a choice field (`CHOICE`), a text search over `fields` (`SEARCH`, parameter `name`), or
    a date range on a date field (`DATES`, parameters `<name>_from` and `<name>_to`)."""

    name: str  # the model field (CHOICE, DATES) or the query parameter (SEARCH)
    kind: str = CHOICE
    fields: tuple[str, ...] = ()  # SEARCH: the text fields searched (case-insensitive, contains)
    label: Promise | str | None = None  # default: the field's verbose name (SEARCH: "Search")


@dataclass(frozen=True)
class Column:
    """A column of the XLSX file: the model field and its header as the office's spreadsheet writes it (Indonesian,
    fixed whatever the interface language, since it is the file's format)."""

    field: str
    header: str


@dataclass(frozen=True, eq=False)
class Register:
    model: str  # "app_label.ModelName"; the model has an `organization` foreign key (or `organization_field`)
    noun: str  # URL names "<noun>-list", "<noun>-create", …; e.g. "risk"
    title: Promise | str  # the list page's heading
    fields: tuple[str, ...]  # the form's fields, in order
    list_columns: tuple[str, ...]
    capability_view: str  # a `rules` permission checked as user.has_perm(code, obj)
    capability_edit: str
    audit_prefix: str  # "<app>.<noun>": events "<prefix>.created", "<prefix>.updated", "<prefix>.imported"
    filters: tuple[Filter, ...] = ()
    order: tuple[str, ...] = ("-id",)  # ends with a unique field, matches an index (keyset pagination)
    columns: tuple[Column, ...] = ()  # import/export; none: no import or export
    organization_field: str = "organization"
    version_field: str = "version"  # used when the model has it: a save made on a stale copy is refused
    page_size: int = DEFAULT_PAGE_SIZE
    item_label: Promise | str | None = None  # "Risk"; default: the model's verbose name
    extra: dict = field(default_factory=dict)  # the app's own settings, passed to its templates as `register.extra`

    @cached_property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def verbose_name(self) -> str:
        return self.item_label or self.model_class._meta.verbose_name

    @cached_property
    def versioned(self) -> bool:
        return any(f.name == self.version_field for f in self.model_class._meta.get_fields())

    def model_field(self, name: str) -> models.Field:
        return self.model_class._meta.get_field(name)

    def audit_code(self, event: str) -> str:
        """One of the register's three audit codes; `event` is "created", "updated" or "imported"."""
        if event not in ("created", "updated", "imported"):
            raise ValueError(f"a register writes no {event!r} event")
        return f"{self.audit_prefix}.{event}"

    def url_name(self, view: str) -> str:
        return f"{self.noun}-{view}"
