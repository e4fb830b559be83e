"""The forms of the package's stages (issue 17 §2–§3), one per transition that needs input. Each carries the
package's version the person saw (hidden), so a form made on an outdated page is refused as stale by the service.

Only the shape of the input is checked here; what the SOP and the rules require (the six items, the Pokja rules with
their sources, the order of the dates) is the service's to refuse, and its messages come back on the form.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.procurement.models import Method, SelectionPlan, SelectionRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Reload the page.")})

    def __init__(self, *args, package=None, **kwargs):
        self.package = package
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        _style(self)


def _style(form) -> None:
    """Bootstrap's classes on the widgets (and `is-invalid` on a field with an error)."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css


class SelectionRequestForm(StageForm):
    """Persiapan Pemilihan step 2: the PPK ticks the six items of the request."""

    items = forms.MultipleChoiceField(
        label=_("Items handed to the UKPBJ"),
        choices=SelectionRequest.Item.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class FindingsForm(StageForm):
    """Persiapan Pemilihan step 4: the Pokja's findings (required to return the documents, by the service)."""

    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PokjaForm(StageForm):
    """Persiapan Pemilihan step 3: the Kepala UKPBJ's decree and the members, each with their declarations.

    `candidates`: (user, workload) pairs, the organisation's users holding `selection_group_member`; per candidate
    the form has `pick_<id>`, `competent_<id>`, `note_<id>` and `pact_<id>`."""

    decree_number = forms.CharField(label=_("Decree number"), max_length=100)
    decree_date = forms.DateField(label=_("Decree date"), widget=DATE)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for user, _workload in self.candidates:
            self.fields[f"pick_{user.pk}"] = forms.BooleanField(label=user.get_full_name(), required=False)
            self.fields[f"competent_{user.pk}"] = forms.BooleanField(
                label=_("Declares competence for this procurement type"), required=False
            )
            self.fields[f"note_{user.pk}"] = forms.CharField(
                label=_("Competence (certificate, experience)"), max_length=300, required=False
            )
            self.fields[f"pact_{user.pk}"] = forms.BooleanField(
                label=_("Signed the integrity pact (no conflict of interest)"), required=False
            )

    def rows(self):
        """Per candidate: the user, their workload and their four fields, for the template."""
        return [
            {
                "user": user,
                "workload": workload,
                "pick": self[f"pick_{user.pk}"],
                "competent": self[f"competent_{user.pk}"],
                "note": self[f"note_{user.pk}"],
                "pact": self[f"pact_{user.pk}"],
            }
            for user, workload in self.candidates
        ]

    def clean(self):
        data = super().clean()
        picked = [user for user, _w in self.candidates if data.get(f"pick_{user.pk}")]
        if not picked:
            raise forms.ValidationError(_("Pick the members of the selection working group."))
        data["picked"] = [
            {
                "user": user,
                "competent": bool(data.get(f"competent_{user.pk}")),
                "note": data.get(f"note_{user.pk}", ""),
                "pact": bool(data.get(f"pact_{user.pk}")),
            }
            for user in picked
        ]
        return data


class MethodsForm(StageForm):
    """Persiapan Pemilihan step 6: the four methods."""

    selection_method = forms.ChoiceField(label=_("Selection method"), choices=Method.choices)
    qualification_method = forms.ChoiceField(
        label=_("Qualification method"), choices=SelectionPlan.Qualification.choices
    )
    evaluation_method = forms.ChoiceField(label=_("Evaluation method"), choices=SelectionPlan.Evaluation.choices)
    submission_method = forms.ChoiceField(label=_("Bid submission method"), choices=SelectionPlan.Submission.choices)


class ScheduleForm(StageForm):
    """Persiapan Pemilihan step 7: the selection schedule."""

    announcement_on = forms.DateField(label=_("Announcement"), widget=DATE)
    bid_deadline_on = forms.DateField(label=_("Bid deadline"), widget=DATE)
    result_on = forms.DateField(label=_("Selection result"), widget=DATE)
    contract_on = forms.DateField(label=_("Contract signing"), widget=DATE)


class StartSelectionForm(StageForm):
    """Persiapan Pemilihan steps 8–9: the announcement in SPSE."""

    announced_on = forms.DateField(label=_("Announced in SPSE on"), widget=DATE)
    spse_code = forms.CharField(label=_("SPSE tender code"), max_length=30, required=False)


class MilestoneForm(StageForm):
    """Proses Utama steps 5–8: a milestone's date, document number and value."""

    on = forms.DateField(label=_("Date"), widget=DATE)
    reference = forms.CharField(label=_("Document number"), max_length=100, required=False)
    value = forms.DecimalField(label=_("Value (Rp)"), max_digits=18, decimal_places=2, required=False, min_value=0)


class HandoverForm(StageForm):
    on = forms.DateField(label=_("Date"), widget=DATE)
    reference = forms.CharField(label=_("Document number"), max_length=100, required=False)


class CancelForm(StageForm):
    reason = forms.CharField(label=_("Reason for the cancellation"), widget=forms.Textarea(attrs={"rows": 2}))


# --- the assistance of a package (services_assistance.py; views_assistance.py) --------------------------------------
class AssistanceRequestForm(StageForm):
    """The PPK asks for assistance (Perencanaan step 3 "a"; Persiapan step 5 "a"). `version`: the package's."""

    stage = forms.ChoiceField(label=_("Stage"), choices=())
    text = forms.CharField(label=_("What you ask for"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = list(stages)


class AssistanceAppointForm(StageForm):
    """The Kepala UKPBJ appoints a Jabfung PPBJ (Perencanaan step 4; Persiapan step 6). `version`: the
    assistance's. The choices are the organisation's Jabfung PPBJ with their open assistances (workload)."""

    jabfung = forms.TypedChoiceField(label=_("Procurement specialist (Jabfung PPBJ)"), coerce=int, choices=())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jabfung"].choices = [
            (c.user.pk, _("%(name)s (open assistances: %(count)s)") % {"name": c.user.get_full_name(), "count": c.open})
            for c in candidates
        ]


class AssistanceReportForm(StageForm):
    """The appointed Jabfung's periodic report (Perencanaan step 5; Persiapan step 7)."""

    period = forms.CharField(label=_("Period"), max_length=100)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)


class AssistanceCloseForm(StageForm):
    note = forms.CharField(label=_("Closing note"), required=False, max_length=2000)
