"""Telling an evaluator that an application was given to them to evaluate."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from citybridge.accounts.enums import Topic
from citybridge.accounts.services import language_of
from citybridge.core.i18n import localize


def tell_evaluator(evaluation, *, by) -> bool:
    """Notify the evaluator of ``evaluation`` (unless they assigned it to themselves), with a
    link to its scoring page. Returns whether they were told."""
    # Imported here: notifications sits above access (its reminders read roles), which reads
    # calls; a module-level import would make the apps import one another in a circle.
    from citybridge.notifications.services import notify

    evaluator = evaluation.evaluator
    if by is not None and evaluator.pk == by.pk:
        return False
    application = evaluation.application
    language = language_of(evaluator)
    with translation.override(language):
        params = {
            "city": localize(application.city.name, language).text,
            "call": localize(application.call.title, language).text,
        }
    return (
        notify(
            recipient=evaluator,
            topic=Topic.ASSIGNMENT,
            message=gettext_noop(
                "You were asked to evaluate the application of %(city)s to “%(call)s”."
            ),
            params=params,
            link=reverse("evaluation:score", kwargs={"pk": evaluation.pk}),
        )
        is not None
    )
