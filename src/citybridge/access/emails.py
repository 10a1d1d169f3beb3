"""The invitation e-mail: in the invitee's language, HTML with a plain-text part."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from citybridge.access.models import Invitation
from citybridge.core.i18n import localize
from citybridge.core.timezones import to_zone


def display_name(user) -> str:
    """How a user is named to others: their person record's name, else their account's."""
    if user is None:
        return ""
    try:
        return user.person.name
    except ObjectDoesNotExist:
        return user.get_full_name() or user.email or user.username


def scope_name(scope, language: str) -> str:
    name = getattr(scope, "name", None)
    return localize(name, language).text if name is not None else str(scope)


def invitation_message(invitation: Invitation, token: str) -> EmailMultiAlternatives:
    """Who invited, to which role of what, until when, and the link to accept."""
    language = invitation.language
    # The expiry in the invited city's time zone; otherwise in UTC, said so.
    zone = invitation.city.time_zone if invitation.city_id else "UTC"
    with translation.override(language):
        link = settings.CITYBRIDGE_BASE_URL + reverse("invitations:accept", kwargs={"key": token})
        context = {
            "inviter": display_name(invitation.invited_by),
            "role": str(invitation.get_kind_display()),
            "scope": scope_name(invitation.scope_object, language),
            "expires": formats.date_format(to_zone(invitation.expires_at, zone), "DATETIME_FORMAT"),
            "zone": zone,
            "link": link,
            "language": language,
        }
        subject = render_to_string("access/email/invitation_subject.txt", context)
        text = render_to_string("access/email/invitation.txt", context)
        html = render_to_string("access/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text.strip() + "\n", to=[invitation.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def send_invitation(invitation: Invitation, token: str) -> int:
    return invitation_message(invitation, token).send()
