import pytest
from django.core.exceptions import ValidationError

from citybridge.pairings.models import Pairing
from citybridge.pairings.services import create_pairing
from tests.factories import CityFactory, JapaneseCityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_pairing_joins_two_cities_in_the_order_given():
    programme = ProgrammeFactory()
    ancona = CityFactory(name='{"en": "Ancona"}')
    ikoma = JapaneseCityFactory(name='{"en": "Ikoma"}')
    pairing = create_pairing(programme=programme, cities=[ancona, ikoma])
    assert pairing.slug == "ancona-ikoma"
    assert [m.city for m in pairing.ordered_memberships] == [ancona, ikoma]


def test_a_multilateral_pairing_joins_three_cities():
    pairing = create_pairing(
        programme=ProgrammeFactory(),
        cities=[CityFactory(), JapaneseCityFactory(), JapaneseCityFactory()],
    )
    assert pairing.cities.count() == 3


def test_a_pairing_needs_two_distinct_cities_and_nothing_is_written_otherwise():
    programme = ProgrammeFactory()
    city = CityFactory()
    with pytest.raises(ValidationError, match="at least two"):
        create_pairing(programme=programme, cities=[city])
    with pytest.raises(ValidationError, match="only once"):
        create_pairing(programme=programme, cities=[city, city])
    assert Pairing.objects.count() == 0


def test_a_pairing_cannot_end_before_it_starts():
    with pytest.raises(ValidationError):
        create_pairing(
            programme=ProgrammeFactory(),
            cities=[CityFactory(), JapaneseCityFactory()],
            start_date="2019-01-01",
            end_date="2018-01-01",
        )
    assert Pairing.objects.count() == 0
