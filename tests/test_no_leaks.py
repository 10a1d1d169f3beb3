"""Nothing is more visible than what it belongs to.

A secret marker is written into a draft of every kind (draft agreement and its "public"
material and document, proposed pairing with its materials, activities and plan, a plan sent
back to draft and a plan never approved, an unpublished call, draft and submitted applications with attachments,
staff-only and members-only materials on public things…). Then every public page, feed,
PDF, export and API endpoint is walked — anonymously, and as the city editor of a city in
another pairing — and no response may contain the marker, nor answer 5xx.

The walk is generated, not listed: every pattern of the URLconf is requested with its path
arguments filled from the objects created here (in every language prefix), every path of the
API's OpenAPI schema with its filters, and every link found on those pages is followed once.
A new URL is walked without touching this file.
"""

import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from citybridge.access.enums import RoleKind
from citybridge.activities.enums import ActivityKind, ActivityStatus, Visibility
from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.pairings.enums import AgreementStatus, PairingStatus
from citybridge.plans import services as plan_services
from citybridge.plans.enums import PlanStatus
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ActionStepFactory,
    ActivityFactory,
    AgendaItemFactory,
    AgreementFactory,
    AgreementVersionFactory,
    ApplicationAttachmentFactory,
    ApplicationFactory,
    CallFactory,
    CityFactory,
    IndicatorFactory,
    JapaneseCityFactory,
    MaterialFactory,
    MilestoneFactory,
    PairingFactory,
    ParticipationFactory,
    PersonFactory,
    PlanCommentFactory,
    ProgrammeFactory,
    SignatoryFactory,
    UserFactory,
    grant,
    text,
)

pytestmark = pytest.mark.django_db

MARK = "SECRET-7f3a"
PUBLIC_MARK = "PUBLIC-7f3a"
MARK_RE = re.compile(rb"SECRET-7f3a-[A-Za-z0-9-]+")


def secret(kind: str) -> str:
    return f"{MARK}-{kind}"


def secret_text(kind: str) -> str:
    """The marker in every language, so that no fallback hides or reveals it by chance."""
    return text(en=secret(kind), it=secret(kind), ja=secret(kind))


def public_text(kind: str) -> str:
    return text(en=f"{PUBLIC_MARK}-{kind}")


def secret_file(kind: str, name: str = "file") -> dict:
    """A material's or document's file whose content and name carry the marker."""
    return {
        f"{name}__data": f"%PDF-1.4\n%{secret(kind)}\n".encode(),
        f"{name}__filename": "document.pdf",
        "original_name": f"{secret(kind)}.pdf",
    }


# --- The world: public things, and a secret in a draft of every kind ----------------------


