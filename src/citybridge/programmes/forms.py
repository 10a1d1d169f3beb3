from django import forms
from django.utils.translation import gettext_lazy as _

from citybridge.core.forms import DATE_INPUT, TranslatedModelForm
from citybridge.core.i18n import localize
from citybridge.programmes.models import Programme, Theme


class ProgrammeForm(TranslatedModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "acronym",
            "funder",
            "regions",
            "start_date",
            "end_date",
            "website",
            "description",
            "privacy_notice",
            "application_retention_days",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}


def theme_path(theme: Theme) -> str:
    """'Smart cities › Sustainable mobility': where a theme sits in its tree."""
    names = []
    node = theme
    while node is not None:
        names.append(localize(node.name).text)
        node = node.parent
    return " › ".join(reversed(names))


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return theme_path(obj)


class ThemeForm(TranslatedModelForm):
    class Meta:
        model = Theme
        fields = ["name", "parent", "sdgs", "order", "description"]
        widgets = {"sdgs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(programme_id=self.instance.programme_id).select_related(
            "parent__parent"
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("order", "id")
        self.fields["parent"].label_from_instance = theme_path
        self.fields["sdgs"].label_from_instance = lambda sdg: (
            f"{sdg.number}. {localize(sdg.name).text}"
        )
        self.fields["order"].help_text = _("Themes are listed by this number, smallest first.")
