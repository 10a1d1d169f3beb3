"""Multi-step writes on pairings."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from citybridge.core.slugs import ascii_slug
from citybridge.directory.models import City
from citybridge.pairings.models import Pairing, PairingCity
from citybridge.programmes.models import Programme


def validate_pairing_cities(cities: Sequence[City]) -> None:
    """A pairing joins at least two distinct cities."""
    ids = [c.pk for c in cities]
    if len(set(ids)) != len(ids):
        raise ValidationError(
            _("A city can take part in a pairing only once."), code="duplicate_city"
        )
    if len(ids) < 2:
        raise ValidationError(
            _("A pairing needs at least two different cities."), code="too_few_cities"
        )


def pairing_slug(cities: Sequence[City]) -> str:
    base = "-".join(ascii_slug(c.name) or c.slug for c in cities)[:110].strip("-") or "pairing"
    slug, n = base, 1
    while Pairing.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_pairing(*, programme: Programme, cities: Sequence[City], **fields) -> Pairing:
    """Create a pairing of ``cities`` in ``programme``.

    Side effects: one ``PairingCity`` per city, in the order given. Raises ValidationError
    (and writes nothing) unless there are at least two distinct cities.
    """
    validate_pairing_cities(cities)
    pairing = Pairing(
        programme=programme, slug=fields.pop("slug", None) or pairing_slug(cities), **fields
    )
    pairing.full_clean()
    pairing.save()
    PairingCity.objects.bulk_create(
        PairingCity(pairing=pairing, city=city, order=i) for i, city in enumerate(cities)
    )
    return pairing
