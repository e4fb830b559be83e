"""The kernel knows no domain (issue 15 §1, DESIGN.md §3): no module of sopan/core, outside its tests and migrations,
imports another sopan app — at the top, inside a function, or by a dotted path given to import_module/import_string.
What an app brings, core discovers (sopan.core.modules)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
ROOT = CORE.parents[1]
LOADERS = {"import_module", "import_string", "__import__"}


def _kernel_files() -> list[Path]:
    return sorted(
        path for path in CORE.rglob("*.py") if not {"tests", "migrations"} & set(path.relative_to(CORE).parts[:-1])
    )


def _foreign(name: str) -> bool:
    """A dotted name of another sopan app ("sopan.sop.api", "sopan.accounts"); the kernel's own and the shared
    templates/formats packages are not apps."""
    parts = name.split(".")
    return parts[0] == "sopan" and len(parts) > 1 and parts[1] not in {"core"}


def _imports(tree: ast.AST):
    """(line, dotted name) of every import of the module, wherever it stands."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            if node.module == "sopan":  # from sopan import accounts
                for alias in node.names:
                    yield node.lineno, f"sopan.{alias.name}"
        elif isinstance(node, ast.Call):
            function = node.func
            called = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
            argument = node.args[0] if node.args else None
            if called in LOADERS and isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                yield node.lineno, argument.value


def kernel_imports_of_apps() -> list[str]:
    found = []
    for path in _kernel_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _imports(tree):
            if _foreign(name):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def test_the_kernel_imports_no_other_sopan_app():
    found = kernel_imports_of_apps()
    assert not found, "The kernel imports other apps:\n" + "\n".join(found)


def test_the_check_sees_every_kind_of_import(tmp_path):
    # Given a module with each kind of import of an app, and of the kernel itself
    source = (
        "import sopan.sop.api\n"
        "from sopan import accounts\n"
        "from sopan.core import audit\n"
        "def f():\n"
        "    from sopan.helpdesk.models import Ticket\n"
        "    import_module('sopan.vendors.tasks')\n"
        "    import_string('sopan.core.calendar.DEFAULT_HOURS')\n"
    )
    found = [(line, name) for line, name in _imports(ast.parse(source)) if _foreign(name)]
    assert found == [
        (1, "sopan.sop.api"),
        (2, "sopan.accounts"),
        (5, "sopan.helpdesk.models"),
        (6, "sopan.vendors.tasks"),
    ]
