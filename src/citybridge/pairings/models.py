from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from i18nfield.fields import I18nCharField, I18nTextField
from simple_history.models import HistoricalRecords

from citybridge.core.i18n import localize
from citybridge.core.storage import private_storage
from citybridge.pairings.enums import PUBLIC_STATUSES, AgreementStatus, PairingStatus


class PairingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def with_cities(self):
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=PairingCity.objects.select_related("city").order_by("order", "id"),
            )
        )


class Pairing(models.Model):
    """Two or more cities of a programme cooperating on shared themes.

    Create pairings with ``citybridge.pairings.services.create_pairing`` which checks that the
    cities are at least two and distinct.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="pairings",
        verbose_name=_("programme"),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    cities = models.ManyToManyField(
        "directory.City", through="PairingCity", related_name="pairings", verbose_name=_("cities")
    )
    themes = models.ManyToManyField(
        "programmes.Theme", blank=True, related_name="pairings", verbose_name=_("themes")
    )
    focus = I18nTextField(
        _("focus"), blank=True, null=True, help_text=_("The focus of cooperation as published.")
    )
    description = I18nTextField(_("description"), blank=True, null=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PairingStatus.choices, default=PairingStatus.PROPOSED
    )
    selected_in = models.PositiveSmallIntegerField(_("year selected"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    coordinator = models.ForeignKey(
        "directory.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_pairings",
        verbose_name=_("pairing coordinator"),
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = PairingQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[themes])
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("memberships", "milestones", "agreements", "materials")

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["selected_in", "slug"]

    def __str__(self):
        return " – ".join(str(m.city) for m in self.ordered_memberships) or self.slug

    def get_absolute_url(self):
        return reverse("portal:pairing", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})

    @property
    def ordered_memberships(self):
        """Memberships in display order; uses the prefetch from ``with_cities()`` when present."""
        return sorted(self.memberships.all(), key=lambda m: (m.order, m.id))

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class PairingCity(models.Model):
    """A city's part in a pairing: which of its departments and stakeholders are involved."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="memberships")
    city = models.ForeignKey("directory.City", on_delete=models.PROTECT, related_name="memberships")
    order = models.PositiveSmallIntegerField(default=0)
    organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="pairing_memberships",
        verbose_name=_("departments and stakeholders involved"),
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        verbose_name = _("city in a pairing")
        verbose_name_plural = _("cities in pairings")
        constraints = [
            models.UniqueConstraint(fields=["pairing", "city"], name="pairing_city_once"),
        ]

    def __str__(self):
        return f"{self.city} in {self.pairing_id}"


class Agreement(models.Model):
    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("pairing")
    )
    title = I18nCharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = I18nCharField(_("signed in"), max_length=200, blank=True, null=True)
    summary = I18nTextField(_("summary"), blank=True, null=True)
    document_url = models.URLField(
        _("link to the published document"),
        blank=True,
        help_text=_(
            "Where the city published it, if it did; upload the files as language versions."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.SIGNED
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    signing_activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements_signed",
        verbose_name=_("signed during"),
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("versions", "signatories", "materials")

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["signed_on", "id"]

    def __str__(self):
        return localize(self.title).text

    @property
    def is_public(self) -> bool:
        """Signed (or expired) agreements of public pairings are published; drafts are not."""
        return self.status != AgreementStatus.DRAFT and self.pairing.is_public

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end of validity cannot be before its start.")}
            )
        if self.status == AgreementStatus.SIGNED and not self.signed_on:
            raise ValidationError({"signed_on": _("A signed agreement needs its signing date.")})


class AgreementVersion(models.Model):
    """The agreement's document in one language (Italian, Japanese, English…)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10)
    # Private storage: a draft agreement is not public; the view serves it to who may see it.
    document = models.FileField(_("document"), upload_to="agreements/%Y/", storage=private_storage)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    mime_type = models.CharField(max_length=100, blank=True, editable=False)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "language"], name="one_version_per_language"
            )
        ]

    def __str__(self):
        return f"{self.agreement} ({self.language})"

    def get_absolute_url(self):
        return reverse("pairings:agreement_version", kwargs={"pk": self.pk})

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "pairings.change_agreement", self.agreement


class Signatory(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = I18nCharField(
        pgettext_lazy("a person's job title", "title"), max_length=300, blank=True, null=True
    )
    city = models.ForeignKey(
        "directory.City", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("city")
    )
    order = models.PositiveSmallIntegerField(default=0)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name or localize(self.title).text

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "pairings.change_agreement", self.agreement


class Milestone(models.Model):
    """A dated step on a pairing's public timeline (a visit, a presentation, a deadline)."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    title = I18nCharField(_("title"), max_length=300)
    description = I18nTextField(_("description"), blank=True, null=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "id"]

    def __str__(self):
        return localize(self.title).text

    def clean(self):
        if self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})

    def edit_permission(self) -> tuple[str, object]:
        """Who may edit this, see its history and restore it (``core.revisions``)."""
        return "pairings.change_pairing", self.pairing
