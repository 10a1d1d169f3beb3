"""One small programme with something of every kind, and one user per role around it.

The permission matrix (``permission_matrix.csv``) names the objects of this scene (``plan``,
``draft_agreement``…) and the roles below; the tests build it through ``tests.factories`` only,
so it follows models and roles wherever they live.
"""

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from citybridge.access.services import invite_person
from citybridge.activities.enums import ActivityKind, MaterialKind, Visibility
from citybridge.activities.models import Material
from citybridge.calls.matchmaking import match_weights
from citybridge.calls.models import ApplicationAttachment, Evaluation
from citybridge.pairings.enums import AgreementStatus, PairingStatus
from citybridge.pairings.models import AgreementVersion
from citybridge.plans.services import approve_plan, submit_plan
from citybridge.programmes.models import SustainableDevelopmentGoal
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    AgendaItemFactory,
    AgreementFactory,
    ApplicationFactory,
    CallFactory,
    CityFactory,
    IndicatorFactory,
    JapaneseCityFactory,
    MilestoneFactory,
    OrganisationFactory,
    PairingFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    RoleKind,
    ThemeFactory,
    UserFactory,
    grant,
)

# The columns of the matrix, in its order: who is asking.
ROLES = (
    "anonymous",
    "programme_coordinator",
    "pairing_coordinator",
    "city_editor",
    "other_city_editor",
    "city_viewer",
    "evaluator",
    "superuser",
)

PDF = b"%PDF-1.4\n%matrix\n"
JPEG = b"\xff\xd8\xff\xe0matrix"


def _material(visibility, **owner):
    material = Material(
        kind=MaterialKind.DOCUMENT,
        title=f'{{"en": "{visibility} minutes"}}',
        visibility=visibility,
        original_name="minutes.pdf",
        mime_type="application/pdf",
        **owner,
    )
    material.file.save("minutes.pdf", ContentFile(PDF), save=False)
    material.thumbnail.save("thumbnail.jpg", ContentFile(JPEG), save=False)
    material.save()
    return material


