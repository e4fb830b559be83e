"""The LPSE's side of registration (issue 4 §2, §4): the front office, the verifier's queue and workspace with its
decisions, the registration settings, and the staff's declared ties to companies.

Views stay thin: fetch through the selectors (another organisation's object: 404), parse the form, call one service,
put the service's ValidationError back on the form or in a message.
"""

from sopan.vendors.registration.views_lpse.desk import (
    desk,
    desk_detail,
    desk_receive,
    desk_register,
    desk_upload,
    receipt_pdf,
)
from sopan.vendors.registration.views_lpse.documents import (
    archive_file,
    document_download,
    document_page,
    document_viewer,
)
from sopan.vendors.registration.views_lpse.relations import relations
from sopan.vendors.registration.views_lpse.settings import (
    requirement_create,
    requirement_edit,
    settings_page,
    slot_create,
    slot_delete,
    slot_series,
)
from sopan.vendors.registration.views_lpse.verification import (
    decide,
    document_check,
    finding_acknowledge,
    identity_reveal,
    queue,
    workspace,
)

__all__ = [
    "archive_file",
    "decide",
    "desk",
    "desk_detail",
    "desk_receive",
    "desk_register",
    "desk_upload",
    "document_check",
    "document_download",
    "document_page",
    "document_viewer",
    "finding_acknowledge",
    "identity_reveal",
    "queue",
    "receipt_pdf",
    "relations",
    "requirement_create",
    "requirement_edit",
    "settings_page",
    "slot_create",
    "slot_delete",
    "slot_series",
    "workspace",
]
