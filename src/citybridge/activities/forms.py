"""Activity forms. Times are typed as wall-clock times in the host city's time zone and
stored in UTC; a time that does not exist there (inside a daylight-saving gap) is refused."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from citybridge.activities.models import Activity, AgendaItem, Material, Participation
from citybridge.activities.times import is_nonexistent, local_to_utc, to_zone
from citybridge.core.forms import DATE_INPUT, CityBridgeModelForm, TranslatedModelForm
from citybridge.core.i18n import localize
from citybridge.directory.models import City, Organisation, Person

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _local(moment: datetime | None, zone: str) -> datetime | None:
    return to_zone(moment, zone) if moment else None


def _utc(form, day, clock, zone, field) -> datetime | None:
    if day is None:
        return None
    naive = datetime.combine(day, clock or time(0, 0))
    if is_nonexistent(naive, zone):
        form.add_error(
            field,
            _(
                "%(time)s does not exist in %(zone)s on that day: the clocks go forward. Choose another time."
            )
            % {"time": naive.strftime("%H:%M"), "zone": zone},
        )
        return None
    return local_to_utc(naive, zone)


class ActivityForm(TranslatedModelForm):
    model_error_fields = {"starts_at": "start_day", "ends_at": "end_day"}
    start_day = forms.DateField(label=_("First day"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TIME)
    end_day = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TIME)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "status",
            "host_city",
            "venue",
            "online_url",
            "start_day",
            "start_time",
            "end_day",
            "end_time",
            "all_day",
            "date_precision",
            "description",
        ]

    def __init__(self, *args, host_cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if host_cities is not None:
            self.fields["host_city"].queryset = host_cities
        self.fields["start_time"].help_text = _("In the host city's local time.")
        instance = self.instance
        if instance.pk:
            zone = instance.host_city.time_zone
            start, end = _local(instance.starts_at, zone), _local(instance.ends_at, zone)
            self.initial.update(
                start_day=start.date(),
                end_day=end.date(),
                start_time=None if instance.all_day else start.time(),
                end_time=None if instance.all_day else end.time(),
            )

    def clean(self):
        cleaned = super().clean()
        city: City | None = cleaned.get("host_city")
        if city is None or not cleaned.get("start_day") or not cleaned.get("end_day"):
            return cleaned
        all_day = cleaned.get("all_day")
        if not all_day and (cleaned.get("start_time") is None or cleaned.get("end_time") is None):
            self.add_error(
                "start_time", _("Give the start and end times, or tick “times not known”.")
            )
            return cleaned
        zone = city.time_zone
        if all_day:
            starts = _utc(self, cleaned["start_day"], time(0, 0), zone, "start_day")
            ends = _utc(self, cleaned["end_day"], time(23, 59), zone, "end_day")
        else:
            starts = _utc(self, cleaned["start_day"], cleaned["start_time"], zone, "start_time")
            ends = _utc(self, cleaned["end_day"], cleaned["end_time"], zone, "end_time")
        if starts and ends and ends < starts:
            same_day = cleaned["end_day"] == cleaned["start_day"]
            end_field = "end_time" if same_day and not all_day else "end_day"
            self.add_error(end_field, _("The end cannot be before the start."))
        elif starts and ends:
            self.instance.starts_at, self.instance.ends_at = starts, ends
        return cleaned


class AgendaItemForm(TranslatedModelForm):
    model_error_fields = {"starts_at": "day", "ends_at": "end_time"}
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TIME)

    class Meta:
        model = AgendaItem
        fields = [
            "day",
            "start_time",
            "end_time",
            "title",
            "place",
            "organisations",
            "speakers",
            "language",
            "description",
        ]
        widgets = {"organisations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        city_ids = [activity.host_city_id]
        if activity.pairing_id:
            city_ids += list(activity.pairing.memberships.values_list("city_id", flat=True))
        self.fields["organisations"].queryset = Organisation.objects.filter(
            city_id__in=city_ids
        ).order_by("city_id", "kind", "id")
        self.fields["organisations"].label_from_instance = lambda o: localize(o.name).text
        self.fields["language"].widget = forms.Select(
            choices=[("", "—"), *[(c, n) for c, n in _language_choices()]]
        )
        zone = activity.host_city.time_zone
        self.fields["start_time"].help_text = _("In the host city's local time (%(zone)s).") % {
            "zone": zone
        }
        if self.instance.pk:
            start = _local(self.instance.starts_at, zone)
            end = _local(self.instance.ends_at, zone)
            self.initial.update(
                day=start.date(), start_time=start.time(), end_time=end.time() if end else None
            )
        else:
            self.initial.setdefault("day", _local(activity.starts_at, zone).date())

    def clean(self):
        cleaned = super().clean()
        zone = self.activity.host_city.time_zone
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day is None or start is None:
            return cleaned
        starts = _utc(self, day, start, zone, "start_time")
        ends = _utc(self, day, end, zone, "end_time") if end else None
        if starts and ends and ends < starts:
            self.add_error("end_time", _("The end cannot be before the start."))
        if starts and not self.activity.all_day:
            # Differences, not sums: an activity stored before the limits (year 9999) has no
            # "day after".
            margin = timedelta(days=1)
            after_first = starts - self.activity.starts_at >= -margin
            before_last = starts - self.activity.ends_at <= margin
            if not (after_first and before_last):
                self.add_error("day", _("This day is outside the activity's dates."))
        self.instance.activity = self.activity
        self.instance.starts_at, self.instance.ends_at = starts, ends
        return cleaned


def _language_choices():
    from django.conf import settings

    return settings.KNOWN_LANGUAGES.items()


class ParticipationForm(CityBridgeModelForm):
    model_error_fields = {"arrives_at": "arrival", "departs_at": "departure"}
    arrival = forms.DateTimeField(
        label=_("Arrival"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    departure = forms.DateTimeField(
        label=_("Departure"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    class Meta:
        model = Participation
        fields = ["person", "role", "city", "arrival", "departure"]

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        cities = City.objects.filter(pk=activity.host_city_id)
        if activity.pairing_id:
            cities = cities | City.objects.filter(memberships__pairing=activity.pairing_id)
        cities = cities.distinct().order_by("slug")
        self.fields["city"].queryset = cities
        self.fields["person"].queryset = (
            (
                Person.objects.filter(organisation__city__in=cities)
                | Person.objects.filter(organisation__city=None)
            )
            .select_related("organisation")
            .distinct()
            .order_by("name")
        )
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.name} — {localize(p.organisation.name).text}" if p.organisation_id else p.name
        )
        zone = activity.host_city.time_zone
        self.fields["arrival"].help_text = _("In the host city's local time (%(zone)s).") % {
            "zone": zone
        }
        if self.instance.pk:
            self.initial.update(
                arrival=_local(self.instance.arrives_at, zone),
                departure=_local(self.instance.departs_at, zone),
            )

    def clean(self):
        cleaned = super().clean()
        zone = self.activity.host_city.time_zone
        for field, attribute in (("arrival", "arrives_at"), ("departure", "departs_at")):
            value = cleaned.get(field)
            if value is not None:
                naive = value.replace(tzinfo=None)
                setattr(
                    self.instance, attribute, _utc(self, naive.date(), naive.time(), zone, field)
                )
            else:
                setattr(self.instance, attribute, None)
        person = cleaned.get("person")
        if (
            person
            and Participation.objects.filter(activity=self.activity, person=person)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("person", _("This person is already in the list."))
        self.instance.activity = self.activity
        return cleaned


class OutcomesForm(TranslatedModelForm):
    class Meta:
        model = Activity
        fields = ["status", "minutes", "follow_ups"]


class MaterialForm(TranslatedModelForm):
    """A file or a link; files are checked by their content (core.uploads), never by name."""

    class Meta:
        model = Material
        fields = ["kind", "title", "language", "visibility", "file", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].widget = forms.Select(choices=[("", "—"), *_language_choices()])
        self.fields["file"].help_text = _(
            "PDF, images (JPEG, PNG, GIF, WebP), Word, Excel, PowerPoint, OpenDocument or plain text."
        )
        self.checked = None

    def clean_file(self):
        from citybridge.core.uploads import validate_upload

        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.checked = validate_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url") and not self.errors:
            raise forms.ValidationError(_("Attach a file or give a link."))
        return cleaned

    def save(self, commit=True):
        material = super().save(commit=False)
        if self.checked is not None:
            from citybridge.core.uploads import reencode_image

            upload = self.cleaned_data["file"]
            material.original_name = self.checked.display_name
            material.mime_type = self.checked.mime_type
            material.size = self.checked.size
            if self.checked.kind == "image":
                image, thumbnail = reencode_image(upload, safe_name=self.checked.safe_name)
                material.file = image
                material.thumbnail = thumbnail
                material.mime_type = "image/png" if image.name.endswith(".png") else "image/jpeg"
                material.size = image.size
            else:
                upload.name = self.checked.safe_name
                material.file = upload
        if commit:
            material.save()
        return material