@dataclass
class World:
    admin: object
    other_editor: object
    slugs: dict[str, list[str]] = field(default_factory=dict)
    pks: dict[str, list[int]] = field(default_factory=dict)
    uuids: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def _approve(plan, admin):
    plan_services.submit_plan(plan, by=admin)
    return plan_services.approve_plan(plan, by=admin)


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private"}},
    }
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    programme = ProgrammeFactory(slug="iuc", description=public_text("programme"))

    # A public pairing, with public things and secrets inside it.
    ancona, ikoma = CityFactory(slug="ancona"), JapaneseCityFactory(slug="ikoma")
    public = PairingFactory(
        programme=programme, slug="ancona-ikoma", cities=[ancona, ikoma], focus=public_text("focus")
    )
    signed = AgreementFactory(
        pairing=public,
        title=public_text("agreement"),
        status=AgreementStatus.SIGNED,
        signed_on="2018-10-05",
    )
    AgreementVersionFactory(agreement=signed)
    MaterialFactory(activity=None, agreement=signed, title=public_text("agreement-material"))
    for visibility in (Visibility.MEMBERS, Visibility.STAFF):
        MaterialFactory(
            activity=None,
            agreement=signed,
            visibility=visibility,
            title=secret_text(f"signed-agreement-{visibility}"),
            **secret_file(f"signed-agreement-{visibility}-file"),
        )
        MaterialFactory(
            activity=None,
            pairing=public,
            visibility=visibility,
            title=secret_text(f"pairing-{visibility}"),
            **secret_file(f"pairing-{visibility}-file"),
        )
    draft = AgreementFactory(
        pairing=public,
        title=secret_text("draft-agreement-title"),
        summary=secret_text("draft-agreement-summary"),
        signed_place=secret_text("draft-agreement-place"),
        status=AgreementStatus.DRAFT,
        signed_on="2018-10-05",
    )
    SignatoryFactory(agreement=draft, name=secret("draft-agreement-signatory"))
    AgreementVersionFactory(agreement=draft, **secret_file("draft-agreement-version", "document"))
    MaterialFactory(
        activity=None,
        agreement=draft,
        title=secret_text("draft-agreement-public-material"),
        **secret_file("draft-agreement-public-material-file"),
    )
    tour = ActivityFactory(
        pairing=public,
        title=public_text("study-tour"),
        status=ActivityStatus.PLANNED,
        minutes=secret_text("minutes-before-held"),
        follow_ups=secret_text("follow-ups-before-held"),
    )
    item = AgendaItemFactory(activity=tour, title=public_text("agenda-item"))
    ParticipationFactory(activity=tour, person=PersonFactory(organisation__city=ancona))
    MaterialFactory(activity=tour, title=public_text("tour-material"))
    for visibility in (Visibility.MEMBERS, Visibility.STAFF):
        MaterialFactory(
            activity=tour,
            visibility=visibility,
            title=secret_text(f"activity-{visibility}"),
            **secret_file(f"activity-{visibility}-file"),
        )
        MaterialFactory(
            activity=None,
            agenda_item=item,
            visibility=visibility,
            title=secret_text(f"agenda-item-{visibility}"),
            **secret_file(f"agenda-item-{visibility}-file"),
        )
    # A public pairing whose plan was submitted and never approved.
    submitted_pairing = PairingFactory(programme=programme, slug="essen-koriyama")
    submitted = ActionPlanFactory(
        pairing=submitted_pairing,
        title=secret_text("submitted-plan-title"),
        objectives=secret_text("submitted-plan-objectives"),
    )
    ActionFactory(plan=submitted, title=secret_text("submitted-plan-action"))
    IndicatorFactory(plan=submitted, name=secret_text("submitted-plan-indicator"))
    plan_services.submit_plan(submitted, by=admin)

    # A proposed pairing: nothing of it is public, whatever each item says.
    proposed = PairingFactory(
        programme=programme,
        slug="frankfurt-yokohama",
        status=PairingStatus.PROPOSED,
        cities=[CityFactory(slug="frankfurt", country="DE"), JapaneseCityFactory(slug="yokohama")],
        focus=secret_text("proposed-focus"),
        description=secret_text("proposed-description"),
    )
    MilestoneFactory(pairing=proposed, title=secret_text("proposed-milestone"))
    MaterialFactory(
        activity=None,
        pairing=proposed,
        title=secret_text("proposed-public-material"),
        **secret_file("proposed-public-material-file"),
    )
    proposed_signed = AgreementFactory(
        pairing=proposed,
        title=secret_text("proposed-signed-agreement"),
        status=AgreementStatus.SIGNED,
        signed_on="2019-01-10",
    )
    AgreementVersionFactory(
        agreement=proposed_signed, **secret_file("proposed-agreement-version", "document")
    )
    proposed_tour = ActivityFactory(
        pairing=proposed,
        title=secret_text("proposed-activity"),
        description=secret_text("proposed-activity-description"),
        status=ActivityStatus.HELD,
        minutes=secret_text("proposed-activity-minutes"),
    )
    AgendaItemFactory(activity=proposed_tour, title=secret_text("proposed-agenda-item"))
    MaterialFactory(
        activity=proposed_tour,
        title=secret_text("proposed-activity-public-material"),
        **secret_file("proposed-activity-public-material-file"),
    )
    proposed_plan = ActionPlanFactory(pairing=proposed, title=secret_text("proposed-plan"))
    ActionFactory(plan=proposed_plan, title=secret_text("proposed-plan-action"))
    IndicatorFactory(plan=proposed_plan, name=secret_text("proposed-plan-indicator"))
    _approve(proposed_plan, admin)

    # The public pairing's plan was approved, then sent back to draft and is being rewritten.
    reopened = ActionPlanFactory(
        pairing=public, title=public_text("plan"), vision=public_text("vision")
    )
    approved_action = ActionFactory(plan=reopened, title=public_text("action"))
    IndicatorFactory(plan=reopened, action=approved_action, name=public_text("indicator"))
    plan_services.submit_plan(reopened, by=admin)
    plan_services.approve_plan(reopened, by=admin, activity=tour)
    plan_services.request_changes(reopened, by=admin, reason="More detail")
    reopened.refresh_from_db()
    reopened.title = secret_text("reopened-plan-title")
    reopened.vision = secret_text("reopened-plan-vision")
    reopened.save()
    draft_action = ActionFactory(
        plan=reopened,
        title=secret_text("reopened-plan-action"),
        description=secret_text("reopened-plan-action-description"),
    )
    ActionStepFactory(action=draft_action, title=secret_text("reopened-plan-step"))
    IndicatorFactory(plan=reopened, action=draft_action, name=secret_text("draft-action-indicator"))
    approved_action.title = secret_text("reopened-plan-action-retitled")
    approved_action.save()
    PlanCommentFactory(plan=reopened, author=admin, body=secret("plan-comment"))

    # Programme-wide exchange meeting: public, with a staff-only material.
    meeting = ActivityFactory(
        pairing=None,
        programme=programme,
        kind=ActivityKind.EXCHANGE_MEETING,
        host_city=ancona,
        title=public_text("exchange-meeting"),
    )
    MaterialFactory(
        activity=meeting,
        visibility=Visibility.STAFF,
        title=secret_text("meeting-staff-material"),
        **secret_file("meeting-staff-material-file"),
    )

    # A call with a draft and a submitted (not selected) application, with attachments.
    call = CallFactory(programme=programme, slug="call-2017")
    drafted = ApplicationFactory(
        call=call,
        city=ancona,
        challenges=secret_text("draft-application-challenges"),
        motivation=secret_text("draft-application-motivation"),
    )
    ApplicationAttachmentFactory(
        application=drafted, title=secret("draft-application-attachment"), **secret_file("att")
    )
    sent = ApplicationFactory(
        call=call,
        city=ikoma,
        status=ApplicationStatus.SUBMITTED,
        decision=Decision.NOT_SELECTED,
        practices=secret_text("submitted-application-practices"),
        ties_description=secret_text("submitted-application-ties"),
    )
    ApplicationAttachmentFactory(
        application=sent,
        title=secret("submitted-application-attachment"),
        **secret_file("submitted-application-attachment-file"),
    )

    # A call the coordinators are still writing.
    CallFactory(
        programme=programme,
        slug="call-2018",
        is_published=False,
        title=secret_text("unpublished-call-title"),
        text=secret_text("unpublished-call-text"),
    )

    # The outsider: editor of a city in another (public) pairing of the same programme.
    elsewhere = CityFactory(slug="donostia", country="ES")
    outsiders = PairingFactory(
        programme=programme,
        slug="donostia-hirosaki",
        cities=[elsewhere, JapaneseCityFactory(slug="hirosaki")],
    )
    # Its plan is in implementation (its PDFs are public).
    published = ActionPlanFactory(pairing=outsiders, title=public_text("published-plan"))
    ActionFactory(plan=published, title=public_text("published-plan-action"))
    plan_services.submit_plan(published, by=admin)
    plan_services.approve_plan(published, by=admin, activity=meeting)
    plan_services.start_implementation(published, by=admin)
    other_editor = UserFactory(username="other-editor")
    grant(other_editor, RoleKind.CITY_EDITOR, elsewhere)
    PersonFactory(organisation__city=elsewhere, user=other_editor)

    return _inventory(World(admin=admin, other_editor=other_editor))


