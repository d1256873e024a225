"""Form plumbing shared by every app: DKFDS field markup and classes on the widgets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.CheckboxSelectMultiple: "form-checkbox",
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
