import pytest

from sopan.vendors.defaults import ensure_required_documents
from sopan.vendors.tests import factories


@pytest.fixture
def registration_setup(organization):
    """The organisation runs the registration procedure: its SOP in force and bound, the default document list."""
    factories.bind_registration_sop(organization)
    ensure_required_documents(organization)
    return organization


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are checked in English here; pages render in the person's language (Indonesian by default),
    which view tests choose themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield
