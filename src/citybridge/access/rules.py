"""Every permission decision of CityBridge, as object-level rules.

Pages, the API and the admin all ask ``user.has_perm("<app>.<action>", obj)``; the answers
come from the predicates below (django-rules' ObjectPermissionBackend), and nowhere else.

Roles (``access.Role``):
- programme coordinator: everything in their programme, including the directory entries of
  the cities taking part in it; they add new cities, and may edit a city that is in no
  pairing yet;
- pairing coordinator: the pairings they are assigned to (a role, or being the pairing's
  coordinator person);
- city editor: their own city, its departments, stakeholders and people, and the shared
  items of its pairings (description, involvement of its own bodies, agreements, timeline);
- city viewer: reads their city's workspace and its pairings, including proposed ones;
- evaluator: reads and scores the applications of their programme's calls they are assigned
  to, never one from their own city or organisation (``calls.conflicts``).
Programme coordinators also work on a city's behalf: its profile, departments and people (as
above) and its applications to their calls. They give every role of their programme, and city
editors give their own city's editor and viewer roles (``manages_roles``).
Superusers may do everything (Django's ModelBackend answers for them first).
"""

from dataclasses import dataclass, field

import rules

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role
from citybridge.activities.enums import Visibility
from citybridge.calls.conflicts import has_conflict
from citybridge.core.cache_stamp import kept
from citybridge.directory.models import City
from citybridge.pairings.models import Pairing, PairingCity


@dataclass(frozen=True)
class RoleSummary:
    coordinated_programmes: frozenset = field(default_factory=frozenset)
    evaluated_programmes: frozenset = field(default_factory=frozenset)
    coordinated_pairings: frozenset = field(default_factory=frozenset)
    edited_cities: frozenset = field(default_factory=frozenset)
    viewed_cities: frozenset = field(default_factory=frozenset)

    @property
    def is_staff_member(self) -> bool:
        return bool(self.coordinated_programmes or self.coordinated_pairings)

    @property
    def member_cities(self) -> frozenset:
        return self.edited_cities | self.viewed_cities

    @property
    def has_any(self) -> bool:
        return bool(
            self.coordinated_programmes
            or self.evaluated_programmes
            or self.coordinated_pairings
            or self.member_cities
        )


EMPTY = RoleSummary()
_CACHE_ATTR = "_citybridge_roles"


def roles_of(user) -> RoleSummary:
    """The user's roles, read once per user object and kept on it. Between requests they are
    kept in the shared cache until any data changes (``core.cache_stamp``): granting or
    taking a role, or naming a pairing's coordinator, is a write like any other."""
    if user is None or not user.is_authenticated:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    summary = kept(f"roles:{user.pk}", lambda: _read_roles(user))
    setattr(user, _CACHE_ATTR, summary)
    return summary


def _read_roles(user) -> RoleSummary:
    """The user's roles from the database (two queries)."""
    by_kind: dict[str, set] = {kind: set() for kind in RoleKind.values}
    for kind, programme, pairing, city in Role.objects.filter(user=user).values_list(
        "kind", "programme_id", "pairing_id", "city_id"
    ):
        by_kind[kind].add(programme or pairing or city)
    by_kind[RoleKind.PAIRING_COORDINATOR] |= set(
        Pairing.objects.filter(coordinator__user=user).values_list("id", flat=True)
    )
    return RoleSummary(
        coordinated_programmes=frozenset(by_kind[RoleKind.PROGRAMME_COORDINATOR]),
        evaluated_programmes=frozenset(by_kind[RoleKind.EVALUATOR]),
        coordinated_pairings=frozenset(by_kind[RoleKind.PAIRING_COORDINATOR]),
        edited_cities=frozenset(by_kind[RoleKind.CITY_EDITOR]),
        viewed_cities=frozenset(by_kind[RoleKind.CITY_VIEWER]),
    )


def forget_roles(user) -> None:
    """Drop the cached summary after roles change (tests, role editing)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def pairing_city_ids(pairing) -> frozenset:
    cached = getattr(pairing, "_city_ids", None)
    if cached is None:
        if (
            hasattr(pairing, "_prefetched_objects_cache")
            and "memberships" in pairing._prefetched_objects_cache
        ):
            cached = frozenset(m.city_id for m in pairing.memberships.all())
        else:
            cached = frozenset(pairing.memberships.values_list("city_id", flat=True))
        pairing._city_ids = cached
    return cached


def city_programme_ids(city) -> frozenset:
    """Programmes the city takes part in through its pairings (cached on the city)."""
    cached = getattr(city, "_programme_ids", None)
    if cached is None:
        cached = frozenset(
            PairingCity.objects.filter(city=city).values_list("pairing__programme_id", flat=True)
        )
        city._programme_ids = cached
    return cached


def _coordinates_city(user, city) -> bool:
    coordinated = roles_of(user).coordinated_programmes
    if not coordinated or city is None:
        return False
    programmes = city_programme_ids(city)
    return not programmes or bool(programmes & coordinated)


# --- Predicates --------------------------------------------------------------------------


@rules.predicate
def is_programme_coordinator(user) -> bool:
    return bool(roles_of(user).coordinated_programmes)


@rules.predicate
def has_any_role(user) -> bool:
    return roles_of(user).has_any


@rules.predicate
def coordinates_programme(user, programme) -> bool:
    return programme is not None and programme.pk in roles_of(user).coordinated_programmes


@rules.predicate
def coordinates_city(user, city) -> bool:
    return _coordinates_city(user, city)


@rules.predicate
def edits_city(user, city) -> bool:
    return city is not None and city.pk in roles_of(user).edited_cities


@rules.predicate
def views_city(user, city) -> bool:
    return city is not None and city.pk in roles_of(user).member_cities


@rules.predicate
def manages_pairing(user, pairing) -> bool:
    roles = roles_of(user)
    return pairing is not None and (
        pairing.programme_id in roles.coordinated_programmes
        or pairing.pk in roles.coordinated_pairings
    )


@rules.predicate
def edits_city_of_pairing(user, pairing) -> bool:
    return pairing is not None and bool(pairing_city_ids(pairing) & roles_of(user).edited_cities)


@rules.predicate
def member_of_pairing(user, pairing) -> bool:
    member_cities = roles_of(user).member_cities
    # No cities, no question to the database (the public reads every page through this).
    return (
        pairing is not None
        and bool(member_cities)
        and bool(pairing_city_ids(pairing) & member_cities)
    )


@rules.predicate
def pairing_is_public(user, pairing) -> bool:
    return pairing is not None and pairing.is_public


@rules.predicate
def edits_organisation(user, organisation) -> bool:
    return organisation is not None and organisation.city_id in roles_of(user).edited_cities


@rules.predicate
def coordinates_organisation(user, organisation) -> bool:
    if organisation is None:
        return False
    if organisation.city_id is None:  # programme bodies belong to the programme staff
        return is_programme_coordinator(user)
    return _coordinates_city(user, organisation.city)


@rules.predicate
def edits_person(user, person) -> bool:
    if person is None or person.organisation_id is None:
        return False
    return person.organisation.city_id in roles_of(user).edited_cities


@rules.predicate
def coordinates_person(user, person) -> bool:
    return (
        person is not None
        and person.organisation_id is not None
        and coordinates_organisation(user, person.organisation)
    )


@rules.predicate
def manages_membership(user, membership) -> bool:
    return membership is not None and manages_pairing(user, membership.pairing)


@rules.predicate
def edits_membership_city(user, membership) -> bool:
    return membership is not None and membership.city_id in roles_of(user).edited_cities


@rules.predicate
def edits_agreement(user, agreement) -> bool:
    return agreement is not None and (
        manages_pairing(user, agreement.pairing) or edits_city_of_pairing(user, agreement.pairing)
    )


@rules.predicate
def agreement_is_public(user, agreement) -> bool:
    return agreement is not None and agreement.is_public


@rules.predicate
def member_of_agreement_pairing(user, agreement) -> bool:
    return agreement is not None and (
        member_of_pairing(user, agreement.pairing) or manages_pairing(user, agreement.pairing)
    )


def _activity_pairing(activity):
    return activity.pairing if activity.pairing_id else None


@rules.predicate
def manages_activity(user, activity) -> bool:
    """Programme staff: the programme's coordinators; for a pairing's activity, its coordinators."""
    if activity is None:
        return False
    pairing = _activity_pairing(activity)
    if pairing is not None:
        return manages_pairing(user, pairing)
    return activity.programme_id in roles_of(user).coordinated_programmes


@rules.predicate
def edits_activity(user, activity) -> bool:
    """City editors of the pairing an activity belongs to (they plan study tours)."""
    pairing = activity and _activity_pairing(activity)
    return pairing is not None and edits_city_of_pairing(user, pairing)


@rules.predicate
def activity_is_public(user, activity) -> bool:
    pairing = activity and _activity_pairing(activity)
    return activity is not None and (pairing is None or pairing.is_public)


@rules.predicate
def member_of_activity(user, activity) -> bool:
    pairing = activity and _activity_pairing(activity)
    if pairing is None:
        return False
    return member_of_pairing(user, pairing) or manages_pairing(user, pairing)


def _in_programme(user, programme_id) -> bool:
    """Anyone with a role inside the programme: staff, or a member of one of its pairings."""
    roles = roles_of(user)
    if programme_id in roles.coordinated_programmes:
        return True
    return PairingCity.objects.filter(
        pairing__programme_id=programme_id, city_id__in=roles.member_cities
    ).exists() or bool(
        roles.coordinated_pairings
        and PairingCity.objects.filter(
            pairing__programme_id=programme_id, pairing_id__in=roles.coordinated_pairings
        ).exists()
    )


@rules.predicate
def may_see_material(user, material) -> bool:
    if material is None:
        return False
    # Never more visible than what it is attached to: a "public" file on a draft agreement or
    # a proposed pairing's activity is read by those who may read the draft, no one else.
    owner, permission = _material_owner(material)
    if not user.has_perm(permission, owner):
        return False
    pairing = material.owning_pairing
    staff = (
        manages_pairing(user, pairing)
        if pairing is not None
        else material.programme_id in roles_of(user).coordinated_programmes
    )
    if staff:
        return True
    if material.visibility == Visibility.STAFF:
        return False
    if material.visibility == Visibility.MEMBERS:
        if pairing is not None:
            return member_of_pairing(user, pairing)
        return _in_programme(user, material.programme_id)
    return True  # public, and what it is attached to is visible


def _material_owner(material):
    if material.agreement_id:
        return material.agreement, "pairings.view_agreement"
    if material.pairing_id:
        return material.pairing, "pairings.view_pairing"
    activity = material.activity if material.activity_id else material.agenda_item.activity
    return activity, "activities.view_activity"


@rules.predicate
def edits_plan_cities(user, plan) -> bool:
    return plan is not None and edits_city_of_pairing(user, plan.pairing)


@rules.predicate
def member_of_plan(user, plan) -> bool:
    return plan is not None and (
        member_of_pairing(user, plan.pairing) or manages_pairing(user, plan.pairing)
    )


@rules.predicate
def coordinates_plan_programme(user, plan) -> bool:
    return plan is not None and plan.pairing.programme_id in roles_of(user).coordinated_programmes


@rules.predicate
def manages_plan_pairing(user, plan) -> bool:
    return plan is not None and manages_pairing(user, plan.pairing)


@rules.predicate
def plan_is_published(user, plan) -> bool:
    return plan is not None and plan.is_published and plan.pairing.is_public


@rules.predicate
def coordinates_call(user, call) -> bool:
    return call is not None and call.programme_id in roles_of(user).coordinated_programmes


@rules.predicate
def call_is_published(user, call) -> bool:
    return call is not None and call.is_published


@rules.predicate
def coordinates_application_call(user, application) -> bool:
    return application is not None and coordinates_call(user, application.call)


@rules.predicate
def edits_applicant_city(user, application) -> bool:
    return application is not None and application.city_id in roles_of(user).edited_cities


@rules.predicate
def views_applicant_city(user, application) -> bool:
    return application is not None and application.city_id in roles_of(user).member_cities


@rules.predicate
def evaluates_application(user, application) -> bool:
    """An evaluator assigned to this application, without a conflict of interest."""
    if application is None or not user.is_authenticated:
        return False
    return application.evaluations.filter(evaluator=user).exists() and not has_conflict(
        user, application
    )


@rules.predicate
def may_apply(user, call) -> bool:
    """A city editor whose city is in one of the call's regions."""
    if call is None or not call.is_published:
        return False
    countries = set(call.side_a_countries) | set(call.side_b_countries)
    return City.objects.filter(pk__in=roles_of(user).edited_cities, country__in=countries).exists()


@rules.predicate
def manages_roles(user, scope) -> bool:
    """Who gives, changes and takes roles on ``scope`` (a programme, pairing or city), and
    invites people to them: the programme's coordinators for every role of their programme
    (its coordinators and evaluators, its pairings' coordinators, the editors and viewers of
    its cities); a city's editors for their own city's editors and viewers."""
    from citybridge.programmes.models import Programme

    if isinstance(scope, Programme):
        return coordinates_programme(user, scope)
    if isinstance(scope, Pairing):
        return scope.programme_id in roles_of(user).coordinated_programmes
    if isinstance(scope, City):
        return _coordinates_city(user, scope) or edits_city(user, scope)
    return False


@rules.predicate
def manages_invitation(user, invitation) -> bool:
    return invitation is not None and manages_roles(user, invitation.scope_object)


@rules.predicate
def manages_role(user, role) -> bool:
    return role is not None and manages_roles(user, role.scope_object)


def kinds_on(scope) -> list[RoleKind]:
    """The kinds of role held on an object of this type (a programme: coordinator, evaluator)."""
    from citybridge.access.enums import ROLE_SCOPE

    name = type(scope).__name__.lower()
    return [kind for kind, held_on in ROLE_SCOPE.items() if held_on == name]


# --- Permissions ---------------------------------------------------------------------------

