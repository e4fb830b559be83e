from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import User
from sopan.core.forms import bootstrap
from sopan.core.uploads import check_text_upload
from sopan.sop import policies, procedures
from sopan.sop.definition import docx_reader

MAX_DEFINITION_BYTES = 1024 * 1024


class DefinitionForm(forms.Form):
    """A definition file (sopan-sop/1 YAML) uploaded, or pasted/edited as text; or a Word SOP (.docx, found by its
    content: a ZIP package with word/document.xml), read into the same YAML with its doubts (`word_doubts`)."""

    file = forms.FileField(
        label=_("Definition file (YAML, or Word .docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.docx"}),
    )
    text = forms.CharField(
        label=_("Definition (YAML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        data["word_doubts"] = None
        if upload is not None and _is_word(upload):
            data["text"], data["word_doubts"] = _read_word(upload)
        elif upload is not None:
            if upload.size > MAX_DEFINITION_BYTES:
                raise forms.ValidationError(_("The file is larger than 1 MB; an SOP definition is much smaller."))
            try:
                data["text"] = check_text_upload(upload, max_bytes=MAX_DEFINITION_BYTES, what=_("a YAML text file"))
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not a UTF-8 text (YAML) file.")) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a definition file or paste its text."))
        return data


def _is_word(upload) -> bool:
    head = upload.read(4)
    upload.seek(0)
    return docx_reader.is_zip(head)


def _read_word(upload) -> tuple[str, list[str]]:
    """The YAML read from a Word SOP and what the reader doubts; the file is checked like every office upload."""
    try:
        reading = docx_reader.read_upload(upload)
    except docx_reader.WordError as error:
        raise forms.ValidationError(
            _("This Word file cannot be read as an SOP: %(problem)s.") % {"problem": error}
        ) from None
    return reading.to_yaml(), reading.doubts


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What has to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class NumberingForm(forms.Form):
    """The organisation's SOP numbering scheme; the service checks the pattern and says what is wrong."""

    pattern = forms.CharField(
        label=_("Pattern"),
        max_length=120,
        help_text=_(
            "Placeholders: {seq} the sequence number ({seq:03} with 3 digits), {unit} the unit code, {org} the "
            "organisation code, {year} the year. Example: SOP-{unit}.{org}-{seq:03} gives SOP-LPSE.BTG-017."
        ),
    )
    unit_code = forms.CharField(label=_("Unit code"), max_length=30, required=False)
    organization_code = forms.CharField(label=_("Organisation code"), max_length=30, required=False)
    next_sequence = forms.IntegerField(label=_("Next sequence number"), min_value=1, max_value=999_999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class BindForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Procedure"), choices=procedures.CHOICES)
    sop = forms.IntegerField(label=_("SOP"))


class CaseStartForm(forms.Form):
    title = forms.CharField(
        label=_("Subject"),
        max_length=300,
        help_text=_("What this run is about, e.g. the package, the company or the caller."),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        # an outside party's lane (no roles: Helpdesk LKPP, another LPSE) has nobody here to bind
        self.lanes = [lane for lane in version.parsed.lanes if not lane.is_outside_party]
        people = (
            User.objects.filter(organization_id=version.organization_id, is_active=True)
            .prefetch_related("role_assignments")
            .order_by("full_name")
        )
        for lane in self.lanes:
            roles = policies.lane_roles(lane)
            choices = [(u.pk, u.get_full_name()) for u in people if u.has_role(*roles)]
            self.fields[f"lane_{lane.key}"] = forms.TypedChoiceField(
                label=lane.name,
                choices=[("", _("Anyone holding the role")), *choices],
                coerce=int,
                required=False,
                empty_value=None,
            )
        self._people = {u.pk: u for u in people}
        bootstrap(self)

    @property
    def lane_fields(self):
        return [self[f"lane_{lane.key}"] for lane in self.lanes]

    def participants(self) -> dict[str, User]:
        return {
            lane.key: self._people[self.cleaned_data[f"lane_{lane.key}"]]
            for lane in self.lanes
            if self.cleaned_data.get(f"lane_{lane.key}")
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class StepCompleteForm(forms.Form):
    exit_label = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, required=False)
    checklist = forms.MultipleChoiceField(
        label=_("Requirements (Kelengkapan) at hand"), widget=forms.CheckboxSelectMultiple, required=False
    )
    outputs = MultipleFileField(
        label=_("Output documents"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word, Excel or PowerPoint (.docx, .xlsx, .pptx), 10 MB each."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)
    justification = forms.CharField(
        label=_("Justification of a deviation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_("Required when the step is late or a requirement is missing (Peringatan of the SOP)."),
    )

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step.is_decision:
            self.fields["exit_label"].choices = [(e.label, e.label) for e in step.exits]
            self.fields["exit_label"].required = True
        else:
            del self.fields["exit_label"]
        if step.requirements:
            # by position: a requirement's text may hold line breaks, which browsers send back changed
            self.fields["checklist"].choices = [(str(i), r) for i, r in enumerate(step.requirements)]
        else:
            del self.fields["checklist"]
        bootstrap(self)

    def clean_checklist(self) -> list[str]:
        return [self.step.requirements[int(i)] for i in self.cleaned_data.get("checklist", [])]
