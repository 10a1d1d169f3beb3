from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField
from simple_history.models import HistoricalRecords

from citybridge.core.i18n import localize
from citybridge.core.slugs import unique_slug

THEME_MAX_DEPTH = 3


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN SDGs; shipped as data (programmes/data/sdgs.json), never edited."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = I18nCharField(_("name"), max_length=100)
    colour = models.CharField(_("colour"), max_length=7)

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]

    def __str__(self):
        return f"SDG {self.number}: {localize(self.name).text}"


class Programme(models.Model):
    name = I18nCharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True, blank=True)
    funder = I18nCharField(_("funder"), max_length=300, blank=True, null=True)
    regions = I18nCharField(
        _("regions"),
        max_length=300,
        blank=True,
        null=True,
        help_text=_("Where its cities come from."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    description = I18nTextField(_("description"), blank=True, null=True)
    website = models.URLField(_("website"), blank=True)
    privacy_notice = I18nTextField(
        _("privacy notice"),
        blank=True,
        null=True,
        help_text=_(
            "Shown on the privacy page: who is responsible for the personal data of this "
            "programme, why it is kept and how to reach them."
        ),
    )
    application_retention_days = models.PositiveIntegerField(
        _("keep applications not selected for (days)"),
        default=365,
        help_text=_(
            "Applications of cities that were not selected are deleted this many days after "
            "the decision."
        ),
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("themes",)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "id"]

    def __str__(self):
        return self.acronym or localize(self.name).text

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.acronym or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:programme", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})


class Theme(models.Model):
    """A theme of cooperation, in a small tree per programme, mapped to SDGs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="themes", verbose_name=_("programme")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("broader theme"),
    )
    name = I18nCharField(_("name"), max_length=200)
    description = I18nTextField(_("description"), blank=True, null=True)
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="themes", verbose_name=_("SDGs")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[sdgs])

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["programme_id", "order", "id"]

    def __str__(self):
        return localize(self.name).text

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.programme_id != self.programme_id:
            raise ValidationError(
                {"parent": _("The broader theme must belong to the same programme.")}
            )
        depth, node, seen = 1, self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A theme cannot be placed under itself.")})
            seen.add(node.pk)
            depth += 1
            node = node.parent
        if depth > THEME_MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": _("Themes are at most %(depth)s levels deep.")
                    % {"depth": THEME_MAX_DEPTH}
                }
            )

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "programmes.change_programme", self.programme
