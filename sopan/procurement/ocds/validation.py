"""Validation of an OCDS release package against the bundled official OCDS 1.1.5 schema, offline.

The two schema files under `schema/1__1__5/` are the official ones, unmodified (see the README there). OCDS 1.1 is
written in JSON Schema draft 4, so the validator is jsonschema's `Draft4Validator`, and its `$ref`s are resolved through
a `referencing.Registry` that holds exactly those two files under their official URLs. A reference to anything else is
an error raised at once (`UnbundledSchemaReference`), never a download: the registry's `retrieve` refuses every URL.

jsonschema checks a `format` only with a format checker, and its own checkers for `date-time` and `uri` need extra
packages (rfc3339-validator, rfc3987). The two checks the OCDS schema uses are written here instead, following the
standard's own rules (reference.md "Date": RFC 3339 §5.6 date-times, with seconds and a time zone or offset).

jsonschema is imported when a validator is first needed, so the release builder works without it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

SCHEMA_DIR = Path(__file__).resolve().parent / "schema" / "1__1__5"
PACKAGE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
SCHEMA_FILES = {
    PACKAGE_SCHEMA_URL: "release-package-schema.json",
    RELEASE_SCHEMA_URL: "release-schema.json",
}

# RFC 3339 §5.6 date-time: full date, "T", time with seconds (fraction optional), and "Z" or a numeric offset.
_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$",
)
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")


class UnbundledSchemaReference(RuntimeError):
    """The schema refers to a document that is not bundled; it is never fetched."""


def load_schema(url: str) -> dict:
    """The bundled schema published at `url` (one of SCHEMA_FILES), parsed."""
    return json.loads((SCHEMA_DIR / SCHEMA_FILES[url]).read_text(encoding="utf-8"))


def is_date_time(value: object) -> bool:
    """An RFC 3339 date-time with seconds and a time zone (OCDS reference, "Date"); other types pass (draft 4)."""
    if not isinstance(value, str):
        return True
    match = _DATE_TIME.match(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.group(1, 2, 3, 4, 5, 6))
    if match.group(9) is not None and (int(match.group(9)) > 23 or int(match.group(10)) > 59):
        return False
    try:
        # RFC 3339 allows a leap second (60); datetime does not, so it is checked as :59.
        dt.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return second <= 60


def is_uri(value: object) -> bool:
    """An absolute URI (RFC 3986): a scheme, then no spaces or control characters; other types pass (draft 4)."""
    if not isinstance(value, str):
        return True
    if not value or any(char.isspace() or ord(char) < 0x20 for char in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(_URI_SCHEME.match(parts.scheme)) and bool(parts.netloc or parts.path)


def _refuse_retrieval(uri: str):
    raise UnbundledSchemaReference(
        f"The OCDS schema refers to {uri}, which is not bundled in {SCHEMA_DIR}; it is never downloaded."
    )


@functools.cache
def _format_checker():
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date-time")(is_date_time)
    checker.checks("uri")(is_uri)
    return checker


@functools.cache
def registry():
    """A registry holding the bundled schema files under their official URLs, refusing every other URL."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT4

    resources = [(url, DRAFT4.create_resource(load_schema(url))) for url in SCHEMA_FILES]
    return Registry(retrieve=_refuse_retrieval).with_resources(resources)


def _canonical(value):
    """The value with integral floats as ints, so that 1 and 1.0 are one JSON number (true stays distinct from 1)."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _unique_items(validator, unique, instance, schema):
    """Draft 4 `uniqueItems` in linear time (jsonschema compares every pair of releases: 33 s for 8,000)."""
    from jsonschema.exceptions import ValidationError

    if not unique or not validator.is_type(instance, "array"):
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(instance):
        key = json.dumps(_canonical(item), sort_keys=True)
        if key in seen:
            yield ValidationError(f"items {seen[key]} and {index} are equal; the items must be unique (uniqueItems)")
            return
        seen[key] = index


@functools.cache
def _validator_class():
    from jsonschema import Draft4Validator
    from jsonschema.validators import extend

    return extend(Draft4Validator, validators={"uniqueItems": _unique_items})


def validator_for(schema: dict):
    """A draft-4 validator of `schema`, resolving references only through the bundled registry."""
    return _validator_class()(schema, registry=registry(), format_checker=_format_checker())


@functools.cache
def _package_validator():
    return validator_for(load_schema(PACKAGE_SCHEMA_URL))


def error_path(error) -> str:
    """Where in the document the error is, as a JSON pointer ("/releases/0/tag/0"); "/" for the whole document."""
    return "/" + "/".join(str(part) for part in error.absolute_path)


def errors_of(document: dict, validator) -> list[str]:
    """Every error `validator` finds in `document`, as "path: message", in document order."""
    from referencing.exceptions import Unresolvable

    try:
        errors = sorted(validator.iter_errors(document), key=lambda e: ([str(p) for p in e.absolute_path], e.message))
    except Unresolvable as error:
        raise UnbundledSchemaReference(
            f"The OCDS schema refers to {error.ref!r}, which is not bundled in {SCHEMA_DIR}; it is never downloaded."
        ) from error
    return [f"{error_path(error)}: {_shortened(error.message)}" for error in errors]


def _shortened(message: str, limit: int = 300) -> str:
    """jsonschema quotes the whole offending value; a release is long, so the message is cut after `limit`."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


def validate(package: dict) -> list[str]:
    """Every error of an OCDS release package against the official 1.1.5 schema ("path: message"); [] when valid."""
    return errors_of(package, _package_validator())
