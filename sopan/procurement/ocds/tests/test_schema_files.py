"""The bundled schema files are the official OCDS 1.1.5 ones, unmodified, and refer to nothing outside the bundle."""

from __future__ import annotations

import hashlib
import json

from sopan.procurement.ocds.validation import PACKAGE_SCHEMA_URL, RELEASE_SCHEMA_URL, SCHEMA_DIR, SCHEMA_FILES

# Git blob ids of schema/*.json at tag 1__1__5 of open-contracting/standard (commit af0d0d41c64b…), as in README.md.
OFFICIAL_BLOBS = {
    "release-package-schema.json": "aefaa2df1cf93ab0c9320722e53185a797931db7",
    "release-schema.json": "38a70b5c58c42a24ae609b92f0dcb82618f742bb",
}


def git_blob_id(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()  # git's object id


def references(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in references(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in references(value)]
    return []


def test_each_bundled_file_is_byte_for_byte_the_official_one():
    for name, blob in OFFICIAL_BLOBS.items():
        assert git_blob_id((SCHEMA_DIR / name).read_bytes()) == blob, name


def test_the_files_declare_their_official_1_1_5_urls_and_draft_4():
    for url, name in SCHEMA_FILES.items():
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        assert schema["id"] == url
        assert schema["id"].startswith("https://standard.open-contracting.org/schema/1__1__5/")
        assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"


def test_the_package_schema_refers_to_the_bundled_release_schema_and_nothing_else_is_external():
    package = json.loads((SCHEMA_DIR / SCHEMA_FILES[PACKAGE_SCHEMA_URL]).read_text(encoding="utf-8"))
    release = json.loads((SCHEMA_DIR / SCHEMA_FILES[RELEASE_SCHEMA_URL]).read_text(encoding="utf-8"))

    assert package["properties"]["releases"]["items"] == {"$ref": RELEASE_SCHEMA_URL}
    external = [ref for ref in references(package) + references(release) if not ref.startswith("#")]
    assert external == [RELEASE_SCHEMA_URL]


def test_the_licence_and_the_source_are_bundled_with_the_schema():
    licence = (SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")
    readme = (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")

    assert "Copyright (c) 2014-2017 Open Contracting Partnership" in licence
    assert "Apache License" in licence
    assert "1__1__5" in readme and "af0d0d41c64be26d8bbd57dcca8b474937e5851c" in readme
