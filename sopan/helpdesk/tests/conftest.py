import pytest

from sopan.helpdesk.defaults import ensure_priority_table


@pytest.fixture
def helpdesk_setup(organization):
    """The organisation's helpdesk: the default priority table (and the telephone SOP bound, see factories)."""
    ensure_priority_table(organization)
    return organization


@pytest.fixture
def helpdesk_agent(personas):
    return personas["helpdesk_agent"]


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are checked in English here; pages render in the person's language (Indonesian by default),
    which view tests choose themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield
