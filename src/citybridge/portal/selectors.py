"""Reads for the public pages, each with the joins it needs so the query count stays flat."""

from django.db.models import Prefetch, Q

from citybridge.directory.models import City, Organisation
from citybridge.pairings.enums import PUBLIC_STATUSES, AgreementStatus
from citybridge.pairings.models import Agreement, Pairing, PairingCity, Signatory
from citybridge.programmes.models import Programme, Theme
from citybridge.programmes.selectors import themes_of  # noqa: F401 - the pages read it here


def visible_pairings(user):
    """Pairings a visitor may see: public ones, plus proposed ones their roles give access to.

    The same decision as the ``pairings.view_pairing`` rule, expressed as one query.
    """
    from citybridge.access.rules import roles_of

    if user.is_authenticated and user.is_superuser:
        return Pairing.objects.all()
    roles = roles_of(user)
    visible = Q(status__in=PUBLIC_STATUSES)
    if roles.has_any:
        visible |= Q(programme_id__in=roles.coordinated_programmes) | Q(
            pk__in=roles.coordinated_pairings
        )
        visible |= Q(
            pk__in=PairingCity.objects.filter(city_id__in=roles.member_cities).values("pairing_id")
        )
    return Pairing.objects.filter(visible)


def visible_agreements(agreements, user) -> list[Agreement]:
    """The agreements ``user`` may read, by the ``pairings.view_agreement`` rule: signed ones
    of a public pairing for everyone, drafts for the pairing's members and staff. The pages
    and the API list agreements through this (with the pairing loaded, no query per item)."""
    return [a for a in agreements if user.has_perm("pairings.view_agreement", a)]


def pairing_materials(pairing: Pairing, user) -> list:
    """Materials of the pairing and of its agreements that ``user`` may see (the
    ``activities.view_material`` rule), reusing the loaded pairing and agreements."""
    from citybridge.activities.models import Material
    from citybridge.activities.selectors import visible_materials

    agreements = {a.pk: a for a in pairing.agreements.all()}
    materials = list(
        Material.objects.filter(Q(pairing=pairing) | Q(agreement_id__in=list(agreements)))
    )
    for material in materials:
        if material.agreement_id:
            material.agreement = agreements[material.agreement_id]
        else:
            material.pairing = pairing
    return visible_materials(materials, user)


def programme_pairings(programme: Programme, user) -> list[Pairing]:
    return list(
        visible_pairings(user)
        .filter(programme=programme)
        .with_cities()
        .order_by("selected_in", "slug")
    )


def programme_figures(pairings: list[Pairing]) -> dict:
    cities = {m.city.pk: m.city for p in pairings for m in p.memberships.all()}
    return {
        "pairings": len(pairings),
        "cities": len(cities),
        "countries": len({c.country.code for c in cities.values()}),
        "population": sum(c.population for c in cities.values()),
    }


def pairing_detail(slug: str) -> Pairing:
    memberships = PairingCity.objects.select_related("city").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("kind", "id"))
    )
    agreements = Agreement.objects.select_related("signing_activity").prefetch_related(
        Prefetch("signatories", queryset=Signatory.objects.select_related("city")), "versions"
    )
    return (
        Pairing.objects.select_related("programme", "coordinator__organisation")
        .prefetch_related(
            Prefetch("memberships", queryset=memberships.order_by("order", "id")),
            Prefetch(
                "themes", queryset=Theme.objects.prefetch_related("sdgs").order_by("order", "id")
            ),
            Prefetch("agreements", queryset=agreements),
            "milestones",
        )
        .get(slug=slug)
    )


def city_detail(slug: str) -> City:
    return City.objects.prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("kind", "id"))
    ).get(slug=slug)


def timeline(pairing: Pairing) -> list[dict]:
    """Dated events of a pairing, oldest first: start, milestones, agreements signed, end."""
    from django.utils.translation import gettext as _

    events = []
    if pairing.start_date:
        events.append(
            {"date": pairing.start_date, "title": _("Cooperation starts"), "kind": "start"}
        )
    for milestone in pairing.milestones.all():
        events.append(
            {
                "date": milestone.date,
                "end_date": milestone.end_date,
                "title": milestone.title,
                "description": milestone.description,
                "kind": "milestone",
                "translated": True,
            }
        )
    for agreement in pairing.agreements.all():
        if agreement.signed_on and agreement.status != AgreementStatus.DRAFT:
            events.append(
                {
                    "date": agreement.signed_on,
                    "title": agreement.title,
                    "kind": "agreement",
                    "translated": True,
                }
            )
    if pairing.end_date:
        events.append({"date": pairing.end_date, "title": _("Cooperation ends"), "kind": "end"})
    return sorted(events, key=lambda e: e["date"])
