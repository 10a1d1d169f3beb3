"""Form pieces shared by every app: translated inputs with a visible label per language."""

from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from i18nfield.forms import I18nFormField, I18nModelForm, I18nTextarea, I18nTextInput

from citybridge.core.limits import BoundedFormMixin, apply_limits
from citybridge.core.revision_forms import RevisionFormMixin

# The browser's date picker, with the ISO format it sends and expects (one for every form).
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _LabelledPerLanguage:
    """Render one labelled input per deployment language instead of bare inputs."""

    def format_output(self, rendered_widgets, id_):
        names = dict(settings.LANGUAGES)
        stale = getattr(self, "needs_translation", set())
        marker = format_html(' <span class="untranslated">{}</span>', _("needs translation"))
        shown = [(i, code) for i, code in enumerate(self.locales) if code in self.enabled_locales]
        rows = (
            (f"{id_}_{i}", code, names.get(code, code), marker if code in stale else "", html)
            for (i, code), html in zip(shown, rendered_widgets, strict=False)
        )
        return format_html(
            '<div class="i18n-inputs" id="{}">{}</div>',
            id_,
            format_html_join(
                "", '<div class="i18n-input"><label for="{}" lang="{}">{}{}</label>{}</div>', rows
            ),
        )


class TranslatedTextInput(_LabelledPerLanguage, I18nTextInput):
    pass


class TranslatedTextarea(_LabelledPerLanguage, I18nTextarea):
    def __init__(self, locales, field, attrs=None):
        super().__init__(locales, field, attrs={"rows": 4, **(attrs or {})})


class TranslatedModelForm(BoundedFormMixin, RevisionFormMixin, I18nModelForm):
    """A ModelForm whose translated fields show one labelled input per language (and, like
    every model form, carries the revision it was opened at: ``core.revision_forms``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, I18nFormField):
                continue
            labelled = (
                TranslatedTextarea
                if isinstance(field.widget, I18nTextarea)
                else TranslatedTextInput
            )
            if not isinstance(field.widget, labelled):
                old = field.widget
                field.widget = labelled(locales=old.locales, field=field)
                field.widget.enabled_locales = old.enabled_locales
                field.widget.needs_translation = getattr(old, "needs_translation", set())
        apply_limits(self)  # after the widgets above: it sets their maxlength


class CityBridgeModelForm(BoundedFormMixin, RevisionFormMixin, forms.ModelForm):
    """The base of model forms without translated fields (revision as ``TranslatedModelForm``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_limits(self)


class CityBridgeForm(BoundedFormMixin, forms.Form):
    """The base of every other form: the limits of ``core.limits`` on each field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_limits(self)


class LanguagesField(forms.MultipleChoiceField):
    """Working languages of a city or person, as a list of codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=list(settings.KNOWN_LANGUAGES.items()), **kwargs)
