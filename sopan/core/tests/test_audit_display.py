"""The audit trail reads as Indonesian (issue 14 §5): events in words, field labels, formatted values."""

from __future__ import annotations

import ast
import datetime
import pathlib
import re
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags

from sopan.accounts import services
from sopan.accounts.models import OrgUnit
from sopan.core import audit, audit_display
from sopan.core.audit_display import EMPTY, Fact, _Formatter, _Spec
from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.core.workflow import Workflow

SOURCE = pathlib.Path(__file__).resolve().parents[2]  # the sopan package
CODE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")

# Codes built with f-strings, resolved by hand: file -> the codes it can write. Workflows write their transitions'
# literal codes, collected from the workflows themselves below.
RESOLVED_FSTRINGS = {
    "accounts/services/two_factor.py": {"accounts.two_factor.enabled", "accounts.two_factor.replaced"},  # _totp_confirm
}


def _written_codes() -> dict[str, str]:
    """Every audit action code the source writes: `action=` literals, f-strings resolved, workflow transitions."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.keyword) and node.arg == "action"):
                continue
            for sub in ast.walk(node.value):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and CODE.match(sub.value):
                    found.setdefault(sub.value, f"{relative}:{sub.lineno}")
                elif isinstance(sub, ast.JoinedStr):
                    assert relative in RESOLVED_FSTRINGS, (
                        f"{relative}:{sub.lineno} builds an audit code with an f-string: list what it writes "
                        "in RESOLVED_FSTRINGS and name those events in the app's audit_events.py"
                    )
                    for code in RESOLVED_FSTRINGS[relative]:
                        found.setdefault(code, f"{relative}:{sub.lineno}")
    for code, where in _workflow_codes().items():
        found.setdefault(code, where)
    return found


def _workflow_codes() -> dict[str, str]:
    """The literal code of every transition of every Workflow in the installed apps' workflows modules."""
    codes = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("sopan."):
            continue
        root = pathlib.Path(config.path)
        for path in sorted(root.rglob("workflows*.py")):  # the app's and its features' (vendors/accounts/workflows.py)
            if "tests" in path.relative_to(root).parts:
                continue
            module = import_module(".".join((config.name, *path.relative_to(root).with_suffix("").parts)))
            for name, value in vars(module).items():
                if isinstance(value, Workflow):
                    for transition in value.transitions:
                        if transition.audit:  # "" writes no event of its own
                            codes[transition.audit] = f"{module.__name__}.{name}"
    return codes


def test_every_audit_code_the_code_writes_has_a_name_in_words():
    written = _written_codes()
    assert len(written) > 100  # the collection itself works (literals, two-factor f-string and workflows)
    assert {"accounts.two_factor.enabled", "helpdesk.ticket.resolved", "vendors.registration.approved"} <= set(written)
    events = audit_display.declarations()[0]
    missing = {code: where for code, where in written.items() if code not in events}
    assert not missing, f"audit events without a name in an audit_events.py: {missing}"


def test_every_key_the_code_writes_has_a_label_of_its_own():
    """Keys of literal `changes={...}` dicts: declared for the event or for all, or a model field (its verbose_name);
    never shown as an attribute name made readable (English words in an Indonesian page)."""
    facts = audit_display.declarations()[1]
    fields = {
        name for model in apps.get_models() for field in model._meta.get_fields()
        for name in (field.name, getattr(field, "attname", field.name))
    }  # fmt: skip
    unlabelled, seen = [], 0
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            arguments = {k.arg: k.value for k in getattr(node, "keywords", ())} if isinstance(node, ast.Call) else {}
            action, changes = arguments.get("action"), arguments.get("changes")
            if not (isinstance(action, ast.Constant) and isinstance(changes, ast.Dict)):
                continue
            for key in changes.keys:
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    seen += 1
                    if f"{action.value}:{key.value}" not in facts and key.value not in facts.keys() | fields:
                        unlabelled.append(f"{relative}:{key.lineno} {action.value} {key.value}")
    assert seen > 100
    assert not unlabelled, f"audit keys without words (declare a Fact in the app's audit_events.py): {unlabelled}"


def test_every_declared_event_and_fact_refers_to_something_real():
    events, facts = audit_display.declarations()
    for code, label in events.items():
        assert str(label).strip(), code
    for key, fact in facts.items():
        if fact.field:
            model_label, _dot, field_name = fact.field.rpartition(".")
            apps.get_model(model_label)._meta.get_field(field_name)
        for model_label in filter(None, (fact.ref, fact.of)):
            apps.get_model(model_label)
        assert fact.kind in {"", "money", "bytes", "hash", "personal", "list", "code", "id"}, key
        if fact.by or fact.show:
            model = apps.get_model(fact.ref or fact.field.rpartition(".")[0])
            if fact.field:
                model = model._meta.get_field(fact.field.rpartition(".")[2]).related_model
            for name in filter(None, (fact.by, fact.show)):
                model._meta.get_field(name)


