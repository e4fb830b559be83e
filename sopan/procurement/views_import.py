"""The procurement import pages' one flow (issue 17 §1): upload → preview → confirm, for the RUP (views.py) and the
SPSE milestones (views_spse.py), each an `ImportPage` naming its service, form, template and message.

The uploaded bytes wait for the confirmation on the server, in the cache (shared by every worker, DESIGN.md §4) under
a random key for PREVIEW_MAX_AGE; the page carries only a token signed for the person, the organisation and this
import (`what`), as the registers' import signs its preview. The file is kept only when its preview has no error.
The confirmation reads the kept bytes again and imports them with the service (`commit=True`), which checks every
row again: what changed in the meantime is never imported unseen.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.utils.functional import Promise

from sopan.accounts.policies import require
from sopan.core.forms import add_service_errors

PREVIEW_MAX_AGE = 60 * 60  # seconds a preview waits for its confirmation
SHOWN_CODES = 200  # codes listed per group of a preview (the counts are always whole)


@dataclass(frozen=True)
class ImportPage:
    """One import page. `service(organization=, upload=, by=, commit=)` reads the file and, with `commit`, writes it:
    its result has `ok`, `committed` and `file_name`, and it raises ValidationError for a file it cannot read.
    `allowed(user, organization)` is the policy, `title` the page's heading, `done(result)` the success message."""

    what: str  # "rup", "spse": the token's salt and the cache key, so one import's token never serves another
    service: Callable[..., Any]
    allowed: Callable[..., bool]
    form_class: type[forms.Form]
    template: str  # extends procurement/_import_page.html
    title: Promise
    done: Callable[[Any], str]
    success_url: str = "procurement:package-list"

    # --- the kept file --------------------------------------------------------------------------------------------
    def _salt(self, request) -> str:
        """A preview comes back only to the person and organisation it was made for, and to its own import."""
        return f"sopan.procurement.{self.what}-import:{request.user.pk}:{request.user.organization_id}"

    def keep(self, request, name: str, content: bytes) -> str:
        key = f"procurement:{self.what}-preview:{secrets.token_urlsafe(24)}"
        cache.set(key, {"name": name, "content": content}, PREVIEW_MAX_AGE)
        return signing.dumps({"key": key}, salt=self._salt(request))

    def kept(self, request) -> tuple[str, SimpleUploadedFile] | None:
        try:
            token = request.POST.get("token", "")
            key = signing.loads(token, salt=self._salt(request), max_age=PREVIEW_MAX_AGE)["key"]
        except (signing.BadSignature, KeyError, TypeError):
            return None
        kept = cache.get(key)
        if not isinstance(kept, dict):
            return None
        return key, SimpleUploadedFile(kept["name"], kept["content"])

    # --- the steps ------------------------------------------------------------------------------------------------
    def _run(self, request, upload, *, commit: bool):
        return self.service(organization=request.user.organization, upload=upload, by=request.user, commit=commit)

    def preview(self, request, form) -> dict:
        upload = form.cleaned_data["file"]
        try:
            result = self._run(request, upload, commit=False)
        except ValidationError as error:
            add_service_errors(form, error)
            return {}
        context = {"result": result, "shown": SHOWN_CODES}
        if result.ok:
            upload.seek(0)
            context["token"] = self.keep(request, result.file_name or upload.name, upload.read())
        return context

    def confirm(self, request) -> dict | None:
        """Import the kept file: None when done (the message is set), else what to show."""
        kept = self.kept(request)
        if kept is None:
            return {"expired": True}
        key, upload = kept
        try:
            result = self._run(request, upload, commit=True)
        except ValidationError as error:
            return {"problems": error.messages}
        if not result.committed:
            return {"result": result, "shown": SHOWN_CODES}
        cache.delete(key)
        messages.success(request, self.done(result))
        return None

    def handle(self, request):
        """The page: the form (GET), its preview (POST with a file) or the confirmation (POST with the token); 400
        for whatever did not import."""
        user = request.user
        require(self.allowed(user, user.organization))
        confirming = request.method == "POST" and "token" in request.POST
        form = self.form_class(None if confirming else request.POST or None, request.FILES or None)
        context: dict = {}
        status = 200
        if confirming:
            context = self.confirm(request)
            if context is None:
                return redirect(self.success_url)
            status = 400
        elif request.method == "POST":
            context = self.preview(request, form) if form.is_valid() else {}
            if not context.get("token"):
                status = 400
        return render(request, self.template, {"form": form, "import_title": self.title, **context}, status=status)
