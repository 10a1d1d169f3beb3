"""A new programme from the workspace: who may create one, and who coordinates it then."""

import pytest

from citybridge.access.enums import RoleKind
from citybridge.programmes.forms import ProgrammeForm, ThemeForm
from citybridge.programmes.models import Programme, Theme
from tests.form_data import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def new():
    return form_data(
        ProgrammeForm(instance=Programme()),
        name_0="International Urban and Regional Cooperation",
        acronym="IURC",
    )


def test_a_coordinator_creates_a_programme_and_becomes_its_coordinator(client, people, new):
    client.force_login(people["coordinator"])
    response = client.post("/en/workspace/programmes/new/", new)
    programme = Programme.objects.get(acronym="IURC")
    assert response["Location"] == f"/en/workspace/programmes/{programme.slug}/"
    role = people["coordinator"].roles.get(programme=programme)
    assert (role.kind, role.granted_by) == (RoleKind.PROGRAMME_COORDINATOR, people["coordinator"])


def test_the_new_programmes_themes_are_added_from_the_workspace(client, people, new):
    client.force_login(people["coordinator"])
    client.post("/en/workspace/programmes/new/", new)
    programme = Programme.objects.get(acronym="IURC")
    response = client.post(
        f"/en/workspace/programmes/{programme.slug}/themes/new/",
        form_data(ThemeForm(instance=Theme(programme=programme)), name_0="Clean energy"),
    )
    assert response.status_code == 302
    assert [str(t) for t in programme.themes.all()] == ["Clean energy"]


def test_a_superuser_creates_a_programme(client, people, new):
    client.force_login(people["admin"])
    assert client.post("/en/workspace/programmes/new/", new).status_code == 302


@pytest.mark.parametrize("who", ["pairing_coordinator", "editor", "viewer", "evaluator", "nobody"])
def test_nobody_else_may_create_a_programme(client, people, who, new):
    client.force_login(people[who])
    assert client.post("/en/workspace/programmes/new/", new).status_code == 403
    assert not Programme.objects.filter(acronym="IURC").exists()
