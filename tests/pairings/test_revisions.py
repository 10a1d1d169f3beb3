"""A wiped pairing can be seen and brought back: its texts, themes and each city's departments."""

import pytest

from citybridge.core import revisions
from citybridge.core.i18n import localize
from citybridge.pairings.forms import InvolvementForm, PairingSharedForm
from citybridge.pairings.models import Pairing, PairingCity
from tests.factories import OrganisationFactory, ThemeFactory
from tests.form_data import form_data

pytestmark = pytest.mark.django_db


def save(form_class, instance, *, by, prefix, **changes):
    data = form_data(form_class(instance=instance, prefix=prefix), **changes)
    form = form_class(data, instance=instance, prefix=prefix)
    assert form.is_valid(), form.errors
    return revisions.save_form(form, by=by)


@pytest.fixture
def theme(pairing):
    return ThemeFactory(programme=pairing.programme)


def test_restoring_a_wiped_pairing_brings_back_its_focus_and_themes(people, pairing, theme):
    save(
        PairingSharedForm,
        pairing,
        by=people["editor"],
        prefix="shared",
        **{"shared-focus_0": "Ageing well", "shared-themes": [str(theme.pk)]},
    )
    before_wipe = Pairing.history.filter(id=pairing.pk).latest("history_id")
    pairing.refresh_from_db()
    save(
        PairingSharedForm,
        pairing,
        by=people["partner_editor"],
        prefix="shared",
        **{"shared-focus_0": "", "shared-themes": [], "shared-confirm_emptying": "on"},
    )
    pairing.refresh_from_db()
    assert (localize(pairing.focus).text, list(pairing.themes.all())) == ("", [])
    revisions.restore_version(
        pairing, before_wipe, revision=pairing.revision, by=people["coordinator"]
    )
    pairing.refresh_from_db()
    assert (localize(pairing.focus).text, list(pairing.themes.all())) == ("Ageing well", [theme])


def test_the_history_says_who_removed_a_citys_departments(people, pairing):
    membership = pairing.ordered_memberships[0]
    department = OrganisationFactory(city=membership.city, name='{"en": "Social Policies"}')
    membership.organisations.add(department)
    membership = PairingCity.objects.get(pk=membership.pk)
    save(
        InvolvementForm,
        membership,
        by=people["editor"],
        prefix="city",
        **{"city-organisations": []},
    )
    [entry] = [
        e for e in revisions.history_of(pairing) if e.record.history_user == people["editor"]
    ]
    assert entry.label.startswith("City in a pairing: ")
    assert [(c.before, c.after) for c in entry.changes] == [("Social Policies", "—")]
