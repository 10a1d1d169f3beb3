"""The language a person is written to in: the first of their languages this deployment offers."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist


def deployment_language(languages) -> str:
    """The first of ``languages`` this deployment is translated into, else the default."""
    offered = {code for code, _name in settings.LANGUAGES}
    for code in languages or []:
        if isinstance(code, str) and code.lower() in offered:
            return code.lower()
    return settings.LANGUAGE_CODE


def person_language(person) -> str:
    return deployment_language(person.languages)


def user_language(user) -> str:
    """The language of the person linked to ``user``; the default when there is none."""
    try:
        person = user.person
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE
    return person_language(person)
