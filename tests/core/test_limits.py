"""Bounded, clean input: every text has a length limit that the form shows, every date lies
between 1900 and 2100, names lose the invisible characters that make look-alikes, and a name in
any script gets a readable slug."""

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from i18nfield.forms import I18nFormField

import citybridge
from citybridge.calls.models import Criterion, Evaluation
from citybridge.directory.models import City
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
    ParticipationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.workspace.test_directory import city_data

pytestmark = pytest.mark.django_db

FIVE_MB = 5 * 1024 * 1024


# --- Every form ------------------------------------------------------------------------------


def _citybridge_forms() -> list[type[forms.BaseForm]]:
    """Every form class of the project, the ones formset factories derive from them too."""
    for module in pkgutil.walk_packages(citybridge.__path__, "citybridge."):
        if ".migrations" not in module.name and not module.name.endswith("wsgi"):
            importlib.import_module(module.name)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            is_ours = any(c.__module__.startswith("citybridge.") for c in sub.__mro__)
            is_base = hasattr(sub, "_meta") and sub._meta.model is None  # a shared base
            if is_ours and not is_base:
                found.add(sub)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__, id(c)))


@pytest.fixture
def form_arguments(pairing):
    """What the forms' constructors ask for, by name, built from real records."""
    call = CallFactory(programme=pairing.programme)
    application = ApplicationFactory(call=call)
    evaluator = UserFactory()
    criterion = Criterion.objects.create(call=call, name='{"en": "Fit"}', weight=1, max_score=5)
    activity = ActivityFactory(pairing=pairing)
    AgendaItemFactory(activity=activity)
    ParticipationFactory(activity=activity)
    action = ActionFactory(plan__pairing=pairing)
    IndicatorFactory(plan=action.plan, action=action)
    MilestoneFactory(pairing=pairing)
    AgreementFactory(pairing=pairing)
    ThemeFactory(programme=pairing.programme)
    return {
        "activity": activity,
        "city": pairing.ordered_memberships[0].city,
        "pairing": pairing,
        "plan": action.plan,
        "indicator": action.plan.indicators.first(),
        "criteria": [criterion],
        "evaluation": Evaluation.objects.create(application=application, evaluator=evaluator),
        "evaluators": [evaluator],
        "kinds": [],
        "user": evaluator,
    }


def _build(form_class, arguments):
    wanted = {}
    for klass in form_class.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for name, parameter in inspect.signature(init).parameters.items():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                wanted[name] = arguments[name]
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    if model is not None:
        wanted["instance"] = model.objects.first() or model()
    return form_class(**wanted)


def _too_long(field: forms.Field):
    if isinstance(field, I18nFormField):
        return ["x" * (field.fields[0].max_length + 1)] + [""] * (len(field.fields) - 1)
    return "x" * (field.max_length + 1)


def test_every_form_limits_every_text_and_date_and_shows_it(form_arguments):
    problems = []
    for form_class in _citybridge_forms():
        form = _build(form_class, form_arguments)
        for name, field in form.fields.items():
            where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            html = str(form[name])
            if isinstance(field, I18nFormField | forms.CharField):
                lengths = [f.max_length for f in getattr(field, "fields", [field])]
                if None in lengths:
                    problems.append(f"{where}: no maximum length")
                    continue
                try:
                    field.clean(_too_long(field))
                    problems.append(f"{where}: a text over the limit is accepted")
                except ValidationError as error:
                    if "max_length" not in [e.code for e in error.error_list]:
                        problems.append(f"{where}: refused for another reason: {error}")
                shown = field.widget.is_hidden or isinstance(field.widget, forms.Select)
                if not shown and f'maxlength="{lengths[0]}"' not in html:
                    problems.append(f"{where}: the limit is not shown")
            elif isinstance(field, forms.DateField | forms.DateTimeField):
                typed = "9999-12-31" if isinstance(field, forms.DateField) else "9999-12-31 10:00"
                try:
                    field.clean(typed)
                    problems.append(f"{where}: year 9999 is accepted")
                except ValidationError:
                    pass
                if "1900-01-01" not in html or "2100-12-31" not in html:
                    problems.append(f"{where}: the date limits are not shown")
    assert problems == []


# --- Lengths ---------------------------------------------------------------------------------


def edit_city(client, people, city, **changes):
    client.force_login(people["editor"])
    return client.post(f"/en/workspace/cities/{city.slug}/edit/", city_data(city, **changes))


