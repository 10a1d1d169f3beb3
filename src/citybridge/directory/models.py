import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField, I18nTextField
from simple_history.models import HistoricalRecords

from citybridge.core.i18n import localize
from citybridge.core.slugs import unique_slug
from citybridge.directory.enums import Continent, OrganisationKind
from citybridge.directory.validators import validate_language_codes, validate_time_zone


class City(models.Model):
    name = I18nCharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True, blank=True)
    country = CountryField(_("country"))
    continent = models.CharField(_("region"), max_length=2, choices=Continent.choices)
    admin_region = I18nCharField(
        _("province, prefecture or state"), max_length=200, blank=True, null=True
    )
    population = models.PositiveIntegerField(
        _("population"), validators=[MinValueValidator(1)], help_text=_("Inhabitants, more than 0.")
    )
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Europe/Rome."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    description = I18nTextField(_("description"), blank=True, null=True)
    website = models.URLField(_("website"), blank=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("organisations",)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population__gt=0), name="city_population_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_in_range",
            ),
        ]

    def __str__(self):
        return localize(self.name).text

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, also=self._gazetteer_names())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:city", kwargs={"slug": self.slug})

    @property
    def flag(self) -> str:
        return self.country.unicode_flag

    def _gazetteer_names(self):
        """The city's name in the gazetteer, in Latin letters (looked up only when iterated)."""
        if self.geonames_id:
            from citybridge.directory import gazetteer

            if found := gazetteer.get(self.geonames_id):
                yield found.name


class Organisation(models.Model):
    """A city department, a local public or private body, a university, a programme body."""

    name = I18nCharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    city = models.ForeignKey(
        City,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("city"),
        help_text=_("Leave empty for bodies that belong to no city, such as a programme office."),
    )
    description = I18nTextField(_("description"), blank=True, null=True)
    website = models.URLField(_("website"), blank=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    # Their changes and deletions are listed on this record's history page.
    history_includes = ("people",)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "id"]

    def __str__(self):
        return localize(self.name).text

    @property
    def is_department(self) -> bool:
        return self.kind == OrganisationKind.CITY_DEPARTMENT


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = I18nCharField(_("role or title"), max_length=300, blank=True, null=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    calendar_token = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Secret part of the address of this person's calendar feed.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("user account"),
    )

    public_consent = models.BooleanField(
        _("may be named on public pages"),
        default=False,
        help_text=_(
            "Only with the person's agreement are their name and photo shown on public pages "
            "(participants, signatories, plan contacts)."
        ),
    )

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["calendar_token"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def city(self):
        return self.organisation.city if self.organisation_id else None
