"""Form plumbing shared by every app: DKFDS field markup and classes on the widgets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

# The first matching class wins, so a subclass comes before its base: Django's
# CheckboxSelectMultiple is a RadioSelect, and RadioSelect a Select.
WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.SelectMultiple: "form-select",
    forms.Select: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.Textarea: "form-input",
}


class FormRenderer(TemplatesSetting):
    """Renders ``{{ field.as_field_group }}`` as a DKFDS form group."""

    field_template_name = "components/field.html"


class DkfdsFormMixin:
    """Adds the design system's CSS classes and describedby links to every widget."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Give every widget its design-system class; forms that add fields in their own
        ``__init__`` call this again afterwards."""
        for field in self.fields.values():
            widget = field.widget
            css = next(
                (c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)), "form-input"
            )
            existing = widget.attrs.get("class", "").split()
            if css not in existing:
                widget.attrs["class"] = " ".join([*existing, css])


class Form(DkfdsFormMixin, forms.Form):
    pass


class ModelForm(DkfdsFormMixin, forms.ModelForm):
    pass


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError at the right fields of the form that fed it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class HoneypotMixin:
    """A field people never see (hidden by the ``honeypot`` style and from screen readers, out
    of the tab order) that bots fill in. A public view answers a filled honeypot as if all
    went well and stores nothing; render the field with ``components/honeypot.html``.

    ``honeypot_name`` may be changed where a form has a real field of that name."""

    honeypot_name = "website"
    fields: dict[str, forms.Field]
    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_name] = forms.CharField(
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def honeypot(self) -> forms.BoundField:
        field: forms.BoundField = self[self.honeypot_name]  # type: ignore[index]
        return field

    def is_bot(self) -> bool:
        return bool(self.data.get(self.honeypot_name))
