"""A wiped pairing can be seen and brought back: its texts, themes and each city's departments."""

from datetime import date

import pytest

from citybridge.core import revisions
from citybridge.core.i18n import as_dict, localize
from citybridge.pairings.forms import (
    AgreementForm,
    AgreementVersionFormSet,
    InvolvementForm,
    PairingSharedForm,
    SignatoryFormSet,
)
from citybridge.pairings.models import Pairing, PairingCity
from tests.factories import AgreementFactory, OrganisationFactory, SignatoryFactory, ThemeFactory
from tests.form_data import form_data, formset_data

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


def pairing_page_data(pairing, user, **changes):
    """What the pairing page posts for ``user``: shared details, each city they may edit."""
    data = form_data(PairingSharedForm(instance=pairing, prefix="shared"))
    for membership in pairing.ordered_memberships:
        if user.has_perm("pairings.change_pairingcity", membership):
            data.update(
                form_data(InvolvementForm(instance=membership, prefix=f"city{membership.pk}"))
            )
    data.update(changes)
    return data


def test_the_second_stale_save_of_the_pairing_page_is_refused_and_wipes_nothing(
    client, people, pairing
):
    url = f"/en/workspace/pairings/{pairing.slug}/edit/"
    opened = pairing_page_data(pairing, people["editor"])
    client.force_login(people["editor"])
    first = client.post(url, {**opened, "shared-focus_0": "Ageing well"})
    client.force_login(people["partner_editor"])
    second = client.post(url, {**opened, "shared-focus_0": ""})
    assert (first.status_code, second.status_code) == (302, 409)
    assert "focus (English): — → Ageing well" in second.content.decode()
    pairing.refresh_from_db()
    assert localize(pairing.focus).text == "Ageing well"


def test_a_stale_save_of_one_citys_involvement_is_refused(client, people, pairing):
    membership = pairing.ordered_memberships[0]
    department = OrganisationFactory(city=membership.city, name='{"en": "Social Policies"}')
    url = f"/en/workspace/pairings/{pairing.slug}/edit/"
    opened = pairing_page_data(pairing, people["editor"])
    field = f"city{membership.pk}-organisations"
    client.force_login(people["editor"])
    assert client.post(url, {**opened, field: [str(department.pk)]}).status_code == 302
    pairing.refresh_from_db()
    stale = {**pairing_page_data(pairing, people["editor"]), field: []}
    stale[f"city{membership.pk}-revision"] = opened[f"city{membership.pk}-revision"]
    response = client.post(url, stale)
    assert response.status_code == 409
    assert "— → Social Policies" in response.content.decode()
    assert list(PairingCity.objects.get(pk=membership.pk).organisations.all()) == [department]


def test_a_stale_save_of_a_signatory_is_refused_and_names_the_change(client, people, pairing):
    agreement = AgreementFactory(pairing=pairing, signed_on=date(2019, 5, 1))
    signatory = SignatoryFactory(agreement=agreement, name="Mayor of Ancona")
    url = f"/en/workspace/pairings/{pairing.slug}/agreements/{agreement.pk}/edit/"
    opened = {
        **form_data(AgreementForm(instance=agreement)),
        **formset_data(
            SignatoryFormSet(
                instance=agreement, prefix="signatories", form_kwargs={"pairing": pairing}
            )
        ),
        **formset_data(AgreementVersionFormSet(instance=agreement, prefix="versions")),
    }
    client.force_login(people["editor"])
    first = client.post(url, {**opened, "signatories-0-name": "Valeria Mancinelli"})
    client.force_login(people["partner_editor"])
    second = client.post(url, {**opened, "signatories-0-name": "The Mayor"})
    assert (first.status_code, second.status_code) == (302, 409)
    assert "name: Mayor of Ancona → Valeria Mancinelli" in second.content.decode()
    signatory.refresh_from_db()
    assert signatory.name == "Valeria Mancinelli"


def test_the_pairing_page_sends_the_revision_of_each_record_it_edits(client, people, pairing):
    client.force_login(people["coordinator"])
    page = client.get(f"/en/workspace/pairings/{pairing.slug}/edit/").content.decode()
    names = ["shared-revision", *(f"city{m.pk}-revision" for m in pairing.ordered_memberships)]
    assert all(f'name="{name}"' in page for name in names)
    assert f'href="/en/workspace/history/pairings.pairing/{pairing.pk}/?back=' in page


def test_an_empty_post_of_the_pairing_page_asks_first_and_wipes_nothing(client, people, pairing):
    """The attack of the trust issue: one POST with empty fields by a city editor."""
    texts = {"en": "Clean energy", "it": "Energia pulita", "ja": "クリーンエネルギー"}
    Pairing.objects.filter(pk=pairing.pk).update(focus=texts, description=texts)
    client.force_login(people["editor"])
    response = client.post(f"/en/workspace/pairings/{pairing.slug}/edit/", {})
    pairing.refresh_from_db()
    assert response.status_code == 400
    assert as_dict(pairing.focus) == texts
    assert as_dict(pairing.description) == texts
