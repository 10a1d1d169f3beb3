"""Everything the platform holds about one person, as JSON files in a ZIP archive."""

import io
import json
import zipfile

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict
from django.utils import timezone
from simple_history.models import HistoricalChanges

from citybridge.access.models import Role
from citybridge.accounts.services import preferences_of
from citybridge.activities.models import Participation
from citybridge.notifications.models import Notification
from citybridge.plans.models import Comment, ProgressUpdate


class _Encoder(DjangoJSONEncoder):
    """Dates as ISO 8601; a translated text as its languages; anything else as text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            data = getattr(o, "data", None)
            return data if isinstance(data, dict) else str(o)


def _row(instance, *, exclude=()) -> dict:
    data = model_to_dict(instance, exclude=list(exclude))
    for field in instance._meta.concrete_fields:  # model_to_dict skips non-editable fields
        if field.name not in exclude and field.attname not in data:
            data[field.attname] = field.value_from_object(instance)
    return data


def _history_models():
    from django.apps import apps

    # The history of many-to-many links has no author of its own (its parent entry has).
    return [
        m
        for m in apps.get_models()
        if issubclass(m, HistoricalChanges)
        and any(f.name == "history_user" for f in m._meta.fields)
    ]


def personal_data(user) -> dict[str, object]:
    """The person's data by file name: account, person record, roles, settings,
    notifications, plan comments and progress updates they wrote, activities they took part
    in, and every history entry they authored (one file per kind of record)."""
    try:
        person = user.person
    except ObjectDoesNotExist:
        person = None
    files = {
        "account.json": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "person.json": _row(person) if person else None,
        "roles.json": [_row(role) for role in Role.objects.filter(user=user).order_by("id")],
        "settings.json": {
            "language": preferences_of(user).language,
            "time_zone": preferences_of(user).time_zone,
            "notifications": preferences_of(user).deliveries(),
        },
        "notifications.json": [
            {**_row(n), "text": n.text}
            for n in Notification.objects.filter(recipient=user).order_by("id")
        ],
        "plan_comments.json": [_row(c) for c in Comment.objects.filter(author=user).order_by("id")],
        "progress_updates.json": [
            _row(p) for p in ProgressUpdate.objects.filter(author=user).order_by("id")
        ],
        "participations.json": [
            {**_row(p), "activity": str(p.activity)}
            for p in Participation.objects.filter(person=person)
            .select_related("activity")
            .order_by("id")
        ]
        if person
        else [],
    }
    for model in _history_models():
        entries = model.objects.filter(history_user=user).order_by("history_date")
        rows = [_row(entry) for entry in entries]
        if rows:
            files[f"history/{model._meta.app_label}.{model._meta.model_name}.json"] = rows
    return files


def personal_data_zip(user) -> bytes:
    """``personal_data`` as a ZIP of JSON files (UTF-8, indented), with a README."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            "Personal data held by CityBridge about "
            f"{user.get_username()}, exported {timezone.now().isoformat()}.\n"
            "Each .json file holds one kind of record; history/ lists the changes you saved.\n",
        )
        for name, data in personal_data(user).items():
            archive.writestr(name, json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2))
    return buffer.getvalue()
