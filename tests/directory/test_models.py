import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_a_valid_city_passes_validation():
    CityFactory.build().full_clean()


@pytest.mark.parametrize(
    "field, value",
    [
        ("population", 0),
        ("latitude", 90.5),
        ("latitude", -91),
        ("longitude", 180.1),
        ("longitude", -200),
        ("time_zone", "Europe/Ancona"),
        ("time_zone", "CET+1"),
        ("languages", ["xx"]),
    ],
)
def test_city_validation_refuses_bad_values(field, value):
    city = CityFactory.build(**{field: value})
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    assert field in refused.value.message_dict


def test_the_database_refuses_a_city_without_inhabitants_even_past_the_forms():
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(population=0)


def test_the_database_refuses_coordinates_out_of_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(latitude=123)


def test_city_slug_comes_from_the_english_name_and_stays_unique():
    first = CityFactory(name='{"en": "Nagano", "ja": "長野市"}')
    second = CityFactory(name='{"en": "Nagano"}')
    assert (first.slug, second.slug) == ("nagano", "nagano-2")
