"""Files that are stored only when their transaction commits (the ground rule: nothing half-written).

The row gets its path now; the bytes are written by an on-commit hook, so a rolled-back write leaves no file behind
and a crash before the commit leaves no row pointing nowhere. Each file gets its own random folder: two uploads with
the same name never share (or overwrite) a path.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction


def attach_on_commit(instance, field_name: str, name: str, content: bytes) -> str:
    """Point `instance.<field_name>` at a new path for `name` and write `content` there on commit. Call before save."""
    field = instance._meta.get_field(field_name)
    folder = field.generate_filename(instance, f"{uuid.uuid4().hex}/{name}")
    getattr(instance, field_name).name = folder

    def write():
        if not default_storage.exists(folder):
            saved = default_storage.save(folder, ContentFile(content))
            if saved != folder:  # pragma: no cover - the random folder makes a clash practically impossible
                raise RuntimeError(f"storage renamed {folder} to {saved}")

    transaction.on_commit(write)
    return folder
