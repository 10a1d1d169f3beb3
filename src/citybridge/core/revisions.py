"""Optimistic locking, history and restore: one mechanism for every record people edit.

Each such model has ``revision = PositiveIntegerField(default=1, editable=False)`` and
``history = HistoricalRecords(...)`` (django-simple-history). Saves from forms go through
:func:`save_with_revision`: a save that started from an older revision is refused with
:class:`EditConflict`, which lists what the other person changed, field by field, read from the
history. Each save through this module writes exactly one history record (fields and
many-to-many choices together), so the history page shows one line per save.

Models may say who may see their history and restore it (default: ``<app>.change_<model>`` on
the record itself)::

    def edit_permission(self):  # restore, and the history page unless history_permission says
        return "pairings.change_pairing", self.pairing

    def history_permission(self):  # optional: who may read the history
        return "plans.view_plan_workspace", self

and which children's histories their history page includes (their deletions too)::

    history_includes = ("memberships", "milestones")

Texts of models with a ``translation_stamps`` field are stamped per language on save, so editors
see which language "needs translation".
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from i18nfield.fields import I18nFieldMixin

from citybridge.core.i18n import as_dict

# Never shown as changes: bookkeeping, secrets and what is derived from other fields.
HIDDEN_FIELDS = frozenset(
    {"revision", "translation_stamps", "sequence", "calendar_token", "thumbnail", "uid"}
)
# ``history_change_reason`` markers, shown in the reader's language by :func:`describe_reason`.
BASELINE_REASON = "baseline"
RESTORED_REASON = "restored:"


class EditConflict(Exception):
    """Someone saved the same record after the editor opened it; nothing was saved."""

    def __init__(self, current, changes):
        super().__init__("edit conflict")
        self.current = current
        self.changes = changes
        self.form = None  # the form that was stale, which shows the conflict


def _shown_on(form, conflict: EditConflict) -> EditConflict:
    form.conflict, conflict.form = conflict, form
    return conflict


@dataclass(frozen=True)
class Change:
    """One field (or one language of a translated field) that differs between two versions."""

    label: str
    before: str
    after: str


@dataclass
class Entry:
    """One line of a history page: one saved version of the record or of one of its children."""

    record: object
    label: str  # the child it is about ("Milestone: Visit to Ikoma"); "" for the record itself
    changes: list[Change] = field(default_factory=list)
    restorable: bool = False

    @property
    def model_label(self) -> str:
        """``app_label.model`` of the record this version belongs to (for its restore page)."""
        return self.record.instance_type._meta.label_lower

    @property
    def object_pk(self):
        return getattr(self.record, self.record.instance_type._meta.pk.attname)

    @property
    def kind(self) -> str:
        return {"+": "created", "-": "deleted"}.get(self.record.history_type, "changed")

    @property
    def reason(self) -> str:
        return describe_reason(self.record)


# --- What a model offers -------------------------------------------------------------------


def has_revision(model) -> bool:
    return any(f.name == "revision" for f in model._meta.concrete_fields)


def has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def history_manager(model):
    return getattr(model, model._meta.simple_history_manager_attribute)


def translated_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, I18nFieldMixin)]


def edit_permission(obj) -> tuple[str, object]:
    """The permission (and the object it is checked on) needed to edit ``obj``."""
    if hasattr(obj, "edit_permission"):
        return obj.edit_permission()
    meta = obj._meta
    return f"{meta.app_label}.change_{meta.model_name}", obj


def history_permission(obj) -> tuple[str, object]:
    """The permission needed to read the history of ``obj`` (default: the edit permission)."""
    if hasattr(obj, "history_permission"):
        return obj.history_permission()
    return edit_permission(obj)


# --- Translation state --------------------------------------------------------------------


def stamp_translations(obj, fields, old_values: dict, *, now: datetime | None = None) -> None:
    """Record, per field and language, when a text last changed (before ``obj.save()``)."""
    moment = (now or timezone.now()).isoformat()
    stamps = dict(obj.translation_stamps or {})
    for name in fields:
        before, after = as_dict(old_values.get(name)), as_dict(getattr(obj, name))
        field_stamps = dict(stamps.get(name, {}))
        for language in set(before) | set(after):
            if before.get(language) != after.get(language):
                field_stamps[language] = moment
        if field_stamps:
            stamps[name] = field_stamps
    obj.translation_stamps = stamps


def needs_translation(obj, name: str, language: str) -> bool:
    """True when another language of this text changed after ``language`` last did."""
    texts = as_dict(getattr(obj, name))
    if not texts:
        return False
    stamps = (obj.translation_stamps or {}).get(name, {})
    if language not in texts:
        return True
    mine = stamps.get(language, "")
    return any(
        stamp > mine for other, stamp in stamps.items() if other != language and texts.get(other)
    )


def _stamps_translations(model) -> bool:
    return any(f.name == "translation_stamps" for f in model._meta.concrete_fields)


# --- Saving ---------------------------------------------------------------------------------


@transaction.atomic
def save_with_revision(form, *, revision: int | None, by=None, text_fields=None, reason=""):
    """Save a valid model ``form`` only if nobody saved its record since ``revision`` was read.

    ``revision``: the number the editor started from (the form's hidden ``revision``); ``None``
    (a client that sends none) skips the check. ``text_fields``: the texts stamped per language
    on models with ``translation_stamps`` (default: all translated fields).

    Raises ``EditConflict`` (with the current record and what changed since ``revision``; also
    left on ``form.conflict`` for the page) instead of overwriting someone else's work. Side
    effects, in one transaction: the record is
    locked (``select_for_update``), saved with ``revision`` one higher, its many-to-many choices
    saved, changed texts stamped, and one history record written (by ``by``, or the request's
    user). A record older than its history first gets a baseline record of how it was.
    """
    obj = form.instance
    model = type(obj)
    if text_fields is None:
        text_fields = translated_fields(model)
    adding = obj._state.adding
    if adding:
        old_texts, next_revision = {}, 1
    else:
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if revision is not None and current.revision != revision:
            raise _shown_on(form, EditConflict(current, changes_since(current, revision)))
        keep_baseline(current)
        old_texts = {name: getattr(current, name) for name in text_fields}
        next_revision = current.revision + 1
    saved = form.save(commit=False)
    if _stamps_translations(model):
        stamp_translations(saved, text_fields, old_texts)
    saved.revision = next_revision
    save_recorded(saved, created=adding, by=by, reason=reason, then=form.save_m2m)
    return saved


def save_formset(formset, *, by=None) -> list:
    """Save an inline formset the way :func:`save_with_revision` saves a form: each changed
    row is checked against the revision it was opened at (``EditConflict`` names the row on
    its ``form.conflict``), new rows are added, rows ticked for deletion are deleted (the
    history keeps them, by ``by``). Returns the saved rows. Call it inside the transaction
    that saved the parent."""
    saved = []
    parent = formset.instance
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            if form.instance.pk:
                row = (
                    type(form.instance)
                    ._default_manager.select_for_update()
                    .get(pk=form.instance.pk)
                )
                revision = form.posted_revision
                if revision is not None and row.revision != revision:
                    raise _shown_on(form, EditConflict(row, changes_since(row, revision)))
                if by is not None:
                    row._history_user = by
                row.delete()
            continue
        if not form.has_changed():
            continue
        setattr(form.instance, formset.fk.name, parent)
        saved.append(save_with_revision(form, revision=form.posted_revision, by=by))
    return saved


def save_recorded(obj, *, created: bool, by=None, reason: str = "", then=None) -> None:
    """Save ``obj`` (and run ``then``, e.g. ``form.save_m2m``) writing one history record.

    Without this, django-simple-history writes one record for the fields and one more for each
    many-to-many field that changed, and the history would show one save as several.
    """
    obj.skip_history_when_saving = True
    try:
        obj.save()
        if then is not None:
            then()
    finally:
        del obj.skip_history_when_saving
    _record(obj, created=created, by=by, reason=reason)


def keep_baseline(current) -> None:
    """Record how a record looked before its first recorded change (records older than the
    history, or made by bulk inserts), so its first change can be seen and undone."""
    manager = history_manager(type(current))
    if not manager.model.objects.filter(**{_pk_attname(current): current.pk}).exists():
        current._history_user = None  # not the person saving now
        try:
            _record(current, created=True, by=None, reason=BASELINE_REASON)
        finally:
            del current._history_user


def _pk_attname(obj) -> str:
    return obj._meta.pk.attname


def _record(obj, *, created: bool, by, reason: str):
    manager = history_manager(type(obj))
    if by is not None:
        obj._history_user = by
    [record] = manager.bulk_history_create(
        [obj], update=not created, default_user=by, default_change_reason=reason or ""
    )
    history_model = manager.model
    for m2m in getattr(history_model, "_history_m2m_fields", []):
        through = m2m.remote_field.through
        names = [f.name for f in through._meta.fields]
        rows = through.objects.filter(**{m2m.m2m_field_name(): obj})
        getattr(history_model, m2m.name).model.objects.bulk_create(
            getattr(history_model, m2m.name).model(
                history=record, **{name: getattr(row, name) for name in names}
            )
            for row in rows.select_related(*[f.name for f in through._meta.fields if f.is_relation])
        )
    return record


# --- Reading the history --------------------------------------------------------------------


def changes_since(current, revision: int) -> list[Change]:
    """What changed in ``current`` since the version numbered ``revision`` (from the history)."""
    manager = history_manager(type(current))
    records = list(
        manager.model.objects.filter(
            **{_pk_attname(current): current.pk},
            revision__in=[revision, current.revision],
        ).order_by("history_date", "history_id")
    )
    by_revision = {record.revision: record for record in records}  # the last one of each
    old, new = by_revision.get(revision), by_revision.get(current.revision)
    if old is None or new is None:
        return []
    return changes_between(old, new)


def changes_between(older, newer, *, shown=None) -> list[Change]:
    """The fields that differ between two history records of one record, shown in the active
    language (``older`` None: everything ``newer`` holds)."""
    m2m_fields = getattr(type(newer), "_history_m2m_fields", [])
    return _changes(
        _compared_fields(newer.instance_type, type(newer)),
        m2m_fields,
        before=lambda name: getattr(older, name) if older is not None else None,
        after=lambda name: getattr(newer, name),
        before_ids=lambda m2m: _m2m_ids(older, m2m) if older is not None else set(),
        after_ids=lambda m2m: _m2m_ids(newer, m2m),
        shown=shown or _Shown(),
    )


def _changes(fields, m2m_fields, *, before, after, before_ids, after_ids, shown) -> list[Change]:
    """Each field (each language of a text) and many-to-many choice whose value differs,
    read through the ``before``/``after`` accessors; one loop for diffs and restores."""
    changes = []
    for model_field in fields:
        old, new = before(model_field.attname), after(model_field.attname)
        if isinstance(model_field, I18nFieldMixin):
            changes.extend(_text_changes(model_field, old, new))
        elif _normal(old) != _normal(new):
            changes.append(
                Change(
                    str(model_field.verbose_name), shown(model_field, old), shown(model_field, new)
                )
            )
    for m2m in m2m_fields:
        old_ids, new_ids = before_ids(m2m), after_ids(m2m)
        if old_ids != new_ids:
            changes.append(
                Change(str(m2m.verbose_name), shown.many(m2m, old_ids), shown.many(m2m, new_ids))
            )
    return changes


def _compared_fields(model, history_model):
    tracked = {f.attname for f in history_model._meta.concrete_fields}
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name in HIDDEN_FIELDS:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            continue
        if model_field.attname in tracked:
            yield model_field


def _normal(value):
    return None if value in (None, "", [], {}) else value


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code) or settings.KNOWN_LANGUAGES.get(code, code))


def _text_changes(model_field, before, after) -> list[Change]:
    old, new = as_dict(before), as_dict(after)
    label = str(model_field.verbose_name)
    return [
        Change(f"{label} ({_language_name(code)})", old.get(code) or "—", new.get(code) or "—")
        for code in _ordered_languages(set(old) | set(new))
        if old.get(code) != new.get(code)
    ]


def _ordered_languages(codes) -> list[str]:
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda c: (order.index(c) if c in order else len(order), c))


def _m2m_ids(record, m2m) -> set:
    target = m2m.m2m_reverse_field_name()
    return {getattr(row, f"{target}_id") for row in getattr(record, m2m.name).all()}


class _Shown:
    """Values as a reader sees them; related records are looked up once per call."""

    def __init__(self):
        self._related: dict = {}

    def _lookup(self, model, ids) -> dict:
        cache = self._related.setdefault(model, {})
        missing = [pk for pk in ids if pk not in cache]
        if missing:
            for obj in model._default_manager.filter(pk__in=missing):
                cache[obj.pk] = str(obj)
        return {pk: cache.get(pk, _("no. %(id)s (deleted)") % {"id": pk}) for pk in ids}

    def __call__(self, model_field, value) -> str:
        if _normal(value) is None:
            return "—"
        if model_field.is_relation:
            return self._lookup(model_field.related_model, [value])[value]
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return _("yes") if value else _("no")
        if isinstance(model_field, models.DateTimeField):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(model_field, models.DateField):
            return formats.date_format(value, "DATE_FORMAT")
        if isinstance(model_field, models.FileField):
            return str(value).rsplit("/", 1)[-1]
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)

    def many(self, m2m, ids) -> str:
        if not ids:
            return "—"
        names = self._lookup(m2m.related_model, sorted(ids))
        return ", ".join(sorted(names.values()))


def describe_reason(record) -> str:
    """The history record's reason, in the reader's language."""
    reason = record.history_change_reason or ""
    if reason == BASELINE_REASON:
        return _("How it was before changes were recorded")
    if reason.startswith(RESTORED_REASON):
        restored = history_manager(record.instance_type).model.objects.filter(
            history_id=reason.removeprefix(RESTORED_REASON) or 0
        )
        restored = restored.only("history_date").first()
        if restored is None:
            return _("Restored an earlier version")
        return _("Restored the version of %(date)s") % {
            "date": formats.date_format(
                timezone.localtime(restored.history_date), "DATETIME_FORMAT"
            )
        }
    return reason


def history_of(obj, *, limit: int = 300) -> list[Entry]:
    """Every recorded version of ``obj`` and of the children named in its model's
    ``history_includes`` (deleted ones too), newest first, each with what it changed."""
    model = type(obj)
    sources = [(history_manager(model).model.objects.filter(**{_pk_attname(obj): obj.pk}), "")]
    for name in getattr(model, "history_includes", ()):
        relation = model._meta.get_field(name)
        child = relation.related_model
        sources.append(
            (
                history_manager(child).model.objects.filter(**{relation.field.attname: obj.pk}),
                str(child._meta.verbose_name).capitalize(),
            )
        )
    entries = []
    for queryset, label in sources:
        entries.extend(_entries(queryset, label, limit=limit))
    entries.sort(key=lambda e: (e.record.history_date, e.record.history_id), reverse=True)
    return entries[:limit]


def _entries(queryset, label: str, *, limit: int) -> list[Entry]:
    loaded = list(
        queryset.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    if not loaded:
        return []
    model = loaded[0].instance_type
    pk_name = model._meta.pk.attname
    existing = set(
        model._default_manager.filter(pk__in={getattr(r, pk_name) for r in loaded}).values_list(
            "pk", flat=True
        )
    )
    # Each record's previous version is usually the next older one loaded here; only the
    # oldest loaded record of an object asks the database (not one query per record).
    older: dict = {}
    latest: set = set()
    for record in reversed(loaded):
        record.loaded_previous = older.get(getattr(record, pk_name))
        older[getattr(record, pk_name)] = record
    entries = []
    shown = _Shown()  # related records named in several versions are looked up once
    for record in loaded:
        key = getattr(record, pk_name)
        previous = record.loaded_previous
        if previous is None and record.history_type != "+":
            previous = record.prev_record
        if record.history_type == "-":
            changes = []
        else:
            changes = changes_between(previous, record, shown=shown)
        is_latest = key not in latest
        latest.add(key)
        entries.append(
            Entry(
                record=record,
                label=f"{label}: {record.instance}" if label else "",
                changes=changes,
                restorable=(record.history_type != "-" and not is_latest and key in existing),
            )
        )
    return entries


# --- Restoring ------------------------------------------------------------------------------


def restored_fields(model) -> list:
    """What "restore this version" brings back: the texts (every language), links, and the
    many-to-many choices, never a status, a slug, a date or who is linked."""
    fields = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in HIDDEN_FIELDS or not model_field.editable:
            continue
        if isinstance(model_field, I18nFieldMixin) or (
            isinstance(model_field, (models.CharField, models.TextField))
            and not model_field.choices
            and not model_field.unique
            and not isinstance(model_field, (models.SlugField, models.FileField))
        ):
            fields.append(model_field)
    return fields


def restore_preview(current, record) -> list[Change]:
    """What restoring ``record`` would change in ``current``, field by field."""
    return _changes(
        restored_fields(type(current)),
        getattr(type(record), "_history_m2m_fields", []),
        before=lambda name: getattr(current, name),
        after=lambda name: getattr(record, name),
        before_ids=lambda m2m: set(getattr(current, m2m.name).values_list("pk", flat=True)),
        after_ids=lambda m2m: _m2m_ids(record, m2m),
        shown=_Shown(),
    )


@transaction.atomic
def restore_version(current, record, *, revision: int, by=None):
    """Bring back the texts and many-to-many choices of the history ``record`` into the
    record it belongs to, if nobody saved it since ``revision``.

    Raises ``EditConflict`` as a stale save does. Side effects: the record's revision goes up,
    texts are stamped per language, and one history record says who restored which version.
    """
    model = type(current)
    current = model._default_manager.select_for_update().get(pk=current.pk)
    if current.revision != revision:
        raise EditConflict(current, changes_since(current, revision))
    keep_baseline(current)
    fields = restored_fields(model)
    text_fields = [f.name for f in fields if isinstance(f, I18nFieldMixin)]
    old_texts = {name: getattr(current, name) for name in text_fields}
    for model_field in fields:
        setattr(current, model_field.attname, getattr(record, model_field.attname))
    if _stamps_translations(model):
        stamp_translations(current, text_fields, old_texts)
    current.revision += 1

    def restore_choices():
        for m2m in getattr(type(record), "_history_m2m_fields", []):
            ids = _m2m_ids(record, m2m)
            still_there = m2m.related_model._default_manager.filter(pk__in=ids)
            getattr(current, m2m.name).set(still_there)

    save_recorded(
        current,
        created=False,
        by=by,
        reason=f"{RESTORED_REASON}{record.history_id}",
        then=restore_choices,
    )
    return current


# --- Emptying published texts ---------------------------------------------------------------


def emptied_texts(instance, cleaned_data: dict) -> list[str]:
    """Labels of the translated texts that have words today and would have none in any
    language after saving ``cleaned_data`` (asked for confirmation before saving)."""
    if instance._state.adding:
        return []
    labels = []
    for name in translated_fields(type(instance)):
        if name not in cleaned_data:
            continue
        if as_dict(getattr(instance, name)) and not as_dict(cleaned_data[name]):
            labels.append(str(instance._meta.get_field(name).verbose_name))
    return labels


def save_form(form, *, by=None, reason: str = "", skip_unchanged: bool = False):
    """Save a valid model form the one way pages do: through :func:`save_with_revision` when
    its model keeps revisions (the form carries the revision it was opened at).

    ``skip_unchanged``: an existing record whose form changed nothing is left alone (no new
    version, no conflict), for pages that save a record with its parts (an agreement and its
    signatories) where often only a part changed."""
    if skip_unchanged and not form.instance._state.adding and not form_changed(form):
        return form.instance
    if not has_revision(form._meta.model):
        return form.save()
    if by is not None and not getattr(by, "is_authenticated", True):
        by = None
    return save_with_revision(form, revision=form.posted_revision, by=by, reason=reason)


def form_changed(form) -> bool:
    """Whether the person changed anything in ``form`` (the revision it carries aside)."""
    bookkeeping = {"revision", "confirm_emptying"}
    return any(name not in bookkeeping for name in form.changed_data)