def test_core_imports_no_domain_app_to_name_the_events():
    tree = ast.parse((SOURCE / "core" / "audit_display.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if re.match(r"sopan\.(accounts|sop|vendors|helpdesk)\b", name)}


def test_event_names_are_indonesian_and_english():
    with translation.override("id"):
        assert audit_display.event_label("sop.step.completed") == "Langkah SOP diselesaikan"
        assert audit_display.event_label("vendors.company.status_changed", {"status": ["suspended", "active"]}) == (
            "Akun penyedia diaktifkan"
        )
    with translation.override("en"):
        assert audit_display.event_label("sop.step.completed") == "SOP step completed"
        assert audit_display.event_label("vendors.company.status_changed", {"status": ["active", "x"]}) == (
            "Vendor account status changed"
        )


def test_an_unknown_code_from_an_old_row_reads_as_words_and_never_crashes():
    assert audit_display.event_label("vendors.account_action.re_opened") == "Account action re opened"
    assert audit_display.event_label("legacy") == "Legacy"
    assert audit_display.event_label("") == EMPTY
    odd = SimpleNamespace(action="old.thing.done", changes=["not", "a", "dict"], target_type_id=None)
    weird = SimpleNamespace(
        action="old.thing.done", changes={"x": {"nested": [1, [2, "abc"], 3]}, "y": None}, target_type_id=None
    )
    audit_display.present([odd, weird])
    assert odd.label == "Thing done" and odd.rows[0].new == "not, a, dict"
    # an empty fact says nothing and is left out
    assert [(row.label, row.new) for row in weird.rows] == [("X", "Nested: 1, 2 abc, 3")]


# --- values --------------------------------------------------------------------------------------------------------
def _row(action: str, model, key: str, value, names=None):
    return _Formatter(names or {}).row((action, model), key, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "Ya"), (False, "Tidak"), (None, "—"), ("", "—"), ([], "—"), (["a", "b", "c"], "a, b, c"), (7, "7")],
)
def test_plain_values_read_the_indonesian_way(value, expected):
    with translation.override("id"):
        assert _Formatter({}).value(_Spec("x"), value) == expected


def test_a_boolean_field_change_reads_aktif_tidak_to_ya():
    """The issue's example: "is_active — → True" reads "Aktif: Tidak → Ya"."""
    with translation.override("id"):
        row = _row("accounts.user.updated", apps.get_model("accounts.User"), "is_active", [False, True])
    assert (row.label, row.old, row.new, row.is_change) == ("Aktif", "Tidak", "Ya", True)


def test_a_choice_reads_by_its_label_and_an_empty_old_value_as_a_dash():
    with translation.override("id"):
        row = _row("sop.version.submitted", apps.get_model("sop.SopVersion"), "status", [None, "submitted"])
        expected = str(apps.get_model("sop.SopVersion").Status("submitted").label)
    assert row.old == "—" and row.new == expected and "submitted" not in row.new.lower().split()


def test_an_instant_reads_in_the_organisations_zone_the_indonesian_way():
    moment = datetime.datetime(2026, 12, 6, 7, 5, tzinfo=datetime.UTC).isoformat()  # as the JSON keeps it
    spec = _Spec("due")
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        assert _Formatter({}).value(spec, moment) == "6 Desember 2026 14.05 WIB"
    with translation.override("id"), timezone.override("Asia/Makassar"):
        assert _Formatter({}).value(spec, moment) == "6 Desember 2026 15.05 WITA"
    with translation.override("id"):
        assert _Formatter({}).value(spec, "2026-12-06") == "6 Desember 2026"


def test_money_reads_as_rupiah_sizes_as_sizes_and_checksums_shortened():
    formatter = _Formatter({})
    assert formatter.value(_Spec("x", kind="money"), 1234567) == "Rp1.234.567"
    assert formatter.value(_Spec("x", kind="money"), "2500000.00") == "Rp2.500.000"
    with translation.override("en"):
        assert formatter.value(_Spec("x", kind="bytes"), 2048) == "2.0\xa0KB"
    assert formatter.value(_Spec("x", kind="hash"), "a" * 64) == "a" * 12 + "…"