def build_scene() -> SimpleNamespace:
    """Ancona (Italy) and Ikoma (Japan), an active pairing of one programme with all its
    records; Ancona also in a proposed pairing; Essen, a city of nobody's pairing here."""
    s = SimpleNamespace()
    s.programme = ProgrammeFactory(acronym="IUC")
    s.theme = ThemeFactory(programme=s.programme)
    s.europe = CityFactory(name='{"en": "Ancona"}')
    s.japan = JapaneseCityFactory(name='{"en": "Ikoma", "ja": "生駒市"}')
    s.other_city = CityFactory(name='{"en": "Essen"}', country="DE")
    s.pairing = PairingFactory(programme=s.programme, cities=[s.europe, s.japan])
    s.proposed_pairing = PairingFactory(
        programme=s.programme,
        status=PairingStatus.PROPOSED,
        cities=[s.europe, JapaneseCityFactory(name='{"en": "Koriyama"}')],
    )
    s.department = OrganisationFactory(city=s.europe)
    s.person = PersonFactory(organisation=s.department, email="person@example.org")

    s.signed_agreement = AgreementFactory(
        pairing=s.pairing, status=AgreementStatus.SIGNED, signed_on=date(2018, 10, 4)
    )
    s.draft_agreement = AgreementFactory(pairing=s.pairing, status=AgreementStatus.DRAFT)
    s.agreement_version = AgreementVersion(
        agreement=s.draft_agreement, language="it", original_name="accordo.pdf"
    )
    s.agreement_version.mime_type = "application/pdf"
    s.agreement_version.document.save("accordo.pdf", ContentFile(PDF), save=False)
    s.agreement_version.save()
    s.signed_agreement_version = AgreementVersion(
        agreement=s.signed_agreement, language="it", original_name="accordo.pdf"
    )
    s.signed_agreement_version.mime_type = "application/pdf"
    s.signed_agreement_version.document.save("accordo.pdf", ContentFile(PDF), save=False)
    s.signed_agreement_version.save()
    s.milestone = MilestoneFactory(pairing=s.pairing)

    s.activity = ActivityFactory(pairing=s.pairing)
    s.proposed_activity = ActivityFactory(pairing=s.proposed_pairing)
    s.programme_activity = ActivityFactory(
        pairing=None,
        programme=s.programme,
        kind=ActivityKind.EXCHANGE_MEETING,
        host_city=s.japan,
    )
    s.agenda_item = AgendaItemFactory(activity=s.activity)
    s.later_agenda_item = AgendaItemFactory(
        activity=s.activity, starts_at=s.agenda_item.ends_at, ends_at=s.activity.ends_at
    )
    s.participation = ParticipationFactory(activity=s.activity, person=s.person)
    s.public_material = _material(Visibility.PUBLIC, activity=s.activity)
    s.members_material = _material(Visibility.MEMBERS, activity=s.activity)
    s.staff_material = _material(Visibility.STAFF, activity=s.activity)
    s.draft_agreement_material = _material(Visibility.PUBLIC, agreement=s.draft_agreement)
    # Removing a material removes its file, which no rollback brings back: the removal rows
    # of the matrix use a link.
    s.link_material = Material.objects.create(
        kind=MaterialKind.LINK,
        title='{"en": "Photos of the visit"}',
        url="https://example.org/photos",
        activity=s.activity,
    )

    s.plan = ActionPlanFactory(pairing=s.pairing)
    s.action = ActionFactory(plan=s.plan, lead_city=s.europe)
    s.indicator = IndicatorFactory(plan=s.plan)
    # A plan approved long ago, of a pairing none of the roles works on: the public's plan.
    s.published_pairing = PairingFactory(programme=s.programme)
    s.published_plan = ActionPlanFactory(pairing=s.published_pairing)
    ActionFactory(plan=s.published_plan)
    s.published_indicator = IndicatorFactory(plan=s.published_plan)

    s.call = CallFactory(programme=s.programme, slug="call-2017")
    s.call.themes.add(s.theme)
    s.application = ApplicationFactory(call=s.call, city=s.europe)
    s.attachment = ApplicationAttachment(
        application=s.application, title="Project outline", original_name="project.pdf"
    )
    s.attachment.mime_type = "application/pdf"
    s.attachment.file.save("project.pdf", ContentFile(PDF), save=False)
    s.attachment.save()
    s.attachment_to_remove = ApplicationAttachment(
        application=s.application, title="Budget", original_name="budget.pdf"
    )
    s.attachment_to_remove.file.save("budget.pdf", ContentFile(PDF), save=False)
    s.attachment_to_remove.save()
    match_weights(s.call)  # the defaults, made once by whoever opens the page first

    s.city_history = s.europe.history.earliest()
    s.agreement_history = s.signed_agreement.history.earliest()
    s.group = Group.objects.create(name="Translators")
    # The 17 goals come with the migrations; a run without them (--no-migrations) gets one.
    s.goal = SustainableDevelopmentGoal.objects.order_by("number").first() or (
        SustainableDevelopmentGoal.objects.create(
            number=11, name='{"en": "Sustainable cities"}', colour="#F99D26"
        )
    )
    s.europe_type = ContentType.objects.get_for_model(s.europe)

    s.users = {
        "anonymous": None,
        "programme_coordinator": UserFactory(username="m-coordinator"),
        "pairing_coordinator": UserFactory(username="m-pairing-coordinator"),
        "city_editor": UserFactory(username="m-editor"),
        "other_city_editor": UserFactory(username="m-other-editor"),
        "city_viewer": UserFactory(username="m-viewer"),
        "evaluator": UserFactory(username="m-evaluator"),
        "superuser": UserFactory(username="m-admin", is_superuser=True, is_staff=True),
    }
    u = s.users
    superuser = u["superuser"]
    grant(u["programme_coordinator"], RoleKind.PROGRAMME_COORDINATOR, s.programme)
    grant(u["pairing_coordinator"], RoleKind.PAIRING_COORDINATOR, s.pairing)
    grant(u["city_editor"], RoleKind.CITY_EDITOR, s.europe)
    grant(u["other_city_editor"], RoleKind.CITY_EDITOR, s.other_city)
    grant(u["city_viewer"], RoleKind.CITY_VIEWER, s.europe)
    grant(u["evaluator"], RoleKind.EVALUATOR, s.programme)
    s.call.evaluators.add(u["evaluator"])
    s.evaluation = Evaluation.objects.create(application=s.application, evaluator=u["evaluator"])
    submit_plan(s.published_plan, by=superuser)
    approve_plan(s.published_plan, by=superuser)
    s.user = u["city_viewer"]  # an account for the admin's user pages
    s.role = u["city_viewer"].roles.get()
    s.invitation = invite_person(
        by=u["programme_coordinator"],
        email="invited@example.org",
        kind=RoleKind.CITY_VIEWER,
        scope=s.europe,
    )

    from citybridge.notifications.tasks import send_activity_reminder

    s.task_result = send_activity_reminder.enqueue(s.activity.pk, s.person.pk)
    return s


def scene_files(s) -> list:
    """The stored files of the scene, to remove once the tests are done."""
    fields = [
        s.agreement_version.document,
        s.signed_agreement_version.document,
        s.attachment.file,
        s.attachment_to_remove.file,
    ]
    for material in (
        s.public_material,
        s.members_material,
        s.staff_material,
        s.draft_agreement_material,
    ):
        fields += [material.file, material.thumbnail]
    return fields
