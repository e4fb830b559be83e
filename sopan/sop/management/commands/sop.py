"""`manage.py sop check|import|print`: SOP files for administrators moving many of them (issue 16 §6).

- `sop check FILE_OR_FOLDER…` validates each .yaml/.yml/.docx (folders are searched through), prints every problem of
  every file as `file: where: field: message`, a line per valid file, and a summary; it exits with status 1 when any
  file is not a valid, runnable SOP.
- `sop import FILE_OR_FOLDER… --organization SLUG [--by USERNAME]` imports each file as a draft, incomplete ones too
  with their problems, and prints the address of each version; one transaction per file, audited as the import page
  is (the service does it). It exits with status 1 only when a file could not be imported at all.
- `sop print VERSION_ID_or_FILE --output FILE.pdf [--organization SLUG]` prints one SOP as the app prints it.

A Word file (.docx) is read by `definition.docx_reader` into the same YAML; what the reader guessed is printed as
its doubts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from sopan.sop import definition as d
from sopan.sop import pdf, rendering
from sopan.sop.definition.docx_reader import WordError, is_zip, read_upload
from sopan.sop.forms import MAX_DEFINITION_BYTES

SUFFIXES = (".yaml", ".yml", ".docx")


class Unreadable(Exception):
    """The file cannot be read as an SOP at all."""


@dataclass
class Source:
    path: Path
    text: str
    doubts: list[str] = field(default_factory=list)


def sop_files(paths: list[str]) -> list[Path]:
    """The files named, and the .yaml/.yml/.docx files inside the folders named (searched through), in order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    return found


def read_source(path: Path) -> Source:
    """The definition text of a file: a YAML file as it is, a Word file read into YAML."""
    try:
        with path.open("rb") as handle:
            if path.suffix.lower() == ".docx" or is_zip(handle.read(4)):
                handle.seek(0)
                reading = read_upload(File(handle, name=path.name))
                return Source(path, reading.to_yaml(), reading.doubts)
            handle.seek(0)
            content = handle.read(MAX_DEFINITION_BYTES + 1)
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    except ValidationError as error:
        raise Unreadable(" ".join(error.messages)) from None
    except WordError as error:
        raise Unreadable(str(error)) from None
    if len(content) > MAX_DEFINITION_BYTES:
        raise Unreadable(_("The file is larger than 1 MB; an SOP definition is much smaller."))
    try:
        return Source(path, content.decode("utf-8"))
    except UnicodeDecodeError:
        raise Unreadable(_("The file is not a UTF-8 text (YAML) file.")) from None


def check_text(text: str, *, source: str, known_roles=None) -> tuple[d.Definition | None, list[d.Problem]]:
    """Every problem of a definition text at once (`definition.check_yaml`)."""
    return d.check_yaml(text, source=source, known_roles=known_roles)


def unreadable(path: Path, message: str) -> str:
    return _("%(file)s: cannot be read: %(message)s") % {"file": path, "message": message}


def is_error(problem: d.Problem) -> bool:
    return problem.severity == d.Severity.ERROR