def test_a_personal_number_stays_masked():
    formatter = _Formatter({})
    assert formatter.value(_Spec("NIK", kind="personal"), "3373014501900001") == "••••••••••••0001"
    assert formatter.value(_Spec("NIK", kind="personal"), "3373••••••••0001") == "3373••••••••0001"  # as written


def test_a_label_comes_from_the_event_then_the_field_then_the_common_facts():
    Company = apps.get_model("vendors.Company")
    with translation.override("id"):
        # a field of the event's object: its verbose_name; a fact of that event: its own words
        assert _row("x.y.z", apps.get_model("accounts.OrgUnit"), "is_active", True).label == "Aktif"
        assert _row("accounts.user.updated", None, "company_status", "active").new == str(Company.Status.ACTIVE.label)
        assert _row("sop.step.completed", None, "on_time", False).new == "Tidak"
        # a key declared for every event
        assert _row("x.y.z", None, "reason", "Cuti").label == "Alasan"
        # a field without a verbose_name of its own (English words made from its name): the declared fact's words
        assert _row("x.y.z", apps.get_model("vendors.AccountAction"), "company", None).label == "Perusahaan"
        # nothing declared: the key made readable, never an attribute name with underscores
        assert _row("x.y.z", None, "some_new_fact", 1).label == "Some new fact"


def test_a_foreign_key_reads_by_its_objects_name(organization):
    unit = organization.units.get(code="LPSE")
    names = audit_display._fetch({(OrgUnit, "", None, str(unit.pk))})
    row = _row("accounts.unit.updated", OrgUnit, "parent", [None, unit.pk], names)
    assert row.new == str(unit) and row.old == "—"
    assert _row("accounts.unit.updated", OrgUnit, "parent", [999999, None]).old == "#999999"  # deleted since


def test_facts_with_their_own_choices_and_the_changes_of_another_model():
    with translation.override("id"):
        purpose = _row("vendors.identity.viewed", None, "purpose", "verify").new
        fields = _row(
            "vendors.change_request.submitted",
            None,
            "fields",
            {"admin_nik": ["3373••••••••0001", "3373••••••••0002"], "city": ["Salatiga", "Semarang"]},
        )
    assert purpose != "verify" and purpose
    assert "Salatiga → Semarang" in fields.new and "3373••••••••0002" in fields.new and "city" not in fields.new
    assert Fact(kind="list").kind == "list"


# --- the pages -----------------------------------------------------------------------------------------------------
@pytest.fixture
def unit_events(organization, lpse_head):
    parent = organization.units.get(code="LPSE")
    unit = services.unit_create(
        organization=organization, name="Bidang Layanan", code="BL", kind=OrgUnit.Kind.OTHER, by=lpse_head
    )
    services.unit_update(unit=unit, is_active=False, parent=parent, by=lpse_head)
    services.unit_update(unit=unit, is_active=True, by=lpse_head)
    return unit


def _visible(html: str) -> str:
    body = html.split('<main id="content"', 1)[-1]
    return " ".join(strip_tags(body).split())


def test_audit_trail_page_reads_as_indonesian(client, unit_events, lpse_head):
    """A verifier or Kepala LPSE reads the trail: names in words, labels, Ya/Tidak, no codes, no Python values."""
    login(client, lpse_head)
    response = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="id")
    text = _visible(response.content.decode())
    assert "Unit dibuat" in text and "Unit diubah" in text
    assert "Unit Bidang Layanan" in text  # what the object is, in words, then its name
    assert "Aktif: Tidak → Ya" in text and "Aktif: Ya → Tidak" in text
    assert f"Unit induk: — → {organization_unit_name(unit_events)}" in text
    for raw in ("accounts.unit", "is_active", "True", "False", "None", "['", "[None"):
        assert raw not in text, raw
    assert " WIB" in text


def organization_unit_name(unit) -> str:
    unit.refresh_from_db()
    return str(unit.parent)


def test_audit_trail_page_in_english_when_the_user_switched(client, unit_events, lpse_head):
    lpse_head.language = "en"
    lpse_head.save(update_fields=["language"])
    login(client, lpse_head)
    client.cookies["django_language"] = "en"
    text = _visible(client.get("/audit/").content.decode())
    assert "Unit created" in text and "Active: No → Yes" in text
    assert "accounts.unit" not in text and "True" not in text


def test_history_page_reads_as_words_too(client, unit_events, lpse_head):
    login(client, lpse_head)
    text = _visible(client.get(f"/audit/riwayat/accounts.orgunit/{unit_events.pk}/").content.decode())
    assert "Unit dibuat" in text and "Aktif: Tidak → Ya" in text
    assert "accounts.unit" not in text and "None" not in text