def _inventory(world: World) -> World:
    """Every slug, primary key, UUID and stored file name, by kind, to fill the URLs with."""
    from django.apps import apps

    for model in apps.get_models():
        if not model.__module__.startswith("citybridge.") or model._meta.model_name.startswith(
            "historical"
        ):
            continue
        label = model._meta.model_name
        world.pks[label] = list(model._default_manager.values_list("pk", flat=True))
        if world.pks[label]:
            world.labels.append(model._meta.label_lower)
        names = {f.name for f in model._meta.get_fields()}
        if "slug" in names:
            world.slugs[label] = list(model._default_manager.values_list("slug", flat=True))
        for name in ("uid", "calendar_token"):
            if name in names:
                world.uuids += [str(u) for u in model._default_manager.values_list(name, flat=True)]
        for f in model._meta.get_fields():
            if f.get_internal_type() == "FileField":
                world.files += [
                    n for n in model._default_manager.values_list(f.name, flat=True) if n
                ]
    return world


# --- Filling URLs --------------------------------------------------------------------------

# The word before a path argument says what it names; unknown words get every candidate.
MODEL_OF_WORD = {
    "programmes": "programme",
    "cities": "city",
    "pairings": "pairing",
    "activities": "activity",
    "calendar": "programme",
    "materials": "material",
    "agenda": "agendaitem",
    "participants": "participation",
    "organisations": "organisation",
    "people": "person",
    "milestones": "milestone",
    "agreements": "agreement",
    "versions": "agreementversion",
    "plans": "actionplan",
    "plan-files": "actionplan",
    "actions": "action",
    "indicators": "indicator",
    "themes": "theme",
    "calls": "call",
    "new": "programme",
    "evaluation": "call",
    "matchmaking": "call",
    "applications": "application",
    "attachments": "applicationattachment",
}
# Public plan pages are addressed by their pairing's short name.
SLUG_MODEL = {"plans": "pairing"}
WORDS = ["up", "down", "activity", "agenda_item", "pairing", "agreement", *PlanStatus.values]
# A pattern with more combinations of arguments than this is walked on a fixed sample that
# still tries every candidate of every argument at least once.
MAX_URLS_PER_PATTERN = 60

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _candidates(world: World, converter, name: str, word: str, model_named: str | None):
    """Values for one path argument. ``word`` is the path segment before it; ``model_named``
    the model a previous argument named (``<str:label>/<int:pk>``: that model's keys)."""
    if name == "uidb64":  # a password-reset link: any user id will do
        return ["MQ"]
    if converter == "uuid" or (name in ("uid", "token") and converter != "slug"):
        return world.uuids or ["00000000-0000-0000-0000-000000000000"]
    if converter == "path":
        return [*world.files, "1"]
    if converter == "slug" or name.endswith("slug"):
        model = (
            "programme"
            if name == "programme_slug"
            else SLUG_MODEL.get(word) or (MODEL_OF_WORD.get(word))
        )
        if model in world.slugs:
            return world.slugs[model]
        return sorted({s for slugs in world.slugs.values() for s in slugs})
    if converter == "int" or name.endswith("pk") or name.endswith("_id"):
        model = "actionplan" if name == "plan_pk" else model_named or MODEL_OF_WORD.get(word)
        if model in world.pks:
            return [str(pk) for pk in world.pks[model]] or ["1"]
        return [str(pk) for pk in sorted({pk for pks in world.pks.values() for pk in pks})]
    return [*WORDS, *world.labels]  # a free word: an action, a direction, or a model's label


