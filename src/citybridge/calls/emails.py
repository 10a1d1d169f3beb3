"""The e-mail telling an applicant the selection decision, in the contact's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from citybridge.calls.enums import Decision
from citybridge.calls.models import Application
from citybridge.core.i18n import localize
from citybridge.directory.languages import person_language


def send_decision(application_pk: int) -> int:
    application = Application.objects.select_related("call", "city", "contact").get(
        pk=application_pk
    )
    contact = application.contact
    if contact is None or not contact.email or application.decision == Decision.PENDING:
        return 0
    language = person_language(contact)
    with translation.override(language):
        call = localize(application.call.title, language).text
        city = localize(application.city.name, language).text
        if application.decision == Decision.SELECTED:
            subject = _("%(city)s has been selected: %(call)s") % {"city": city, "call": call}
            body = _(
                "Congratulations: the application of %(city)s to “%(call)s” has been selected."
            )
        else:
            subject = _("Decision on your application: %(call)s") % {"call": call}
            body = _(
                "We are sorry: the application of %(city)s to “%(call)s” has not been selected this time."
            )
        body = body % {"city": city, "call": call}
        link = settings.CITYBRIDGE_BASE_URL + reverse(
            "calls:detail", kwargs={"slug": application.call.slug}
        )
        text = f"{_('Hello %(name)s,') % {'name': contact.name}}\n\n{body}\n\n{link}\n"
    return send_mail(subject, text, None, [contact.email])