def test_the_event_filter_lists_events_by_name_and_finds_exactly_that_event(client, unit_events, lpse_head):
    login(client, lpse_head)
    response = client.get("/audit/", {"action": "accounts.unit.created"})
    html = response.content.decode()
    assert '<option value="accounts.unit.created" selected>Unit dibuat</option>' in html
    assert {e.action for e in response.context["page"].items} == {"accounts.unit.created"}
    # an older link with the start of codes still works
    older = client.get("/audit/", {"action": "accounts.unit"})
    assert {e.action for e in older.context["page"].items} == {"accounts.unit.created", "accounts.unit.updated"}


def test_rows_follow_the_declared_order_and_leave_out_empty_facts():
    """SOP step records (sop.step.completed): the step first, as declared, not the stored alphabetical order."""
    event = SimpleNamespace(
        action="sop.step.completed",
        changes={"exit": "", "justification": "", "on_time": False, "opened": ["4", "5"], "step": "3"},
        target_type_id=None,
    )
    with translation.override("id"):
        audit_display.present([event])
    assert [(row.label, row.new) for row in event.rows] == [
        ("Langkah", "3"),
        ("Sesuai mutu baku", "Tidak"),
        ("Langkah berikutnya yang dibuka", "4, 5"),
    ]


def test_a_referred_object_can_be_shown_by_one_of_its_fields_in_the_organisations_zone(organization, lpse_head):
    from sopan.vendors.models import AppointmentSlot  # a test may use the apps; the core's code does not

    starts = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=datetime.UTC)
    slot = AppointmentSlot.objects.create(
        organization=organization, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), capacity=1
    )
    event = SimpleNamespace(
        action="vendors.registration.slot_booked", changes={"slot": [None, slot.pk]}, target_type_id=None
    )
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        audit_display.present([event])
    assert (event.rows[0].old, event.rows[0].new) == ("—", "7 Desember 2026 09.00 WIB")


def test_a_document_written_as_its_code_reads_by_the_organisations_name_for_it(organization, other_organization):
    from sopan.vendors.models import RequiredDocument

    RequiredDocument.objects.create(
        organization=organization, applicant_kind="vendor", code="ktp", label="KTP direktur"
    )
    RequiredDocument.objects.create(
        organization=other_organization, applicant_kind="vendor", code="ktp", label="KTP pimpinan"
    )
    ours = SimpleNamespace(
        action="vendors.document.uploaded",
        changes={"document": "ktp"},
        target_type_id=None,
        organization_id=organization.pk,
    )
    unknown = SimpleNamespace(
        action="vendors.document.uploaded",
        changes={"document": "akta"},
        target_type_id=None,
        organization_id=organization.pk,
    )
    audit_display.present([ours, unknown])
    assert ours.rows[0].new == "KTP direktur"
    assert unknown.rows[0].new == "akta"  # no such document (any more): the code as written


def test_a_page_of_events_names_referred_objects_in_one_query_per_model(
    organization, lpse_head, django_assert_max_num_queries
):
    parent = organization.units.get(code="LPSE")
    for i in range(10):
        unit = services.unit_create(
            organization=organization, name=f"Seksi {i}", code=f"S{i}", kind=OrgUnit.Kind.OTHER, by=lpse_head
        )
        services.unit_update(unit=unit, parent=parent, by=lpse_head)
    events = list(AuditEvent.objects.filter(action="accounts.unit.updated").select_related("target_type"))
    with django_assert_max_num_queries(1):
        audit_display.present(events)
    assert all(event.rows[0].new == str(parent) for event in events)


def test_an_event_of_a_deleted_model_or_odd_value_is_shown_without_error(organization, lpse_head):
    content_type = ContentType.objects.get_for_model(OrgUnit)
    with transaction.atomic():
        event = audit.record(
            action="accounts.unit.updated",
            by=lpse_head,
            target=organization.units.get(code="LPSE"),
            changes={"parent": ["not-a-key", None], "kind": ["gone_kind", "other"]},
        )
    event = AuditEvent.objects.select_related("target_type").get(pk=event.pk)
    assert event.target_type_id == content_type.pk
    with translation.override("id"):
        audit_display.present([event])
    rows = {row.label: row for row in event.rows}
    assert rows["Unit induk"].old == "not-a-key" and rows["Unit induk"].new == "—"
    assert rows["Jenis"].old == "gone_kind"
