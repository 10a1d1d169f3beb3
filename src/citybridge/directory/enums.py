from django.db import models
from django.utils.translation import gettext_lazy as _


class Continent(models.TextChoices):
    EUROPE = "EU", _("Europe")
    ASIA = "AS", _("Asia")
    AFRICA = "AF", _("Africa")
    NORTH_AMERICA = "NA", _("North America")
    SOUTH_AMERICA = "SA", _("Latin America")
    OCEANIA = "OC", _("Oceania")
    ANTARCTICA = "AN", _("Antarctica")


class OrganisationKind(models.TextChoices):
    CITY_DEPARTMENT = "city_department", _("City department")
    PUBLIC_BODY = "public_body", _("Public body")
    PRIVATE_COMPANY = "private_company", _("Private company")
    UNIVERSITY = "university", _("University or research centre")
    NGO = "ngo", _("NGO or association")
    PROGRAMME_BODY = "programme_body", _("Programme body")
