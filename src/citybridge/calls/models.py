"""Calls for applications, applications, their evaluation and the matchmaking choices.

A call has two sides (e.g. EU cities and Japanese cities), each defined by its countries.
Deadlines are enforced by the services, never only by the pages.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField
from simple_history.models import HistoricalRecords

from citybridge.calls.enums import ApplicationStatus, Decision, LockKind, Side
from citybridge.core.i18n import localize
from citybridge.core.storage import private_storage
from citybridge.directory.validators import validate_language_codes, validate_time_zone


def validate_country_codes(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(c, str) and len(c) == 2 and c.isupper() for c in value
    ):
        raise ValidationError(_("Give two-letter country codes, such as IT or JP."))


class Call(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("programme"),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title = I18nCharField(_("title"), max_length=300)
    text = I18nTextField(_("text of the call"), blank=True, null=True)
    side_a_name = I18nCharField(
        _("first region"), max_length=100, help_text=_("For example: EU cities")
    )
    side_a_countries = models.JSONField(
        _("countries of the first region"), default=list, validators=[validate_country_codes]
    )
    side_b_name = I18nCharField(
        _("second region"), max_length=100, help_text=_("For example: Japanese cities")
    )
    side_b_countries = models.JSONField(
        _("countries of the second region"), default=list, validators=[validate_country_codes]
    )
    min_population = models.PositiveIntegerField(
        _("minimum population"),
        default=100_000,
        help_text=_("Groups of municipalities count their total."),
    )
    allow_groups = models.BooleanField(_("groups of municipalities may apply"), default=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    time_zone = models.CharField(
        _("time zone of the dates"),
        max_length=64,
        default="Europe/Brussels",
        validators=[validate_time_zone],
    )
    themes = models.ManyToManyField(
        "programmes.Theme", related_name="calls", verbose_name=_("themes offered")
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="calls_to_evaluate",
        verbose_name=_("evaluators"),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Until it is published, only the programme's coordinators see the call; cities "
            "see it and may apply once it is."
        ),
    )
    is_sample = models.BooleanField(_("sample content"), default=False)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[themes, evaluators])
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("criteria",)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at", "id"]

    def __str__(self):
        return localize(self.title).text

    def get_absolute_url(self):
        return reverse("calls:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})
        overlap = set(self.side_a_countries or []) & set(self.side_b_countries or [])
        if overlap:
            raise ValidationError(
                {
                    "side_b_countries": _("A country cannot be on both sides: %(codes)s.")
                    % {"codes": ", ".join(sorted(overlap))}
                }
            )

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    def side_of(self, country_code: str) -> str | None:
        if country_code in self.side_a_countries:
            return Side.A
        if country_code in self.side_b_countries:
            return Side.B
        return None

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "calls.manage_call", self


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = I18nCharField(_("criterion"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["order", "id"]

    def __str__(self):
        return localize(self.name).text

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "calls.manage_call", self.call


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    city = models.ForeignKey(
        "directory.City",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("city"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    challenges = I18nTextField(_("challenges the city faces"), blank=True, null=True)
    practices = I18nTextField(_("practices the city can offer"), blank=True, null=True)
    motivation = I18nTextField(_("motivation"), blank=True, null=True)
    staff_languages = models.JSONField(
        _("working languages of the staff"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
    )
    ties = models.ManyToManyField(
        "directory.City",
        blank=True,
        related_name="+",
        verbose_name=_("cities abroad it already cooperates with"),
    )
    ties_description = I18nTextField(_("existing ties abroad"), blank=True, null=True)
    departments = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="applications",
        verbose_name=_("departments and stakeholders it would involve"),
    )
    contact = models.ForeignKey(
        "directory.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person"),
    )
    group_members = models.JSONField(
        _("other municipalities of the group"),
        default=list,
        blank=True,
        help_text=_("For a group: each member's name and population."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    eligibility_override = models.BooleanField(
        _("eligibility decided by the coordinator"), null=True, blank=True
    )
    override_reason = models.TextField(_("reason for the decision"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(
        _("selection"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the programme office (not one of the city's editors) started or saved it:
    # shown on the application and in the evaluation list (calls.services).
    entered_by_office = models.BooleanField(
        _("entered by the programme office"), default=False, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[ties, departments])
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("ranked_themes",)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call_id", "city__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "city"], name="one_application_per_city_and_call"
            )
        ]

    def __str__(self):
        return f"{self.city} → {self.call}"

    @property
    def total_population(self) -> int:
        return self.city.population + sum(
            int(m.get("population") or 0) for m in self.group_members or []
        )

    @property
    def side(self) -> str | None:
        return self.call.side_of(self.city.country.code)

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "calls.edit_application", self


class ApplicationTheme(models.Model):
    """A theme the city wants to work on, ranked by priority (1 = most important)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="ranked_themes"
    )
    theme = models.ForeignKey("programmes.Theme", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(
        _("priority"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "theme"], name="theme_once_per_application"
            ),
            models.UniqueConstraint(
                fields=["application", "rank"], name="rank_once_per_application"
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.theme}"

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "calls.edit_application", self.application


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="applications/%Y/", storage=private_storage)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    mime_type = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class Evaluation(models.Model):
    """One evaluator's scores of one application (a row exists once the evaluator is assigned)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations"
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["application", "evaluator"], name="evaluated_once")
        ]

    def __str__(self):
        return f"{self.evaluator} on {self.application}"


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="scored_once")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"

    def clean(self):
        if self.value is not None and self.criterion_id and self.value > self.criterion.max_score:
            raise ValidationError(
                {"value": _("The highest score is %(max)s.") % {"max": self.criterion.max_score}}
            )


class PairChoice(models.Model):
    """The coordinator's lock or ban on a pair of applications in the matchmaking."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="pair_choices")
    application_a = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    application_b = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=LockKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call", "application_a", "application_b"], name="one_choice_per_pair"
            )
        ]

    def __str__(self):
        return f"{self.application_a_id}–{self.application_b_id}: {self.kind}"


class MatchWeights(models.Model):
    """The coordinator's weights for the matchmaking of a call."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="match_weights")
    themes = models.FloatField(_("shared themes"), default=0.4, validators=[MinValueValidator(0)])
    challenges_practices = models.FloatField(
        _("challenges and practices"), default=0.3, validators=[MinValueValidator(0)]
    )
    size = models.FloatField(_("similar size"), default=0.15, validators=[MinValueValidator(0)])
    ties = models.FloatField(_("existing ties"), default=0.05)
    language = models.FloatField(
        _("shared working language"), default=0.1, validators=[MinValueValidator(0)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("pairings per city"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    def __str__(self):
        return f"weights of {self.call_id}"

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "calls.manage_call", self.call
