"""The organisations: one template made through the project's own services (units, staff with their roles and TOTP
devices, the two SOPs imported, approved, put in force and bound, the priority table, the document list), then its
rows copied in bulk for every other organisation, with their own names, staff, SOP headers and ids.

Staff user IDs are predictable: `<org slug>.<role name>` as in the demo (`kota-salatiga.helpdesk`,
`kab-batang.verifikator`, `prov-aceh.kepala.lpse` …); every account shares one password (`PASSWORD`, hashed once).
Each staff member has a confirmed TOTP device whose key is `accounts.demo.demo_totp_key(username)` and the
organisations are marked as demo ones, so `manage.py demo_totp <user ID>` prints a current code and a load test can
compute one (django_otp's `totp(bytes.fromhex(key))`).
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass, field, replace

from django.db import models, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from benchmarks.datagen import bulk, identity, people, procurement
from benchmarks.datagen.regions import OrgSpec
from sopan.accounts import demo as accounts_demo
from sopan.accounts import roles, services
from sopan.accounts.models import Organization, OrgUnit, RoleAssignment, User
from sopan.helpdesk.defaults import ensure_priority_table
from sopan.helpdesk.models import PriorityLevel, PriorityRule
from sopan.sop import definition
from sopan.sop.models import ProcedureBinding, Sop, SopVersion
from sopan.sop.services import versions
from sopan.vendors.defaults import ensure_required_documents
from sopan.vendors.models import RequiredDocument

PASSWORD = "bench-2026"
# The staff of every organisation: one persona per staff role of the demo, and a second agent and verifier.
STAFF = (
    *(p for p in accounts_demo.PERSONAS if roles.get(p.role).staff),
    accounts_demo.Persona("helpdesk2", "", "helpdesk_agent", "LPSE"),
    accounts_demo.Persona("verifikator2", "", "verifier", "LPSE"),
    *procurement.STAFF,  # a PPK and a PA/KPA per agency, eight Pokja members
)
# The SOPs every organisation runs: (catalogue folder, key, procedure). Salatiga's own seeds have neither; the demo
# adopts Batang's telephone SOP and Pagar Alam's registration SOP the same way.
SOPS = (
    ("batang", "penanganan-permasalahan-telepon", "telephone_helpdesk"),
    ("pagar-alam", "rekrutmen-registrasi-penyedia", "vendor_registration"),
    # the packages' (issue 17 §2): `procurement.module`'s procedures, Pagar Alam's SOPs as in the demo
    ("pagar-alam", "persiapan-pengadaan", "procurement_preparation"),
    ("pagar-alam", "persiapan-pemilihan-penyedia", "procurement_selection_preparation"),
    ("pagar-alam", "proses-utama-pbj", "procurement_main"),
)


@dataclass
class Org:
    """What the generators need to know of one organisation, by id."""

    index: int
    spec: OrgSpec
    id: int
    staff: dict[str, int] = field(default_factory=dict)  # persona username → user id
    staff_names: dict[int, str] = field(default_factory=dict)  # user id → full name
    lpse_unit: int = 0
    versions: dict[str, tuple[int, int]] = field(default_factory=dict)  # procedure → (sop id, version id)
    priorities: dict[str, int] = field(default_factory=dict)  # code → id
    documents: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)  # required: id, code, forms


def _adapted(item: definition.Definition, spec: OrgSpec, head: tuple[str, str]) -> definition.Definition:
    header = spec.letterhead.splitlines()
    ident = replace(
        item.identity,
        organization=header[0],
        unit=" ".join(header[1:]),
        number=f"SOP/{spec.slug.upper()}/{item.key[:14].upper()}/2024",
        approved_by=definition.Person(position="Kepala LPSE", name=head[0], nip=head[1]),
    )
    return replace(item, identity=ident)


@transaction.atomic
def build_template(spec: OrgSpec, *, since: datetime.date, password_hash: str, rng: random.Random) -> Organization:
    """The first organisation, made as an administrator would make it."""
    organization = accounts_demo.ensure_organization(
        {
            "name": spec.name,
            "slug": spec.slug,
            "timezone": spec.timezone,
            "address": spec.address,
            "letterhead": spec.letterhead,
        },
        (*accounts_demo.UNITS, *procurement.AGENCY_UNITS),
        is_demo=True,
    )
    units = {u.code: u for u in OrgUnit.objects.filter(organization=organization)}
    people_by_role = {}
    own = random.Random(procurement.NAMES_SEED)  # the procurement staff draw apart: the other draws stay as they were
    main = rng
    for persona in STAFF:
        rng = own if persona in procurement.STAFF else main
        full_name, female = people.official(rng)
        username = f"{spec.slug}.{persona.username}"
        user = services.user_create(
            organization=organization,
            username=username,
            full_name=full_name,
            email=f"{persona.username.replace('.', '')}@{spec.slug}.go.id",
            nip=identity.nip(rng, female=female, today=since),
            phone="+62" + identity.mobile(rng)[1:],
            by=None,
            send_invitation=False,
        )
        services.role_assign(
            user=user,
            role=persona.role,
            unit=units[persona.unit],
            valid_from=since,
            decree_number=f"800/{rng.randint(10, 999)}/{persona.unit}/SK/{since.year}",
            decree_date=since,
            by=None,
        )
        TOTPDevice.objects.create(user=user, name="bench", key=accounts_demo.demo_totp_key(username), confirmed=True)
        people_by_role.setdefault(persona.role, user)
    rng = main
    User.objects.filter(organization=organization).update(password=password_hash)

    admin, head = people_by_role["system_admin"], people_by_role["lpse_head"]
    catalogue = definition.load_catalogue()
    for folder, key, procedure in SOPS:
        item = next(d for d in catalogue[folder] if d.key == key)
        adapted = _adapted(item, spec, (head.full_name, head.nip))
        version = versions.sop_import(organization=organization, text=adapted.to_yaml(), by=admin, source=key)
        versions.version_submit(version=version, by=admin)
        versions.version_approve(version=version, by=head)
        versions.version_make_effective(version=version, by=admin, on=since)
        versions.procedure_bind(organization=organization, procedure=procedure, sop=version.sop, by=admin)
    ensure_priority_table(organization)
    ensure_required_documents(organization)
    return organization


# --- copying the template -----------------------------------------------------------------------------------------
# (model, how its rows are found from the organisation)
CLONED: tuple[tuple[type[models.Model], str], ...] = (
    (Organization, "pk"),
    (OrgUnit, "organization"),
    (User, "organization"),
    (RoleAssignment, "organization"),
    (TOTPDevice, "user__organization"),
    (Sop, "organization"),
    (SopVersion, "organization"),
    (ProcedureBinding, "organization"),
    (PriorityLevel, "organization"),
    (PriorityRule, "organization"),
    (RequiredDocument, "organization"),
)


class Cloner:
    """Copies the template's rows for organisations 1 … n-1: new ids in blocks, foreign keys to copied rows mapped to
    the same organisation's copy, the organisation-specific fields rewritten."""

    def __init__(self, template: Organization, specs: list[OrgSpec], *, since: datetime.date, rng: random.Random):
        self.template, self.specs, self.since, self.rng = template, specs, since, rng
        self.own_rng = random.Random(procurement.NAMES_SEED + 1)  # the procurement staff's draws (build_template)
        self.own = {p.username for p in procurement.STAFF}
        self.rows: dict[type[models.Model], list[dict]] = {}
        self.base: dict[type[models.Model], int] = {}
        self.position: dict[type[models.Model], dict[int, int]] = {}
        for model, path in CLONED:
            fields = [f.attname for f in model._meta.concrete_fields]
            rows = list(model.objects.filter(**{path: template.pk}).order_by("pk").values(*fields))
            self.rows[model] = rows
            self.position[model] = {row["id"]: n for n, row in enumerate(rows)}
            self.base[model] = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        self.heads: dict[int, tuple[str, str]] = {}
        self.names: dict[int, str] = {}  # new user id → full name

    def new_id(self, model, k: int, template_id: int | None) -> int | None:
        """The id of organisation k's copy of a template row (k ≥ 1)."""
        if template_id is None or template_id not in self.position[model]:
            return template_id  # not a copied row (e.g. nobody, or a row outside the organisation)
        return self.base[model] + (k - 1) * len(self.rows[model]) + self.position[model][template_id]

    def run(self, conninfo: str) -> dict[str, int]:
        counts = {}
        for model, _path in CLONED:
            fields = [f.attname for f in model._meta.concrete_fields]
            relations = {
                f.attname: f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in self.rows
            }
            adjust = getattr(self, f"_adjust_{model._meta.model_name}", None)
            as_json = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]

            def copies(model=model, fields=fields, relations=relations, adjust=adjust, as_json=as_json):
                for k in range(1, len(self.specs)):
                    for row in self.rows[model]:
                        new = dict(row)
                        new["id"] = self.new_id(model, k, row["id"])
                        for name, target in relations.items():
                            new[name] = self.new_id(target, k, row[name])
                        if adjust is not None:
                            adjust(new, row, k, self.specs[k])
                        for name in as_json:
                            new[name] = json.dumps(new[name])
                        yield tuple(new[name] for name in fields)

            counts[model._meta.db_table] = bulk.load(conninfo, model, fields, copies()).rows
        return counts

    # --- what differs between organisations ----------------------------------------------------------------------
    def _adjust_organization(self, row, _template, k, spec: OrgSpec):
        row.update(name=spec.name, slug=spec.slug, timezone=spec.timezone, address=spec.address)
        row["letterhead"] = spec.letterhead

    def _adjust_user(self, row, _template, k, spec: OrgSpec):
        suffix = row["username"].removeprefix(f"{self.template.slug}.")
        rng = self.own_rng if suffix in self.own else self.rng
        full_name, female = people.official(rng)
        row.update(
            username=f"{spec.slug}.{suffix}",
            full_name=full_name,
            email=f"{suffix.replace('.', '')}@{spec.slug}.go.id",
            nip=identity.nip(rng, female=female, today=self.since),
            phone="+62" + identity.mobile(rng)[1:],
        )
        self.names[row["id"]] = full_name
        if suffix == "kepala.lpse":
            self.heads[k] = (full_name, row["nip"])

    def _adjust_totpdevice(self, row, template, k, spec: OrgSpec):
        user = next(u for u in self.rows[User] if u["id"] == template["user_id"])
        suffix = user["username"].removeprefix(f"{self.template.slug}.")
        row["key"] = accounts_demo.demo_totp_key(f"{spec.slug}.{suffix}")

    def _adjust_sopversion(self, row, _template, k, spec: OrgSpec):
        parsed = definition.from_data(row["definition"], source="template")
        row["definition"] = _adapted(parsed, spec, self.heads[k]).as_data()
        row["number"] = row["definition"]["identity"]["number"]