def _fill(route: str, world: World, *, first_only: bool = False) -> list[str]:
    """URLs of ``route`` with its arguments taken from the world (a sample when too many)."""
    matches = list(ARGUMENT.finditer(route))
    found: list[tuple[str, tuple]] = []  # (url, the values of its arguments)

    def expand(index: int, built: str, position: int, values: tuple, model_named):
        if index == len(matches):
            found.append(("/" + built + route[position:], values))
            return
        match = matches[index]
        before = route[position : match.start()]
        word = ([""] + [w for w in route[: match.start()].split("/") if w])[-1]
        choices = _candidates(world, match["converter"], match["name"], word, model_named)
        for value in choices[:1] if first_only else choices:
            named = value.rsplit(".", 1)[-1]
            named = named if named in world.pks else None
            expand(index + 1, built + before + value, match.end(), (*values, value), named)

    expand(0, "", 0, (), None)
    urls = [url for url, _values in found]
    if len(urls) <= MAX_URLS_PER_PATTERN:
        return urls
    # Every value of every argument once, then a fixed random sample of the rest.
    chosen = {}
    for url, values in found:
        for key in enumerate(values):
            chosen.setdefault(key, url)
    sample = list(dict.fromkeys(chosen.values()))
    rest = [url for url in urls if url not in set(sample)]
    room = max(0, MAX_URLS_PER_PATTERN - len(sample))
    return sample + random.Random(route).sample(rest, min(room, len(rest)))


