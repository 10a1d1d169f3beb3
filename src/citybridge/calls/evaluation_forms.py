"""Forms of the evaluation pages: scores, eligibility decisions, assignments, selection, import.

The coordinator's page shows one small form per application; they take ``auto_id`` so their
ids stay unique on the page, and none of them runs a query to render.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from citybridge.calls.enums import Decision
from citybridge.calls.evaluation import evaluator_label
from citybridge.core.forms import CityBridgeForm
from citybridge.core.limits import SHORT_TEXT_LENGTH, apply_limits

SUBMIT = "submit"


class ScoreForm(CityBridgeForm):
    """One score (0 to the criterion's highest) and comment per criterion, plus an overall
    comment. A POST with ``action=submit`` submits; anything else keeps a draft."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, evaluation, **kwargs):
        scores = {score.criterion_id: score for score in evaluation.scores.all()}
        initial = {"comment": evaluation.comment}
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is not None:
                initial[f"score_{criterion.pk}"] = score.value
                initial[f"comment_{criterion.pk}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        self.submitting = self.data.get("action") == SUBMIT
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score"),
                min_value=0,
                max_value=criterion.max_score,
                required=False,
                help_text=_("From 0 to %(max)s.") % {"max": criterion.max_score},
                widget=forms.NumberInput(attrs={"step": 1}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=SHORT_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        apply_limits(self)  # the fields just added

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for criterion in self.criteria:
                name = f"score_{criterion.pk}"
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give a score before submitting."))
        return cleaned

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class EligibilityForm(CityBridgeForm):
    """The coordinator's decision on eligibility, which overrides the automatic screening."""

    eligible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("", "—"), ("yes", _("Eligible")), ("no", _("Not eligible"))],
        coerce=lambda value: value == "yes",
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the application and shown to the city."),
    )


class AssignForm(CityBridgeForm):
    """Choose one of the call's evaluators for an application (a list, so rendering it for
    every application on the page runs no query)."""

    evaluator = forms.TypedChoiceField(label=_("Evaluator"), coerce=int)

    def __init__(self, *args, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluators = {user.pk: user for user in evaluators}
        self.fields["evaluator"].choices = [("", "—")] + [
            (user.pk, evaluator_label(user)) for user in evaluators
        ]

    def clean_evaluator(self):
        return self.evaluators[self.cleaned_data["evaluator"]]


class DecisionForm(CityBridgeForm):
    decision = forms.ChoiceField(
        choices=[
            (Decision.SELECTED, Decision.SELECTED.label),
            (Decision.NOT_SELECTED, Decision.NOT_SELECTED.label),
        ]
    )


class ImportForm(CityBridgeForm):
    file = forms.FileField(
        label=_("CSV file (UTF-8) or Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
