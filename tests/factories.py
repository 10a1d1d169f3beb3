"""factory_boy factories for every model; tests build exactly the data they need."""

import json
from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role
from citybridge.activities.enums import ActivityKind, ActivityStatus, MaterialKind, Visibility
from citybridge.activities.models import Activity, AgendaItem, Material, Participation
from citybridge.calls.models import Application, ApplicationAttachment, Call
from citybridge.directory.enums import Continent, OrganisationKind
from citybridge.directory.models import City, Organisation, Person
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import (
    Agreement,
    AgreementVersion,
    Milestone,
    Pairing,
    PairingCity,
    Signatory,
)
from citybridge.plans.models import Action, ActionPlan, ActionStep, Comment, Indicator
from citybridge.programmes.models import Programme, Theme


def text(**translations):
    return json.dumps(translations, ensure_ascii=False)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-pass-123")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(
        lambda n: text(en=f"Programme {n}", it=f"Programma {n}", ja=f"プログラム{n}")
    )
    acronym = factory.Sequence(lambda n: f"P{n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: text(en=f"Theme {n}"))


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: text(en=f"City {n}"))
    country = "IT"
    continent = Continent.EUROPE
    population = 100_000
    latitude = 43.6
    longitude = 13.5
    time_zone = "Europe/Rome"


class JapaneseCityFactory(CityFactory):
    country = "JP"
    continent = Continent.ASIA
    latitude = 34.7
    longitude = 135.7
    time_zone = "Asia/Tokyo"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: text(en=f"Department {n}"))
    kind = OrganisationKind.CITY_DEPARTMENT
    city = factory.SubFactory(CityFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class PairingFactory(factory.django.DjangoModelFactory):
    """A pairing of a European and a Japanese city (pass ``cities=[…]`` for others)."""

    class Meta:
        model = Pairing
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"pairing-{n}")
    status = PairingStatus.ACTIVE

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if not create:
            return
        for order, city in enumerate(extracted or [CityFactory(), JapaneseCityFactory()]):
            PairingCity.objects.create(pairing=self, city=city, order=order)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    pairing = factory.SubFactory(PairingFactory)
    title = text(en="Cooperation agreement")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    pairing = factory.SubFactory(PairingFactory)
    date = "2018-10-03"
    title = text(en="Study visit")


def grant(user, kind: RoleKind, obj) -> Role:
    """Give ``user`` a role on a programme, pairing or city."""
    scope = {
        RoleKind.PROGRAMME_COORDINATOR: "programme",
        RoleKind.EVALUATOR: "programme",
        RoleKind.PAIRING_COORDINATOR: "pairing",
        RoleKind.CITY_EDITOR: "city",
        RoleKind.CITY_VIEWER: "city",
    }[kind]
    return Role.objects.create(user=user, kind=kind, **{scope: obj})


class ActivityFactory(factory.django.DjangoModelFactory):
    """A study tour of ``pairing`` hosted by its first city, 3–6 October 2018 (CEST)."""

    class Meta:
        model = Activity

    pairing = factory.SubFactory(PairingFactory)
    programme = factory.LazyAttribute(
        lambda a: a.pairing.programme if a.pairing else ProgrammeFactory()
    )
    kind = ActivityKind.STUDY_TOUR
    title = factory.Sequence(lambda n: text(en=f"Study visit {n}"))
    host_city = factory.LazyAttribute(
        lambda a: a.pairing.ordered_memberships[0].city if a.pairing else CityFactory()
    )
    starts_at = datetime(2018, 10, 3, 7, 0, tzinfo=UTC)  # 09:00 in Ancona (CEST)
    ends_at = datetime(2018, 10, 6, 16, 0, tzinfo=UTC)
    status = ActivityStatus.CONFIRMED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyAttribute(lambda i: i.activity.starts_at)
    ends_at = factory.LazyAttribute(lambda i: i.activity.starts_at + timedelta(hours=1))
    title = factory.Sequence(lambda n: text(en=f"Meeting {n}"))


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)
    city = factory.LazyAttribute(
        lambda p: p.person.organisation.city if p.person.organisation else None
    )


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    pairing = factory.SubFactory(PairingFactory)
    title = text(en="Urban Cooperation Action Plan")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: text(en=f"Action {n}"))
    order = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(ActionPlanFactory)
    name = factory.Sequence(lambda n: text(en=f"Indicator {n}"))
    unit = "t CO2"
    baseline_value = 100
    target_value = 60
    direction = "decrease"


class CallFactory(factory.django.DjangoModelFactory):
    """An open call for EU (IT, DE, ES, GR) and Japanese cities, closing in 30 days."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"call-{n}")
    title = text(en="Call for cities 2017")
    side_a_name = text(en="EU cities")
    side_a_countries = ["IT", "DE", "ES", "GR"]
    side_b_name = text(en="Japanese cities")
    side_b_countries = ["JP"]
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    is_published = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    city = factory.SubFactory(CityFactory)
    challenges = text(en="Energy use of public buildings")
    practices = text(en="Social inclusion services for the elderly")
    motivation = text(en="Learn from a city facing similar challenges")
    staff_languages = ["en", "it"]


class MaterialFactory(factory.django.DjangoModelFactory):
    """A public PDF attached to an activity (pass ``activity=None`` and another owner:
    ``agenda_item``, ``agreement`` or ``pairing``)."""

    class Meta:
        model = Material

    activity = factory.SubFactory(ActivityFactory)
    kind = MaterialKind.DOCUMENT
    title = factory.Sequence(lambda n: text(en=f"Presentation {n}"))
    visibility = Visibility.PUBLIC
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4\n%slides\n")
    original_name = "slides.pdf"
    mime_type = "application/pdf"


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    language = "en"
    document = factory.django.FileField(filename="agreement.pdf", data=b"%PDF-1.4\n%agreement\n")
    original_name = "agreement.pdf"
    mime_type = "application/pdf"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Mayor {n}")


class ActionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionStep

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: text(en=f"Step {n}"))


class PlanCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    plan = factory.SubFactory(ActionPlanFactory)
    author = factory.SubFactory(UserFactory)
    body = "Please add a budget."


class ApplicationAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationAttachment

    application = factory.SubFactory(ApplicationFactory)
    title = "Letter of intent"
    file = factory.django.FileField(filename="letter.pdf", data=b"%PDF-1.4\n%letter\n")
    original_name = "letter.pdf"
    mime_type = "application/pdf"
