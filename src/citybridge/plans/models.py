"""The joint Urban Cooperation Action Plan of a pairing, its actions, indicators and monitoring.

Both cities co-write one plan per pairing. Every text is translatable; ``translation_stamps``
remember when each language of each field last changed, so the editor can say which side
"needs translation". ``revision`` numbers implement optimistic locking: a save that started
from an older revision is refused (``plans.services``), so two editors never overwrite each
other. Submitting and approving freeze a ``PlanVersion`` snapshot that can never change.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField
from simple_history.models import HistoricalRecords

from citybridge.core.i18n import localize
from citybridge.plans.enums import Direction, PlanStatus, ProgressStatus, VersionKind


class ActionPlan(models.Model):
    pairing = models.OneToOneField(
        "pairings.Pairing", on_delete=models.PROTECT, related_name="plan", verbose_name=_("pairing")
    )
    title = I18nCharField(_("title"), max_length=300)
    context = I18nTextField(_("context"), blank=True, null=True)
    vision = I18nTextField(_("shared vision"), blank=True, null=True)
    objectives = I18nTextField(_("objectives"), blank=True, null=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    translation_stamps = models.JSONField(default=dict, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_during = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans_approved",
        verbose_name=_("approved during"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["translation_stamps"])
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("actions", "indicators")

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return localize(self.title).text

    def get_absolute_url(self):
        return reverse("plans:public", kwargs={"slug": self.pairing.slug})

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.IN_IMPLEMENTATION, PlanStatus.CLOSED)

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "plans.edit_plan", self

    def history_permission(self) -> tuple[str, object]:
        return "plans.view_plan_workspace", self


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(
        "programmes.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("theme"),
    )
    title = I18nCharField(_("title"), max_length=300)
    description = I18nTextField(_("description"), blank=True, null=True)
    lead_city = models.ForeignKey(
        "directory.City",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead city"),
    )
    lead_organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="partner_actions",
        verbose_name=_("partner organisations"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("estimated budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    funding_source = I18nCharField(_("funding source"), max_length=300, blank=True, null=True)
    expected_results = I18nTextField(_("expected results"), blank=True, null=True)
    benefits = I18nTextField(_("benefits"), blank=True, null=True)
    risks = I18nTextField(_("risks"), blank=True, null=True)
    sdgs = models.ManyToManyField(
        "programmes.SustainableDevelopmentGoal",
        blank=True,
        related_name="actions",
        verbose_name=_("SDGs"),
    )
    is_pilot = models.BooleanField(_("pilot project"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    revision = models.PositiveIntegerField(default=1, editable=False)
    translation_stamps = models.JSONField(default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["translation_stamps"], m2m_fields=[partners, sdgs])
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("steps", "progress_updates")

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["order", "id"]

    def __str__(self):
        return localize(self.title).text

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})

    @property
    def is_editable(self) -> bool:
        return self.plan.is_editable

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "plans.edit_plan", self.plan

    def history_permission(self) -> tuple[str, object]:
        return "plans.view_plan_workspace", self.plan


class ActionStep(models.Model):
    """A milestone or sub-action of an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="steps")
    title = I18nCharField(_("title"), max_length=300)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    order = models.PositiveIntegerField(default=0)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["order", "due_date", "id"]

    def __str__(self):
        return localize(self.title).text

    @property
    def is_editable(self) -> bool:
        return self.action.plan.is_editable

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "plans.edit_plan", self.action.plan


class Indicator(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="indicators")
    action = models.ForeignKey(
        Action,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("action"),
    )
    name = I18nCharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample content"), default=False)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("measurements",)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]

    def __str__(self):
        return localize(self.name).text

    def clean(self):
        if self.action_id and self.plan_id and self.action.plan_id != self.plan_id:
            raise ValidationError({"action": _("The action must belong to the same plan.")})
        if self.baseline_date and self.target_date and self.target_date < self.baseline_date:
            raise ValidationError(
                {"target_date": _("The target date cannot be before the baseline date.")}
            )

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "plans.report_progress", self.plan


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = I18nCharField(_("source"), max_length=300, blank=True, null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator_id", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="one_measurement_per_day")
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.date}: {self.value}"

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "plans.report_progress", self.indicator.plan


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=16, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("percentage complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = I18nTextField(_("what happened"), blank=True, null=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-id"]
        get_latest_by = ["date", "id"]

    def __str__(self):
        return f"{self.action_id} {self.date} {self.status}"

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "plans.report_progress", self.action.plan


class Comment(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_comments"
    )
    body = models.TextField(_("comment"), max_length=5000)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="plan_mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class PlanVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Plan versions are frozen and cannot be changed.")

    def delete(self):
        raise ValidationError("Plan versions are frozen and cannot be deleted.")


class PlanVersion(models.Model):
    """A frozen snapshot of the whole plan, taken at each submission and approval."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=VersionKind.choices)
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    activity = models.ForeignKey(
        "activities.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]

    def __str__(self):
        return f"v{self.number} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Plan versions are frozen and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Plan versions are frozen and cannot be deleted.")