def test_a_5_mb_city_description_is_refused_with_the_limit(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    response = edit_city(client, people, city, description_1="x" * FIVE_MB)
    assert response.status_code == 400
    assert "Italiano: at most 20,000 characters; this text has 5,242,880." in (
        response.content.decode()
    )
    city.refresh_from_db()
    assert "x" * 100 not in str(city.description.data)


def test_the_city_form_shows_the_limit_of_its_description(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/cities/{city.slug}/edit/").content.decode()
    assert re.search(r'<textarea name="description_0"[^>]*maxlength="20000"', page)
    assert "At most 20,000 characters in each language." in page


def test_a_description_at_the_limit_is_kept_whole(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    edit_city(client, people, city, description_0="x" * 20_000)
    city.refresh_from_db()
    assert city.description.data["en"] == "x" * 20_000


def test_line_breaks_count_as_one_character_as_the_browser_counts_them(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    edit_city(client, people, city, description_0="x\r\n" * 10_000)
    city.refresh_from_db()
    assert len(city.description.data["en"].splitlines()) == 10_000


def test_a_long_description_stored_before_the_limits_keeps_the_page_and_the_api_up(client, pairing):
    city = pairing.ordered_memberships[0].city
    City.objects.filter(pk=city.pk).update(description={"en": "x" * FIVE_MB})
    assert client.get(f"/en/cities/{city.slug}/").status_code == 200
    response = client.get(f"/api/v1/cities/{city.slug}")
    assert response.status_code == 200
    assert len(response.json()["description"]["text"]) == FIVE_MB


# --- Names -----------------------------------------------------------------------------------


def test_zero_width_and_bidirectional_characters_are_removed_from_a_city_name(
    client, people, pairing
):
    city = pairing.ordered_memberships[0].city
    edit_city(client, people, city, name_0="\u200bAn\u202econa\u2066\u200d", name_1="  Ancona  ")
    city.refresh_from_db()
    assert city.name.data["en"] == "Ancona"
    assert city.name.data["it"] == "Ancona"


def test_a_name_is_stored_in_one_unicode_form_with_single_spaces(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    # "e" followed by a combining accent, typed by some keyboards, is stored as "é".
    edit_city(client, people, city, name_0="Saint-E\u0301tienne \t  sur  Mer")
    city.refresh_from_db()
    assert city.name.data["en"] == "Saint-\u00c9tienne sur Mer"


def test_a_name_with_nothing_visible_is_refused(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    response = edit_city(client, people, city, name_0="\u200b\u202e", name_1="", name_2="")
    assert response.status_code == 400
    assert "This text has no visible characters." in response.content.decode()


def test_a_city_that_looks_exactly_like_another_is_refused_as_a_duplicate(client, people, pairing):
    client.force_login(people["coordinator"])
    ancona = pairing.ordered_memberships[0].city
    data = city_data(ancona, name_0="Anc\u200bona", name_1="", name_2="")
    response = client.post("/en/workspace/cities/new/", data)
    assert response.status_code == 400
    assert "A city of this name in this country is already in the directory." in (
        response.content.decode()
    )
    assert [str(c) for c in City.objects.filter(country="IT")].count("Ancona") == 1


def test_two_cities_of_one_name_in_different_prefectures_are_both_accepted(client, people, pairing):
    JapaneseCityFactory(name='{"en": "Fuchu", "ja": "府中市"}', admin_region='{"en": "Tokyo"}')
    client.force_login(people["coordinator"])
    data = city_data(
        CityFactory.build(country="JP"),
        name_0="Fuchu",
        name_1="",
        name_2="府中市",
        admin_region_0="Hiroshima",
        time_zone="Asia/Tokyo",
    )
    response = client.post("/en/workspace/cities/new/", data)
    assert response.status_code == 302
    assert [str(c) for c in City.objects.filter(country="JP")].count("Fuchu") == 2


# --- Slugs -----------------------------------------------------------------------------------


def test_a_city_named_only_in_japanese_gets_a_romanised_slug():
    assert JapaneseCityFactory(name='{"ja": "生駒市"}').slug == "ikoma"


def test_a_city_from_the_gazetteer_gets_the_gazetteer_name_in_its_slug():
    # Ioannina (GeoNames 261779), named only in Greek.
    city = CityFactory(name='{"el": "Ιωάννινα"}', country="GR", geonames_id=261779)
    assert city.slug == "ioannina"


def test_a_name_that_cannot_be_romanised_never_gets_the_slug_item():
    slug = CityFactory(name='{"el": "Πόλη"}', country="GR").slug
    assert re.fullmatch(r"city-[0-9a-f]{6}", slug)


def test_a_pairing_of_a_city_named_only_in_japanese_gets_a_whole_slug(client, people):
    from citybridge.pairings.services import pairing_slug

    cities = [CityFactory(name='{"en": "Ancona"}'), JapaneseCityFactory(name='{"ja": "生駒市"}')]
    assert pairing_slug(cities) == "ancona-ikoma"


# --- Imports keep the same limits ------------------------------------------------------------


def test_a_plan_import_refuses_a_date_in_the_year_9999(client, people, pairing):
    from tests.plans.test_files import csv_file, problems, url

    plan = ActionPlanFactory(pairing=pairing)
    client.force_login(people["editor"])
    content = "id,title (en),start_date\n,Tree planting,9999-12-31\n"
    response = client.post(url(plan, "import"), {"kind": "actions", "file": csv_file(content)})
    assert response.status_code == 400
    assert "Give a date between 1900 and 2100." in problems(response)
    assert not plan.actions.exists()


def test_an_application_import_refuses_a_text_over_the_limit(people, pairing):
    from citybridge.calls import imports
    from tests.calls.test_import import HEADER, complete_row, csv_upload

    call = CallFactory(programme=pairing.programme)
    ancona = pairing.ordered_memberships[0].city
    row = complete_row(ancona.slug, challenges_en="x" * 20_001, themes="")
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_applications(
            call, csv_upload([row], header=HEADER), by=people["coordinator"]
        )
    messages = [p.message for p in refused.value.problems if p.column == "challenges_en"]
    assert messages == ["At most 20,000 characters; this text has 20,001."]
