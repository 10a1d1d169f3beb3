"""Form pieces shared by every app: translated inputs with a visible label per language."""

from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from i18nfield.fields import I18nCharField, I18nTextField
from i18nfield.forms import I18nModelForm, I18nTextarea, I18nTextInput


class _LabelledPerLanguage:
    """Render one labelled input per deployment language instead of bare inputs."""

    def format_output(self, rendered_widgets, id_):
        names = dict(settings.LANGUAGES)
        shown = [(i, code) for i, code in enumerate(self.locales) if code in self.enabled_locales]
        rows = (
            (f"{id_}_{i}", names.get(code, code), html)
            for (i, code), html in zip(shown, rendered_widgets, strict=False)
        )
        return format_html(
            '<div class="i18n-inputs" id="{}">{}</div>',
            id_,
            format_html_join(
                "", '<div class="i18n-input"><label for="{}">{}</label>{}</div>', rows
            ),
        )



class TranslatedTextInput(_LabelledPerLanguage, I18nTextInput):
    pass


class TranslatedTextarea(_LabelledPerLanguage, I18nTextarea):
    def __init__(self, locales, field, attrs=None):
        super().__init__(locales, field, attrs={"rows": 4, **(attrs or {})})


def translated_formfield(db_field, **kwargs):
    if isinstance(db_field, I18nTextField):
        kwargs["widget"] = TranslatedTextarea
    elif isinstance(db_field, I18nCharField):
        kwargs["widget"] = TranslatedTextInput
    return db_field.formfield(**kwargs)


class TranslatedModelForm(I18nModelForm):
    """A ModelForm whose translated fields show one labelled input per language."""

    formfield_callback = translated_formfield


class LanguagesField(forms.MultipleChoiceField):
    """Working languages of a city or person, as a list of codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=list(settings.KNOWN_LANGUAGES.items()), **kwargs)
