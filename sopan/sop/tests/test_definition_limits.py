"""A definition that would exhaust the parser is refused with a clear message, never a server error (issue 13 §5):
nesting thousands of levels deep (RecursionError in the composer), aliases that expand exponentially ("billion
laughs"), an alias that contains itself, and text past the size of any SOP."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sopan.core.testing import login
from sopan.sop import definition as d
from sopan.sop.definition import loader
from sopan.sop.models import SopVersion
from sopan.sop.tests import factories

DEEP_BLOCK = "x:\n" + "- " * 2000 + "1\n"  # block sequences, each inside the one before
DEEP_FLOW = "x: " + "[" * 2000 + "]" * 2000 + "\n"
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8)
)
SELF = "a: &a [1, *a]\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (DEEP_BLOCK, "nested"),
        (DEEP_FLOW, "nested"),
        (LAUGHS, "aliases"),
        (SELF, "aliases"),
        (factories.SMALL + "#" * (loader.MAX_TEXT_CHARS + 1), "larger"),
    ],
    ids=["deep-block", "deep-flow", "billion-laughs", "self-reference", "too-large"],
)
def test_a_definition_that_would_exhaust_the_parser_is_refused(text, words):
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(text, source="uji.yaml")
    assert words in str(error.value)


def test_anchors_within_the_limits_still_load():
    text = factories.SMALL.replace("roles: [verifier]}", "roles: &v [verifier]}").replace(
        "lanes: [verifikator], time: 2 jam", "lanes: [verifikator], time: 2 jam, doubt: ok"
    )
    assert d.load_yaml(text, source="uji.yaml").lane("verifikator").roles == ("verifier",)


@pytest.mark.django_db
def test_import_of_deeply_nested_yaml_says_so_in_indonesian(client, lpse_head):
    login(client, lpse_head)
    client.raise_request_exception = False
    with translation.override("id"):
        response = client.post(reverse("sop:sop-import"), {"text": DEEP_BLOCK}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert "bersarang terlalu dalam" in response.content.decode()
    assert not SopVersion.objects.exists()


def test_a_text_read_again_is_remembered_yet_each_reader_gets_its_own_copy():
    from sopan.sop.definition import bounded_yaml

    bounded_yaml._pickled.cache_clear()
    first = bounded_yaml.parse(factories.SMALL)
    first["key"] = "changed-by-the-first-reader"
    first["steps"].clear()
    second = bounded_yaml.parse(factories.SMALL)
    assert second == bounded_yaml._load(factories.SMALL)
    assert second["key"] != "changed-by-the-first-reader" and second["steps"]
    assert bounded_yaml._pickled.cache_info().hits == 1
    for _attempt in range(2):  # what could not be read is refused every time, never remembered as data
        with pytest.raises(bounded_yaml.TooComplex):
            bounded_yaml.parse(SELF)
