"""What every model form adds for optimistic locking and for texts about to be emptied.

Mixed into the shared base forms (``core.forms.TranslatedModelForm`` and
``core.forms.CityBridgeModelForm``), so no form needs to remember it; a test fails when a model
form is built on anything else.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citybridge.core import revisions

REVISION_FIELD = "revision"
CONFIRM_FIELD = "confirm_emptying"


class RevisionFormMixin:
    """Carries the revision the editor started from (a hidden field), marks texts whose other
    language changed later, and asks before a save empties a text in every language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None  # an EditConflict, set by the view that refused the save
        model = self._meta.model
        if not revisions.has_revision(model):
            return
        self.fields[REVISION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0
        )
        self.initial.setdefault(REVISION_FIELD, self.instance.revision if self.instance.pk else 0)
        if self.is_bound and self.data.get(self.add_prefix(CONFIRM_FIELD)):
            self.fields[CONFIRM_FIELD] = _confirm_field()
        if self.instance.pk and hasattr(self.instance, "translation_stamps"):
            self._mark_untranslated()

    def _mark_untranslated(self):
        for name in revisions.translated_fields(type(self.instance)):
            if name in self.fields:
                self.fields[name].widget.needs_translation = {
                    code
                    for code, _name in settings.LANGUAGES
                    if revisions.needs_translation(self.instance, name, code)
                }

    @property
    def posted_revision(self) -> int | None:
        """The revision the editor started from (None when the client sent none)."""
        return self.cleaned_data.get(REVISION_FIELD) if hasattr(self, "cleaned_data") else None

    def clean(self):
        cleaned = super().clean()
        if CONFIRM_FIELD in self.fields and cleaned.get(CONFIRM_FIELD):
            return cleaned
        posted = cleaned.get(REVISION_FIELD)
        if posted is not None and self.instance.pk and posted != self.instance.revision:
            return cleaned  # opened before someone else's save: the save reports the conflict
        emptied = revisions.emptied_texts(self.instance, cleaned)
        if emptied:
            self.fields[CONFIRM_FIELD] = _confirm_field()
            self.add_error(
                None,
                _(
                    "This empties %(fields)s in every language. Are you sure? Tick the box "
                    "below and save again; an earlier version can be restored from the history."
                )
                % {"fields": ", ".join(emptied)},
            )
        return cleaned

    def history_target(self):
        """The record whose history page the form links to (None: a new record)."""
        model = self._meta.model
        if self.instance.pk and revisions.has_history(model):
            return self.instance
        return None


def _confirm_field():
    return forms.BooleanField(
        required=False, label=gettext_lazy("Yes, empty these texts in every language")
    )
