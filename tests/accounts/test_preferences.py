import pytest
from django.core.exceptions import ValidationError

from citybridge.accounts.enums import Delivery, Topic
from citybridge.accounts.services import (
    language_of,
    preferences_of,
    set_preferences,
    time_zone_of,
)
from tests.factories import CityFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_who_never_chose_gets_every_notification_at_once():
    user = UserFactory()
    assert preferences_of(user).deliveries() == {t: Delivery.AT_ONCE for t in Topic.values}


def test_choices_are_kept_and_merged():
    user = UserFactory()
    set_preferences(user=user, language="ja", time_zone="Asia/Tokyo")
    set_preferences(user=user, notifications={Topic.MENTION: Delivery.DIGEST})
    set_preferences(user=user, notifications={Topic.OVERDUE: Delivery.OFF})
    user = type(user).objects.get(pk=user.pk)
    prefs = preferences_of(user)
    assert (prefs.language, prefs.time_zone) == ("ja", "Asia/Tokyo")
    assert prefs.delivery_for(Topic.MENTION) == Delivery.DIGEST
    assert prefs.delivery_for(Topic.OVERDUE) == Delivery.OFF
    assert prefs.delivery_for(Topic.ASSIGNMENT) == Delivery.AT_ONCE


def test_an_unknown_zone_or_language_is_refused():
    user = UserFactory()
    with pytest.raises(ValidationError):
        set_preferences(user=user, time_zone="Mars/Olympus")
    with pytest.raises(ValidationError):
        set_preferences(user=user, language="xx")


def test_the_chosen_zone_wins_over_the_persons_city():
    user = UserFactory()
    city = CityFactory(time_zone="Europe/Rome")
    PersonFactory(user=user, organisation=OrganisationFactory(city=city))
    assert time_zone_of(user) == "Europe/Rome"
    set_preferences(user=user, time_zone="Asia/Tokyo")
    assert time_zone_of(user) == "Asia/Tokyo"


def test_the_language_falls_back_to_the_persons_languages():
    user = UserFactory()
    PersonFactory(user=user, languages=["ja"])
    assert language_of(user) == "ja"
    set_preferences(user=user, language="it")
    assert language_of(user) == "it"