class Command(BaseCommand):
    help = "Check, import or print SOP definition files (YAML or Word), one or many, folders too."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("check", help="Validate files and list every problem.")
        check.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        check.add_argument("--organization", help="also accept the lanes' roles of this organisation (its slug)")
        imp = actions.add_parser("import", help="Import files as drafts of an organisation's SOPs.")
        imp.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        imp.add_argument("--organization", required=True, help="the organisation's slug")
        imp.add_argument("--by", help="the username recorded as importing (default: the system)")
        out = actions.add_parser("print", help="Print one SOP (a version's id, or a file) as PDF.")
        out.add_argument("target", metavar="VERSION_ID_or_FILE")
        out.add_argument("--output", required=True, metavar="FILE.pdf")
        out.add_argument("--organization", help="the organisation whose letterhead a file is printed with")

    def handle(self, *args, action: str, **options):
        # not self.check: that name is Django's system checks, run before every command
        {"check": self.check_files, "import": self.import_files, "print": self.print_one}[action](**options)

    # --- shared ---------------------------------------------------------------------------------------------------
    def _organization(self, slug: str | None):
        if not slug:
            return None
        from sopan.accounts.models import Organization

        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise CommandError(_("No organisation has the slug %(slug)r.") % {"slug": slug})
        return organization

    def _problems(self, problems: list[d.Problem], doubts: list[str], source: str) -> None:
        for problem in problems:
            line = problem.describe()
            self.stdout.write(line if is_error(problem) else _("%(problem)s (warning)") % {"problem": line})
        for doubt in doubts:
            self.stdout.write(_("%(file)s: doubt: %(doubt)s") % {"file": source, "doubt": doubt})

    def _unreadable(self, path: Path, message: str) -> None:
        self.stderr.write(self.style.ERROR(unreadable(path, message)))

    # --- check ----------------------------------------------------------------------------------------------------
    def check_files(self, *, paths: list[str], organization: str | None = None, **_options) -> None:
        from sopan.accounts.services import own_roles

        org = self._organization(organization)
        known_roles = own_roles.role_codes_of(org) if org is not None else None
        files = sop_files(paths)
        failed = 0
        for path in files:
            try:
                source = read_source(path)
            except Unreadable as error:
                self._unreadable(path, str(error))
                failed += 1
                continue
            definition, problems = check_text(source.text, source=path.name, known_roles=known_roles)
            self._problems(problems, source.doubts, path.name)
            if definition is None or any(is_error(p) for p in problems):
                failed += 1
            else:
                self.stdout.write(self.style.SUCCESS(f"{path}: OK"))
        summary = _("%(count)s file(s) checked: %(valid)s valid, %(failed)s not valid or not readable.") % {
            "count": len(files),
            "valid": len(files) - failed,
            "failed": failed,
        }
        if failed or not files:
            raise CommandError(summary if files else _("No .yaml, .yml or .docx file found."))
        self.stdout.write(summary)

    # --- import ---------------------------------------------------------------------------------------------------
    def _user(self, username: str | None, organization):
        if not username:
            return None
        from sopan.accounts.models import User

        user = User.objects.filter(username=username, organization=organization, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(name)r in this organisation.") % {"name": username})
        return user

    def import_files(self, *, paths: list[str], organization: str, by: str | None = None, **_options) -> None:
        from sopan.accounts.services import own_roles
        from sopan.sop.services import versions

        org = self._organization(organization)
        user = self._user(by, org)
        files = sop_files(paths)
        failed = 0
        for path in files:
            try:
                source = read_source(path)
                version = versions.sop_import(
                    organization=org, text=source.text, by=user, source=path.name, allow_problems=True
                )
            except Unreadable as error:
                self._unreadable(path, str(error))
                failed += 1
                continue
            except (ValidationError, PermissionDenied) as error:
                messages = error.messages if isinstance(error, ValidationError) else [_("not allowed")]
                self._unreadable(path, " ".join(messages))
                failed += 1
                continue
            _definition, problems = check_text(source.text, source=path.name, known_roles=own_roles.role_codes_of(org))
            errors = [p for p in problems if is_error(p)]
            url = reverse("sop:version-detail", kwargs={"pk": version.pk})
            state = _("incomplete draft, %(n)s problem(s)") % {"n": len(errors)} if errors else _("draft")
            self.stdout.write(f"{path}: {url} ({version.sop.key} rev. {version.revision}, {state})")
            self._problems(problems, source.doubts, path.name)
        summary = _("%(count)s file(s): %(imported)s imported as drafts, %(failed)s not imported.") % {
            "count": len(files),
            "imported": len(files) - failed,
            "failed": failed,
        }
        if failed or not files:
            raise CommandError(summary if files else _("No .yaml, .yml or .docx file found."))
        self.stdout.write(self.style.SUCCESS(summary))

    # --- print ----------------------------------------------------------------------------------------------------
    def print_one(self, *, target: str, output: str, organization: str | None = None, **_options) -> None:
        if target.isdigit() and not Path(target).exists():
            from sopan.sop.models import SopVersion

            version = SopVersion.objects.select_related("sop", "organization").filter(pk=int(target)).first()
            if version is None:
                raise CommandError(_("No SOP version has the id %(id)s.") % {"id": target})
            doc = rendering.version_document(version)
        else:
            path = Path(target)
            try:
                source = read_source(path)
            except Unreadable as error:
                raise CommandError(unreadable(path, str(error))) from None
            definition, problems = check_text(source.text, source=path.name)
            if definition is None:
                self._problems(problems, [], path.name)
                raise CommandError(_("%(file)s cannot be printed: it is not an SOP definition.") % {"file": path})
            doc = rendering.document(definition)
            org = self._organization(organization)
            if org is not None:
                doc = replace(doc, logo=rendering.logo_data_uri(org))
        content = pdf.html_to_pdf(render_to_string("sop/print.html", {"doc": doc}))
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"{output}: {len(content)} bytes"))