def _routes(patterns, prefix=(), namespace=""):
    """(route pieces, namespace) of every pattern, the language prefix kept as an object."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from _routes(pattern.url_patterns, (*prefix, pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield (*prefix, pattern.pattern), namespace


def _route_text(pieces) -> str | None:
    parts = []
    for piece in pieces:
        if isinstance(piece, LocalePrefixPattern | RoutePattern):
            parts.append(str(piece))
        elif piece.regex.groups:  # a regular expression with arguments (the admin's app index)
            return None
        else:
            parts.append(str(piece).lstrip("^").rstrip("$").replace("\\", ""))
    return "".join(parts)


# --- Reading responses ---------------------------------------------------------------------


def _body(response) -> bytes:
    if response.streaming:
        # Reading to the end closes the file; closing the response again would, through
        # request_finished, close the test's database connection (PostgreSQL).
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    headers = "\n".join(f"{k}: {v}" for k, v in response.items()).encode()
    return headers + b"\n" + content


def _readable(body: bytes, content_type: str) -> bytes:
    """What a person reading the response would read: PDF text, workbook cells, unfolded
    iCalendar lines, as well as the raw bytes."""
    if content_type.startswith("application/pdf") or body.startswith(b"%PDF"):
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(body[body.index(b"%PDF") :]))
            body += "\n".join(page.extract_text() or "" for page in reader.pages).encode()
        except Exception:  # a file that only looks like a PDF (the test's own uploads)
            pass
    if b"PK\x03\x04" in body:
        try:
            with zipfile.ZipFile(io.BytesIO(body[body.index(b"PK\x03\x04") :])) as archive:
                body += b"\n".join(archive.read(name) for name in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return body.replace(b"\r\n ", b"").replace(b"\n ", b"")


LINK = re.compile(r"""(?:href|src|action)="([^"#]+)""")


@dataclass
class Walk:
    client: Client
    world: World
    seen: dict[str, int] = field(default_factory=dict)
    leaks: dict[str, set] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    links: set[str] = field(default_factory=set)
    public_seen: set[str] = field(default_factory=set)
    pages: list[str] = field(default_factory=list)  # HTML pages that answered 200
    languages: set[str] = field(default_factory=lambda: {code for code, _ in settings.LANGUAGES})

    def get(self, url: str) -> int:
        if url in self.seen:
            return self.seen[url]
        response = self.client.get(url)
        content_type = response.get("Content-Type", "")
        body = _readable(_body(response), content_type)
        self.seen[url] = response.status_code
        if response.status_code >= 500:
            self.errors[url] = response.status_code
        found = {m.decode() for m in MARK_RE.findall(body)}
        if found:
            self.leaks[url] = found
        if PUBLIC_MARK.encode() in body:
            self.public_seen.add(url)
        if response.status_code == 200 and content_type.startswith("text/html"):
            self.pages.append(url)
            for link in LINK.findall(body.decode("utf-8", "replace")):
                parts = urlsplit(unescape(link))
                if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
                    self.links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
        return response.status_code

    def urlconf(self):
        """Every pattern, arguments filled, in English; the pages that answered, in every
        other language too (files are the same in every language of the address)."""
        for pieces, namespace in _routes(get_resolver().url_patterns):
            route = _route_text(pieces)
            if route is None:
                continue
            # The admin is for superusers only: one address per pattern is enough.
            for url in _fill(route, self.world, first_only=namespace.startswith("admin")):
                if self.get(url) == 405:
                    break  # a form's target: it answers GET the same for every argument
        english = f"/{settings.LANGUAGE_CODE}/"
        pages = [url for url in self.pages if url.startswith(english)]
        for language, _name in settings.LANGUAGES:
            if language != settings.LANGUAGE_CODE:
                for url in pages:
                    self.get(f"/{language}/{url[len(english) :]}")

    def openapi(self):
        """Every GET of the API schema, with each filter value and language."""
        schema = self.client.get("/api/v1/openapi.json").json()
        for path, operations in schema["paths"].items():
            if "get" not in operations:
                continue
            route = re.sub(r"\{(\w+)\}", r"<\1>", path)
            for url in _fill(route.lstrip("/"), self.world):
                self.get(url)
                for parameter in operations["get"].get("parameters", []):
                    if parameter["in"] != "query":
                        continue
                    for value in self._query_values(parameter, schema):
                        self.get(f"{url}?{parameter['name']}={value}")

    def _query_values(self, parameter, schema) -> list[str]:
        spec = parameter.get("schema", {})
        for option in [spec, *spec.get("anyOf", []), *spec.get("allOf", [])]:
            ref = option.get("$ref")
            if ref:
                option = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
            if "enum" in option:
                return [str(v) for v in option["enum"]]
        name = parameter["name"]
        if name in ("programme", "pairing", "city"):
            return self.world.slugs.get(name, [])
        return []

    def follow_links(self):
        english = f"/{settings.LANGUAGE_CODE}/"
        for link in sorted(self.links):
            language, _slash, rest = link[1:].partition("/")
            same = english + rest
            if language in self.languages and same in self.seen and same not in self.pages:
                continue  # a file already read in English (the same in every language)
            self.get(link)

    def everything(self):
        self.urlconf()
        self.openapi()
        self.follow_links()
        return self


