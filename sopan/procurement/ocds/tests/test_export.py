"""Writing the release package: built, validated, then written as UTF-8 JSON, or not written at all."""

from __future__ import annotations

import io
import json

import pytest

from sopan.procurement.ocds.export import write_release_package
from sopan.procurement.ocds.releases import OcdsExportError

from .standins import at_stage, package_kwargs

NAME = "Rehabilitasi Gedung Puskesmas – Tahap II (Kecamatan Argomulyo)"


def test_the_package_is_written_as_utf8_json_and_returned():
    stream = io.BytesIO()

    document = write_release_package([at_stage("contract", name=NAME)], stream, **package_kwargs())

    raw = stream.getvalue()
    assert NAME.encode("utf-8") in raw  # characters as they are, not \u escapes
    assert json.loads(raw.decode("utf-8")) == document
    assert [release["tag"] for release in document["releases"]] == [["planning"], ["tender"], ["award"], ["contract"]]


def test_a_text_stream_gets_the_same_text_and_two_exports_of_the_same_data_are_identical():
    text, binary = io.StringIO(), io.BytesIO()

    write_release_package([at_stage("award", name=NAME)], text, **package_kwargs())
    write_release_package([at_stage("award", name=NAME)], binary, **package_kwargs())

    assert text.getvalue().encode("utf-8") == binary.getvalue()
    assert text.getvalue().endswith("}\n")


def test_a_package_the_schema_refuses_is_not_written_and_every_error_is_given():
    stream = io.BytesIO()

    with pytest.raises(OcdsExportError) as refused:
        write_release_package([at_stage("tender")], stream, **package_kwargs(uri="releases.json", publisher_name=None))

    assert stream.getvalue() == b""
    assert refused.value.messages[1:] == [
        "/publisher/name: None is not of type 'string'",
        "/uri: 'releases.json' is not a 'uri'",
    ]
    assert "2" in refused.value.messages[0]  # the heading counts the errors


def test_a_refused_ocid_prefix_writes_nothing():
    stream = io.BytesIO()

    with pytest.raises(OcdsExportError):
        write_release_package([at_stage("tender")], stream, **package_kwargs(ocid_prefix="OCDS-1"))

    assert stream.getvalue() == b""
