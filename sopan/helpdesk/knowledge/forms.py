"""Forms of the helpdesk's knowledge: FAQ articles, their search (staff and public), canned answers."""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.helpdesk.models import Application, Article, CannedAnswer


class ArticleForm(forms.ModelForm):
    # The article's `updated_at` when the form was opened: a save by someone else in between is refused.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ("title", "application", "audience", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "title": _("The question as users ask it, e.g. “Why can I not upload my offer?”"),
            "body": _("Plain text; an empty line starts a new paragraph."),
            "audience": _("Staff-only articles never appear on the public FAQ."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen"].initial = self.instance.updated_at.isoformat()
        else:
            del self.fields["seen"]
        bootstrap(self)

    def seen_updated_at(self):
        return parse_datetime(self.cleaned_data.get("seen") or "")

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "body", "application", "audience")}


class _SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    application = forms.ChoiceField(
        label=_("Application"), required=False, choices=[("", _("All applications")), *Application.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class ArticleSearchForm(_SearchForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Article.Status.choices])
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("All")), *Article.Audience.choices]
    )

    def __init__(self, *args, show_status: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_status:
            del self.fields["status"]


class PublicSearchForm(_SearchForm):
    pass


class CannedAnswerForm(forms.ModelForm):
    class Meta:
        model = CannedAnswer
        fields = ("title", "body", "is_active")
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_active"]
        bootstrap(self)