def _report(walk: Walk) -> str:
    lines = [f"{url}: {', '.join(sorted(kinds))}" for url, kinds in sorted(walk.leaks.items())]
    lines += [f"{url}: answered {status}" for url, status in sorted(walk.errors.items())]
    return "\n".join(lines)


def _assert_walk_reached_the_public_things(walk: Walk):
    """The walk is not vacuous: the public marker was read on the public pages, the API,
    the feeds and the PDFs."""
    for expected in (
        "/en/pairings/ancona-ikoma/",
        "/api/v1/pairings/ancona-ikoma",
        "/calendar/pairings/ancona-ikoma.ics",
        "/en/plans/ancona-ikoma/",
        "/api/v1/plans/ancona-ikoma",
    ):
        assert expected in walk.public_seen, expected
    assert any(url.endswith(".pdf") for url in walk.public_seen)


def test_an_anonymous_visitor_reads_no_draft_anywhere(world):
    walk = Walk(Client(raise_request_exception=False), world).everything()
    assert not walk.leaks and not walk.errors, _report(walk)
    _assert_walk_reached_the_public_things(walk)


def test_the_editor_of_another_pairings_city_reads_no_draft_anywhere(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.other_editor)
    walk = Walk(client, world).everything()
    assert not walk.leaks and not walk.errors, _report(walk)
    _assert_walk_reached_the_public_things(walk)


def test_the_api_publishes_exactly_what_the_portal_shows_the_public(client, world):
    from citybridge.activities.models import Activity

    def ok(url):
        return client.get(url).status_code == 200

    pairings = world.slugs["pairing"]
    listed = {p["slug"] for p in client.get("/api/v1/pairings").json()["items"]}
    assert (
        listed
        == {s for s in pairings if ok(f"/en/pairings/{s}/")}
        == {s for s in pairings if ok(f"/api/v1/pairings/{s}")}
    )
    plans = {p["pairing"] for p in client.get("/api/v1/plans").json()["items"]}
    assert plans == {s for s in pairings if ok(f"/en/plans/{s}/")}
    activities = Activity.objects.all()
    shown = {str(a.uid) for a in activities if ok(f"/en/activities/{a.pk}/")}
    assert shown == {a["uid"] for a in client.get("/api/v1/activities").json()["items"]}
    page = client.get("/en/pairings/ancona-ikoma/").content.decode()
    agreements = client.get("/api/v1/pairings/ancona-ikoma").json()["agreements"]
    assert page.count('<article class="agreement">') == len(agreements) == 1
    assert agreements[0]["title"]["text"] in page
