"""Erasing a person: their name, e-mail and account details leave the database; what they
did stays, attributed to "former participant".

Plans, minutes, histories and comments keep their rows (authorship is kept by id), so nothing
else breaks. The person's name and e-mail are also removed wherever they were copied: the
history tables of simple-history, the admin's log, free texts that quote them. The
``ERASED_NAME`` stored in their place is translated when shown (``display_person``).
"""

import json
import re
import uuid

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

ERASED_NAME = gettext_noop("former participant")
# accounts.templatetags.accounts.account_name recognises erased accounts by this prefix.
ERASED_USERNAME_PREFIX = "erased-"

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def is_erased(user) -> bool:
    return bool(user) and user.get_username().startswith(ERASED_USERNAME_PREFIX)


def display_person(name: str) -> str:
    """A person's name as shown: "former participant" in the reader's language once erased."""
    return str(_("former participant")) if name == ERASED_NAME else name


def _text_columns():
    """(model, field name) of every text column of every table Django manages."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS) and not field.primary_key:
                yield model, field


def _scrub_everywhere(needles: dict[str, str]) -> int:
    """Replace each needle (case-insensitive) by its replacement in every text column.
    Returns how many rows changed. Rows are updated directly (no new history entry, which
    would copy the old values once more)."""
    changed = 0
    for model, field in _text_columns():
        for needle in needles:
            try:
                with transaction.atomic():
                    rows = list(
                        model._base_manager.filter(
                            **{f"{field.attname}__icontains": needle}
                        ).values_list("pk", field.attname)
                    )
            except Exception:  # noqa: BLE001 - a JSON column some backends cannot search as text
                rows = []
            for pk, value in rows:
                new = _replace(value, needles)
                if new == value:
                    continue
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=pk).update(**{field.attname: new})
                except IntegrityError:
                    # A unique address (a sent-notification record…): the row itself goes.
                    model._base_manager.filter(pk=pk).delete()
                changed += 1
    return changed


def _replace(value, needles: dict[str, str]):
    if isinstance(value, str):
        for needle, replacement in needles.items():
            value = re.sub(re.escape(needle), replacement, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {k: _replace(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, needles) for v in value]
    return value


@transaction.atomic
def erase_person(*, user) -> None:
    """Anonymise ``user`` and their linked person, keeping what they did.

    Side effects: the person's name becomes "former participant", their e-mail, languages and
    public consent are removed, their calendar address changes; the account is deactivated
    with a scrubbed username, no e-mail, no name and an unusable password, its sessions end,
    its settings and notifications are deleted; every other text column (history tables
    included) that quotes the name, e-mail or ``@username`` has it replaced.
    """
    try:
        person = user.person
    except ObjectDoesNotExist:
        person = None
    names = {user.get_full_name().strip(), person.name.strip() if person else ""}
    needles = {}
    for name in sorted((n for n in names if len(n) >= 3), key=len, reverse=True):
        needles[name] = ERASED_NAME
    for address in {user.email.strip(), person.email.strip() if person else ""} - {""}:
        needles[address] = ""
    needles[f"@{user.get_username()}"] = "@" + ERASED_NAME.replace(" ", "-")
    # Translated texts are stored as JSON, where 生駒 may be written \\u751f\\u99d2.
    for needle, replacement in list(needles.items()):
        escaped = json.dumps(needle)[1:-1]
        if escaped != needle:
            needles[escaped] = replacement

    from citybridge.accounts.models import AccountSettings
    from citybridge.notifications.models import Notification, SentNotification

    Notification.objects.filter(recipient=user).delete()
    AccountSettings.history.filter(user=user).delete()
    AccountSettings.objects.filter(user=user).delete()
    if person is not None:
        SentNotification.objects.filter(
            email__iexact=person.email
        ).delete() if person.email else None
        person.name = ERASED_NAME
        person.email = ""
        person.languages = []
        person.public_consent = False
        person.calendar_token = uuid.uuid4()
        person.title = None
        person.save(
            update_fields=[
                "name",
                "email",
                "languages",
                "public_consent",
                "calendar_token",
                "title",
            ]
        )
        person.history.update(name=ERASED_NAME, email="", languages=[], title=None)
    SentNotification.objects.filter(email__iexact=user.email).delete() if user.email else None
    user.username = f"{ERASED_USERNAME_PREFIX}{user.pk}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    _end_sessions(user)
    _scrub_everywhere(needles)


def _end_sessions(user) -> None:
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
