"""A plan's themes and organisations by the labels the workbook shows for them (export and import)."""

import re

from django.utils.translation import gettext as _

from citybridge.core.i18n import localize
from citybridge.directory.models import Organisation
from citybridge.plans.models import ActionPlan
from citybridge.plans.spreadsheets.cells import _as_text, _Bad


def _labels(objects) -> dict[int, str]:
    """How each object is written in a cell: its English name, or its number when another
    object has the same name (or the name holds the list separator)."""
    names = {obj.pk: localize(obj.name, "en").text.strip() for obj in objects}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return {
        pk: name
        if name and counts[name.casefold()] == 1 and ";" not in name and not name.isdigit()
        else str(pk)
        for pk, name in names.items()
    }


class _Lookups:
    """What cells may name, for one plan: themes, cities, organisations, SDGs."""

    def __init__(self, plan: ActionPlan):
        from citybridge.programmes.models import SustainableDevelopmentGoal

        pairing = plan.pairing
        self.themes = {t.pk: t for t in pairing.programme.themes.all()}
        self.cities = {
            m.city.slug.casefold(): m.city for m in pairing.memberships.select_related("city")
        }
        self.organisations = {
            o.pk: o for o in Organisation.objects.filter(city__in=self.cities.values())
        }
        self.sdgs = set(SustainableDevelopmentGoal.objects.values_list("number", flat=True))
        self.theme_labels = _labels(self.themes.values())
        self.organisation_labels = _labels(self.organisations.values())

    @staticmethod
    def _find(text: str, objects: dict, what: str):
        if text.isdigit():
            found = objects.get(int(text))
            if found is None:
                raise _Bad(
                    _("There is no %(what)s number %(number)s here.")
                    % {"what": what, "number": text}
                )
            return found
        matches = [
            o
            for o in objects.values()
            if localize(o.name, "en").text.strip().casefold() == text.casefold()
        ]
        if not matches:
            raise _Bad(
                _("There is no %(what)s called “%(name)s” here.") % {"what": what, "name": text}
            )
        if len(matches) > 1:
            raise _Bad(
                _("Several of them are called “%(name)s”; write the number instead (%(numbers)s).")
                % {"name": text, "numbers": ", ".join(str(o.pk) for o in matches)}
            )
        return matches[0]

    def theme(self, value):
        text = _as_text(value)
        return self._find(text, self.themes, _("theme")) if text else None

    def city(self, value):
        text = _as_text(value)
        if not text:
            return None
        city = self.cities.get(text.casefold())
        if city is None:
            raise _Bad(
                _("“%(text)s” is not a city of this pairing; write one of: %(slugs)s.")
                % {"text": text, "slugs": ", ".join(sorted(self.cities))}
            )
        return city

    def organisation(self, value):
        text = _as_text(value)
        return self._find(text, self.organisations, _("organisation")) if text else None

    def organisation_list(self, value) -> set[int]:
        found, bad = set(), []
        for part in _as_text(value).split(";"):
            if part.strip():
                try:
                    found.add(self._find(part.strip(), self.organisations, _("organisation")).pk)
                except _Bad as error:
                    bad.append(str(error))
        if bad:
            raise _Bad(" ".join(bad))
        return found

    def sdg_list(self, value) -> set[int]:
        numbers = set()
        for part in re.split(r"[;,\s]+", _as_text(value)):
            if not part:
                continue
            if not part.isdigit() or int(part) not in self.sdgs:
                raise _Bad(_("“%(part)s” is not an SDG number (1–17).") % {"part": part})
            numbers.add(int(part))
        return numbers
