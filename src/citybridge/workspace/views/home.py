"""The workspace start page: the user's roles, cities and pairings."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from citybridge.access.rules import roles_of
from citybridge.directory.models import City
from citybridge.pairings.models import Pairing, PairingCity
from citybridge.programmes.models import Programme


def my_pairings(user):
    """The pairings a user works on: their programmes', their own and their cities'."""
    if user.is_superuser:
        return Pairing.objects.all()
    roles = roles_of(user)
    return Pairing.objects.filter(
        Q(programme_id__in=roles.coordinated_programmes)
        | Q(pk__in=roles.coordinated_pairings)
        | Q(pk__in=PairingCity.objects.filter(city_id__in=roles.member_cities).values("pairing_id"))
    )


@login_required
def home(request):
    roles = roles_of(request.user)
    if request.user.is_superuser:
        cities = City.objects.all()
    else:
        # Own cities, the cities of coordinated programmes, and new cities in no pairing yet.
        mine = Q(pk__in=roles.member_cities)
        if roles.coordinated_programmes:
            mine |= Q(
                pk__in=PairingCity.objects.filter(
                    pairing__programme_id__in=roles.coordinated_programmes
                ).values("city_id")
            ) | ~Q(pk__in=PairingCity.objects.values("city_id"))
        cities = City.objects.filter(mine)
    cities = cities.order_by("slug")
    pairings = my_pairings(request.user).select_related("programme").with_cities()
    return render(
        request,
        "workspace/home.html",
        {
            "cities": list(cities),
            "pairings": list(pairings.order_by("selected_in", "slug")),
            "roles": list(request.user.roles.select_related("programme", "pairing", "city")),
            "can_add_city": request.user.has_perm("directory.add_city"),
            "is_evaluator": bool(roles.evaluated_programmes),
            "programmes": list(
                Programme.objects.all()
                if request.user.is_superuser
                else Programme.objects.filter(pk__in=roles.coordinated_programmes)
            ),
        },
    )
