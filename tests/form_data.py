"""What a browser would post for a form as it was opened: every field's current value."""

from django import forms


def form_data(form, **changes) -> dict:
    """The POST data of ``form`` (unbound, as shown to the editor), with ``changes`` applied.

    Translated fields become ``name_0``, ``name_1``… like the page's inputs; unticked boxes
    are left out, as browsers do."""
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        name = bound.html_name
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool) or isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    data.update(changes)
    return data


def formset_data(formset, **changes) -> dict:
    """The POST data of an unbound formset as shown: its management form and every row."""
    data = {
        f"{formset.prefix}-{name}": str(value)
        for name, value in formset.management_form.initial.items()
        if value is not None
    }
    for form in formset.forms:
        data.update(form_data(form))
    data.update(changes)
    return data
