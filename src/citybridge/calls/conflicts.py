"""Conflicts of interest: who may not score an application. Used by the permission rules
(``access.rules``) and by the services that assign evaluators."""

from citybridge.calls.models import Application


def has_conflict(evaluator, application: Application) -> bool:
    """An evaluator never scores an application from their own city or organisation."""
    try:
        person = evaluator.person
    except Exception:  # noqa: BLE001 - no person linked: no known affiliation
        return False
    organisation = person.organisation
    if organisation is None:
        return False
    if organisation.city_id == application.city_id:
        return True
    return application.departments.filter(pk=organisation.pk).exists()
