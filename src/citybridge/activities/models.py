"""Activities: study tours, exchange meetings and the like, with agendas, delegations,
outcomes and materials.

Times are stored in UTC (``USE_TZ``) and entered in the host city's time zone; pages show
them in the host's and the partner city's zones side by side (``activities.times``).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField
from simple_history.models import HistoricalRecords

from citybridge.activities.enums import (
    ActivityKind,
    ActivityStatus,
    DatePrecision,
    MaterialKind,
    ParticipantRole,
    Visibility,
)
from citybridge.core.i18n import localize
from citybridge.core.limits import check_date_bounds
from citybridge.core.storage import private_storage


class ActivityQuerySet(models.QuerySet):
    def public(self):
        """Activities citizens may see: those of the programme, or of a public pairing."""
        from citybridge.pairings.enums import PUBLIC_STATUSES

        return self.filter(models.Q(pairing=None) | models.Q(pairing__status__in=PUBLIC_STATUSES))

    def on_calendar(self):
        """Activities that can be put in a calendar: those whose days are known."""
        return self.exclude(date_precision=DatePrecision.MONTH)


class Activity(models.Model):
    """A study tour, exchange meeting, staff exchange, webinar, training or signing.

    It belongs to a programme (exchange meetings: every pairing is invited) or to one pairing
    (study tours). ``sequence`` counts published changes, so calendar clients replace their
    copy (RFC 5545 SEQUENCE); ``uid`` never changes.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("programme"),
    )
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("pairing"),
        help_text=_("Leave empty for a programme-wide activity such as an exchange meeting."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ActivityKind.choices)
    title = I18nCharField(_("title"), max_length=300)
    description = I18nTextField(_("description"), blank=True, null=True)
    host_city = models.ForeignKey(
        "directory.City",
        on_delete=models.PROTECT,
        related_name="hosted_activities",
        verbose_name=_("host city"),
    )
    venue = I18nCharField(_("venue"), max_length=300, blank=True, null=True)
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(
        _("times not known"),
        default=False,
        help_text=_("Only the days are known: calendars show whole days, pages show no hours."),
    )
    date_precision = models.CharField(
        _("dates known"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "For past events whose exact days were never published: pages show the month only "
            "and calendar feeds leave them out."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    minutes = I18nTextField(_("minutes"), blank=True, null=True)
    follow_ups = I18nTextField(_("follow-ups"), blank=True, null=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = ActivityQuerySet.as_manager()

    history = HistoricalRecords()
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("agenda_items", "participations", "materials")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self):
        return localize(self.title).text

    def get_absolute_url(self):
        return reverse("activities:detail", kwargs={"pk": self.pk})

    def clean(self):
        check_date_bounds(starts_at=self.starts_at, ends_at=self.ends_at)
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end cannot be before the start.")})
        if self.pairing_id and self.programme_id and self.pairing.programme_id != self.programme_id:
            raise ValidationError(
                {"pairing": _("The pairing must belong to the activity's programme.")}
            )

    @property
    def host_zone(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.host_city.time_zone)

    @property
    def only_month_known(self) -> bool:
        return self.date_precision == DatePrecision.MONTH

    @property
    def is_held(self) -> bool:
        return self.status == ActivityStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED


class AgendaItem(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = I18nCharField(_("title"), max_length=300)
    description = I18nTextField(_("description"), blank=True, null=True)
    place = I18nCharField(_("place"), max_length=300, blank=True, null=True)
    organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("organisations met"),
    )
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    language = models.CharField(_("language of the session"), max_length=10, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_("Illustrative item, not part of the real programme."),
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[organisations])
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("materials",)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["starts_at", "order", "id"]

    def __str__(self):
        return localize(self.title).text

    def clean(self):
        check_date_bounds(starts_at=self.starts_at, ends_at=self.ends_at)
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end cannot be before the start.")})

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "activities.change_activity", self.activity


class Participation(models.Model):
    """Who travels to or attends an activity, in which role, arriving and leaving when."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.OFFICIAL
    )
    city = models.ForeignKey(
        "directory.City",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("delegation of"),
        help_text=_("The city whose delegation the person belongs to."),
    )
    arrives_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    departs_at = models.DateTimeField(_("departure"), null=True, blank=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["city_id", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="participates_once")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def clean(self):
        check_date_bounds(arrives_at=self.arrives_at, departs_at=self.departs_at)
        if self.arrives_at and self.departs_at and self.departs_at < self.arrives_at:
            raise ValidationError({"departs_at": _("The departure cannot be before the arrival.")})

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "activities.change_activity", self.activity


class Material(models.Model):
    """A presentation, document, photo, minutes or link attached to exactly one of an activity,
    an agenda item, an agreement or a pairing."""

    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    agreement = models.ForeignKey(
        "pairings.Agreement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices)
    title = I18nCharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=10, blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=16, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    file = models.FileField(
        _("file"), upload_to="materials/%Y/%m/", storage=private_storage, blank=True
    )
    thumbnail = models.FileField(
        upload_to="materials/thumbnails/%Y/%m/", storage=private_storage, blank=True, editable=False
    )
    url = models.URLField(_("link"), blank=True)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    mime_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["thumbnail"])

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(activity__isnull=False, agenda_item=None, agreement=None, pairing=None)
                    | models.Q(
                        activity=None, agenda_item__isnull=False, agreement=None, pairing=None
                    )
                    | models.Q(
                        activity=None, agenda_item=None, agreement__isnull=False, pairing=None
                    )
                    | models.Q(
                        activity=None, agenda_item=None, agreement=None, pairing__isnull=False
                    )
                ),
                name="material_attached_to_one_thing",
            ),
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="material_has_file_or_link"
            ),
        ]

    def __str__(self):
        return localize(self.title).text

    def get_absolute_url(self):
        if not self.file:
            return self.url
        return reverse("activities:material", kwargs={"pk": self.pk})

    @property
    def attached_to(self):
        return self.activity or self.agenda_item or self.agreement or self.pairing

    @property
    def owning_pairing(self):
        """The pairing whose members may see a members-only material (None: programme level)."""
        if self.pairing_id:
            return self.pairing
        if self.agreement_id:
            return self.agreement.pairing
        activity = self.activity or (self.agenda_item.activity if self.agenda_item_id else None)
        return activity.pairing if activity else None

    @property
    def programme_id(self):
        pairing = self.owning_pairing
        if pairing is not None:
            return pairing.programme_id
        activity = self.activity or self.agenda_item.activity
        return activity.programme_id

    def edit_permission(self) -> tuple[str, object]:
        """Who may attach, remove and restore it: whoever edits what it is attached to."""
        if self.pairing_id:
            return "pairings.change_pairing", self.pairing
        if self.agreement_id:
            return "pairings.change_agreement", self.agreement
        return "activities.change_activity", self.activity or self.agenda_item.activity

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def thumbnail_url(self) -> str:
        return reverse("activities:material_thumbnail", kwargs={"pk": self.pk})