def organizations(template: Organization, cloner: Cloner | None, specs: list[OrgSpec]) -> list[Org]:
    """Every organisation with the ids the generators need (read from the template, mapped for the copies)."""
    users = list(User.objects.filter(organization=template).values_list("id", "username", "full_name"))
    staff = {username.removeprefix(f"{template.slug}."): pk for pk, username, _name in users}
    names = {pk: name for pk, _username, name in users}
    lpse = OrgUnit.objects.get(organization=template, kind=OrgUnit.Kind.LPSE).pk
    bound = {
        b.procedure: (b.sop_id, SopVersion.objects.get(sop_id=b.sop_id, status=SopVersion.Status.EFFECTIVE).pk)
        for b in ProcedureBinding.objects.filter(organization=template)
    }
    priorities = dict(PriorityLevel.objects.filter(organization=template).values_list("code", "id"))
    documents = [
        (d.pk, d.code, tuple(d.legal_forms))
        for d in RequiredDocument.objects.filter(organization=template, applicant_kind="vendor", is_required=True)
    ]
    found = []
    for k, spec in enumerate(specs):

        def mapped(model, pk, k=k):
            return pk if k == 0 else cloner.new_id(model, k, pk)

        found.append(
            Org(
                index=k,
                spec=spec,
                id=mapped(Organization, template.pk),
                staff={name: mapped(User, pk) for name, pk in staff.items()},
                staff_names={mapped(User, pk): names[pk] if k == 0 else cloner.names[mapped(User, pk)] for pk in names},
                lpse_unit=mapped(OrgUnit, lpse),
                versions={p: (mapped(Sop, s), mapped(SopVersion, v)) for p, (s, v) in bound.items()},
                priorities={code: mapped(PriorityLevel, pk) for code, pk in priorities.items()},
                documents=[(mapped(RequiredDocument, pk), code, forms) for pk, code, forms in documents],
            )
        )
    return found
