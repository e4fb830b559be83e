import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Service messages are checked in English here; the Indonesian ones where people see them (views, browser)."""
    with translation.override("en"):
        yield