rules.add_perm("workspace.access", has_any_role)

rules.add_perm("programmes.change_programme", coordinates_programme)
# A new programme: superusers, and whoever already coordinates one (they become its first
# coordinator); a programme office runs its next programme without asking an administrator.
rules.add_perm("programmes.add_programme", is_programme_coordinator)

# Roles and invitations. obj: the programme, pairing or city (manage_roles), the invitation,
# or the role.
rules.add_perm("access.manage_roles", manages_roles)
rules.add_perm("access.manage_invitation", manages_invitation)
rules.add_perm("access.manage_role", manages_role)

rules.add_perm("directory.add_city", is_programme_coordinator)
rules.add_perm("directory.change_city", coordinates_city | edits_city)
rules.add_perm("directory.view_city_workspace", coordinates_city | views_city)
# obj is the city the new organisation or person will belong to
rules.add_perm("directory.add_organisation", coordinates_city | edits_city)
rules.add_perm("directory.change_organisation", coordinates_organisation | edits_organisation)
rules.add_perm("directory.delete_organisation", coordinates_organisation | edits_organisation)
rules.add_perm("directory.add_person", coordinates_city | edits_city)
rules.add_perm("directory.change_person", coordinates_person | edits_person)
rules.add_perm("directory.delete_person", coordinates_person | edits_person)

rules.add_perm("pairings.view_pairing", pairing_is_public | manages_pairing | member_of_pairing)
# shared details: description, focus, themes, timeline
rules.add_perm("pairings.change_pairing", manages_pairing | edits_city_of_pairing)
# status, dates, coordinator, cities: programme staff only
rules.add_perm("pairings.manage_pairing", manages_pairing)
rules.add_perm("pairings.change_pairingcity", manages_membership | edits_membership_city)
rules.add_perm("pairings.add_agreement", manages_pairing | edits_city_of_pairing)
rules.add_perm("pairings.change_agreement", edits_agreement)
# drafts are read by the pairing's members and staff; signed agreements by everyone
rules.add_perm("pairings.view_agreement", agreement_is_public | member_of_agreement_pairing)

# obj: the pairing (study tour…) or, for a programme-wide activity, the programme
rules.add_perm("activities.add_pairing_activity", manages_pairing | edits_city_of_pairing)
rules.add_perm("activities.add_programme_activity", coordinates_programme)
rules.add_perm(
    "activities.view_activity", activity_is_public | manages_activity | member_of_activity
)
rules.add_perm("activities.change_activity", manages_activity | edits_activity)
rules.add_perm("activities.view_material", may_see_material)

# Action plans. obj: the plan (for start_plan: the pairing)
rules.add_perm("plans.start_plan", edits_city_of_pairing | manages_pairing)
rules.add_perm("plans.view_plan_workspace", member_of_plan)
rules.add_perm("plans.edit_plan", edits_plan_cities)  # the workflow adds: only while a draft
rules.add_perm("plans.submit_plan", edits_plan_cities)
rules.add_perm("plans.approve_plan", coordinates_plan_programme)
rules.add_perm("plans.report_progress", edits_plan_cities | manages_plan_pairing)
rules.add_perm("plans.comment_plan", member_of_plan)
rules.add_perm("plans.view_published_plan", plan_is_published | member_of_plan)

# Calls and applications. obj: the call, or the application
rules.add_perm("calls.manage_call", coordinates_call)
rules.add_perm("calls.view_call", call_is_published | coordinates_call)
rules.add_perm("calls.add_call", coordinates_programme)  # obj: the programme
rules.add_perm("calls.apply", may_apply)
rules.add_perm("calls.start_application", edits_city)  # obj: the applying city
# On a city's behalf: the call's coordinators start, edit and submit any city's application
# (marked "entered by the programme office"). obj: the call
rules.add_perm("calls.apply_on_behalf", coordinates_call)
# the services add: draft, call open
rules.add_perm("calls.edit_application", edits_applicant_city | coordinates_application_call)
rules.add_perm(
    "calls.view_application",
    coordinates_application_call | views_applicant_city | evaluates_application,
)
rules.add_perm("calls.evaluate_application", evaluates_application)
