"""Programme coordinators: programme details, the theme tree, pairing cities by hand."""

import pytest

from citybridge.pairings.models import Milestone, Pairing
from citybridge.programmes.models import Theme
from tests.factories import CityFactory, JapaneseCityFactory, MilestoneFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_coordinator_pairs_two_cities_and_the_pairing_starts_proposed(client, people, pairing):
    ancona, ikoma = (
        CityFactory(name='{"en": "Turku"}'),
        JapaneseCityFactory(name='{"en": "Nagano"}'),
    )
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/programmes/{pairing.programme.slug}/pairings/new/",
        {"city_1": ancona.pk, "city_2": ikoma.pk, "selected_in": "2019", "status": "proposed"},
    )
    created = Pairing.objects.get(slug="turku-nagano")
    assert response["Location"] == f"/en/workspace/pairings/{created.slug}/edit/"
    assert (created.status, created.programme) == ("proposed", pairing.programme)
    assert client.get(f"/en/pairings/{created.slug}/").status_code == 200  # staff sees it
    client.logout()
    assert client.get(f"/en/pairings/{created.slug}/").status_code == 404  # the public does not


def test_a_city_cannot_be_paired_with_itself(client, people, pairing):
    city = CityFactory()
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/programmes/{pairing.programme.slug}/pairings/new/",
        {"city_1": city.pk, "city_2": city.pk, "status": "proposed"},
    )
    assert response.status_code == 400
    assert "A city can take part in a pairing only once." in response.content.decode()
    assert Pairing.objects.count() == 2  # the fixture's two


@pytest.mark.parametrize(
    "who", ["other_coordinator", "pairing_coordinator", "editor", "evaluator", "nobody"]
)
def test_only_the_programmes_coordinators_pair_cities(client, people, pairing, who):
    client.force_login(people[who])
    response = client.post(
        f"/en/workspace/programmes/{pairing.programme.slug}/pairings/new/",
        {"city_1": CityFactory().pk, "city_2": JapaneseCityFactory().pk, "status": "active"},
    )
    assert response.status_code == 403


def test_coordinator_builds_the_theme_tree_with_sdgs(client, people, pairing):
    client.force_login(people["coordinator"])
    url = f"/en/workspace/programmes/{pairing.programme.slug}/themes/new/"
    client.post(url, {"name_0": "Smart cities", "order": "1", "sdgs": ["9", "11"]})
    parent = Theme.objects.get()
    client.post(
        url, {"name_0": "Sustainable mobility", "parent": parent.pk, "order": "2", "sdgs": ["11"]}
    )
    child = Theme.objects.exclude(pk=parent.pk).get()
    assert child.parent == parent
    assert sorted(parent.sdgs.values_list("number", flat=True)) == [9, 11]
    page = client.get(f"/en/programmes/{pairing.programme.slug}/").content.decode()
    assert "SDG 11: Sustainable cities and communities" in page


def test_a_theme_cannot_be_put_under_its_own_child(client, people, pairing):
    parent = ThemeFactory(programme=pairing.programme)
    child = ThemeFactory(programme=pairing.programme, parent=parent)
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/programmes/{pairing.programme.slug}/themes/{parent.pk}/edit/",
        {"name_0": "Loop", "parent": child.pk, "order": "0"},
    )
    assert "A theme cannot be placed under itself." in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_themes_are_at_most_three_levels_deep(client, people, pairing):
    a = ThemeFactory(programme=pairing.programme)
    b = ThemeFactory(programme=pairing.programme, parent=a)
    c = ThemeFactory(programme=pairing.programme, parent=b)
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/programmes/{pairing.programme.slug}/themes/new/",
        {"name_0": "Too deep", "parent": c.pk, "order": "0"},
    )
    assert "Themes are at most 3 levels deep." in response.content.decode()
    assert Theme.objects.count() == 3


def test_a_theme_of_another_programme_cannot_be_chosen_as_parent(client, people, pairing):
    elsewhere = ThemeFactory()
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/programmes/{pairing.programme.slug}/themes/new/",
        {"name_0": "Stray", "parent": elsewhere.pk, "order": "0"},
    )
    assert "Select a valid choice" in response.content.decode()


def test_city_editor_edits_and_removes_a_milestone_of_its_pairing(client, people, pairing):
    milestone = MilestoneFactory(pairing=pairing)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/milestones/{milestone.pk}/edit/",
        {"date": "2018-10-03", "end_date": "2018-10-06", "title_0": "Study visit to Ancona"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert str(milestone.end_date) == "2018-10-06"
    client.post(f"/en/workspace/pairings/{pairing.slug}/milestones/{milestone.pk}/delete/")
    assert not Milestone.objects.exists()


def test_viewer_cannot_remove_a_milestone(client, people, pairing):
    milestone = MilestoneFactory(pairing=pairing)
    client.force_login(people["viewer"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/milestones/{milestone.pk}/delete/"
    )
    assert response.status_code == 403
    assert Milestone.objects.filter(pk=milestone.pk).exists()
