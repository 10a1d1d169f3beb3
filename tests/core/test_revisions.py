"""Optimistic locking for every record people edit: a stale save is refused, never lost."""

import importlib
import pkgutil

import pytest
from django import forms

from citybridge.core import revisions
from citybridge.core.i18n import localize
from citybridge.core.revision_forms import RevisionFormMixin
from citybridge.directory.forms import CityForm
from citybridge.programmes.forms import ThemeForm
from citybridge.programmes.models import SustainableDevelopmentGoal, Theme
from tests.factories import ThemeFactory
from tests.form_data import form_data

pytestmark = pytest.mark.django_db

# Model forms that may be built without a revision, each with the reason. Keep it short: a form
# that edits a record people care about needs a revision and a history.
WITHOUT_REVISION: dict[str, str] = {
    # "citybridge.<app>.forms.<Form>": "why it needs none (e.g. it only ever creates)",
}


def city_url(city) -> str:
    return f"/en/workspace/cities/{city.slug}/edit/"


@pytest.fixture
def city(pairing):
    return pairing.ordered_memberships[0].city


def test_the_second_of_two_stale_saves_of_a_city_profile_is_refused_with_a_409(
    client, people, city
):
    opened = form_data(CityForm(instance=city))  # both open the form before either saves
    client.force_login(people["editor"])
    first = client.post(city_url(city), {**opened, "description_0": "Port on the Adriatic."})
    client.force_login(people["coordinator"])
    second = client.post(city_url(city), {**opened, "description_0": "Capital of the Marche."})
    assert (first.status_code, second.status_code) == (302, 409)
    city.refresh_from_db()
    assert localize(city.description, "en").text == "Port on the Adriatic."


def test_the_refused_editor_sees_the_first_persons_change_field_by_field(client, people, city):
    opened = form_data(CityForm(instance=city))
    client.force_login(people["editor"])
    client.post(city_url(city), {**opened, "description_0": "Port on the Adriatic."})
    client.force_login(people["coordinator"])
    page = client.post(
        city_url(city), {**opened, "description_0": "Capital of the Marche."}
    ).content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "description (English): — → Port on the Adriatic." in page


def test_the_refused_editors_typed_text_is_still_in_the_form(client, people, city):
    opened = form_data(CityForm(instance=city))
    client.force_login(people["editor"])
    client.post(city_url(city), {**opened, "website": "https://ancona.example"})
    client.force_login(people["coordinator"])
    page = client.post(
        city_url(city), {**opened, "description_0": "Capital of the Marche."}
    ).content.decode()
    assert ">\nCapital of the Marche.</textarea>" in page


def test_the_conflict_is_listed_in_the_readers_language(client, people, city):
    opened = form_data(CityForm(instance=city))
    client.force_login(people["editor"])
    client.post(city_url(city), {**opened, "population": "123456"})
    client.force_login(people["coordinator"])
    page = client.post(
        f"/it/workspace/cities/{city.slug}/edit/", {**opened, "website": "https://a.example"}
    ).content.decode()
    from django.utils import translation

    with translation.override("it"):
        label = str(city._meta.get_field("population").verbose_name)
    assert f"{label}: 100000 → 123456" in page


def test_a_save_from_the_current_revision_goes_through_and_counts_up(client, people, city):
    client.force_login(people["editor"])
    for text in ("One.", "Two."):
        city.refresh_from_db()
        data = form_data(CityForm(instance=city), description_0=text)
        assert client.post(city_url(city), data).status_code == 302
    city.refresh_from_db()
    assert (city.revision, localize(city.description, "en").text) == (3, "Two.")


def test_one_save_of_fields_and_choices_is_one_history_record_by_the_person_saving(
    client, people, pairing
):
    theme = ThemeFactory(programme=pairing.programme)
    SustainableDevelopmentGoal.objects.get_or_create(number=11, defaults={"name": "{}"})
    client.force_login(people["coordinator"])
    data = form_data(ThemeForm(instance=theme), name_0="Mobility", sdgs=["11"])
    url = f"/en/workspace/programmes/{pairing.programme.slug}/themes/{theme.pk}/edit/"
    assert client.post(url, data).status_code == 302
    saved = Theme.history.filter(id=theme.pk, revision=2)
    assert saved.count() == 1
    assert saved.get().history_user == people["coordinator"]
    assert [row.sustainabledevelopmentgoal_id for row in saved.get().sdgs.all()] == [11]


def test_emptying_a_published_text_in_every_language_asks_for_confirmation(client, people, city):
    city.description = '{"en": "Port on the Adriatic.", "it": "Porto sull\'Adriatico."}'
    city.save()
    client.force_login(people["editor"])
    data = form_data(CityForm(instance=city), description_0="", description_1="")
    response = client.post(city_url(city), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "This empties description in every language. Are you sure?" in page
    assert 'name="confirm_emptying"' in page
    city.refresh_from_db()
    assert localize(city.description, "it").text == "Porto sull'Adriatico."


def test_a_confirmed_emptying_is_saved(client, people, city):
    city.description = '{"en": "Port on the Adriatic."}'
    city.save()
    client.force_login(people["editor"])
    data = form_data(CityForm(instance=city), description_0="", confirm_emptying="on")
    assert client.post(city_url(city), data).status_code == 302
    city.refresh_from_db()
    assert localize(city.description).text == ""


def test_emptying_one_language_of_several_is_not_asked_about(client, people, city):
    city.description = '{"en": "Port on the Adriatic.", "it": "Porto."}'
    city.save()
    client.force_login(people["editor"])
    data = form_data(CityForm(instance=city), description_1="")
    assert client.post(city_url(city), data).status_code == 302


def _model_forms():
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("citybridge."):
            continue
        package = importlib.import_module(config.name)
        for module in pkgutil.walk_packages(package.__path__, f"{config.name}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {
        form
        for form in subclasses(forms.BaseModelForm)
        if form.__module__.startswith("citybridge.") and getattr(form._meta, "model", None)
    }
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def test_every_model_form_edits_a_record_with_a_revision_and_a_history():
    missing = []
    for form in _model_forms():
        name = f"{form.__module__}.{form.__qualname__}"
        if name in WITHOUT_REVISION:
            continue
        model = form._meta.model
        if not (
            issubclass(form, RevisionFormMixin)
            and revisions.has_revision(model)
            and revisions.has_history(model)
        ):
            missing.append(name)
    assert missing == []


def test_the_walk_finds_the_model_forms():
    names = {form.__name__ for form in _model_forms()}
    assert {"CityForm", "ActivityForm", "AgendaItemForm", "InvolvementForm"} <= names
