"""Choice fields for related records that refuse a key the database cannot compare.

Django looks a submitted key up in the database; a number too large for the column
(`-99999999999999999999`) then raises OverflowError on SQLite instead of "not a valid
choice". These fields refuse such keys first, with Django's own message.
"""

from django import forms
from django.db import models

# The largest key of a BigAutoField.
_MAX_KEY = 2**63 - 1


def _comparable(value) -> bool:
    text = str(value).strip()
    if text.lstrip("-").isdigit() and text.isascii():
        return len(text) <= 20 and abs(int(text)) <= _MAX_KEY
    return True  # not a number: Django reports it as an invalid choice itself


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _comparable(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for key in value:
            if not _comparable(key):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(key)[:20] + "…"},
                )
        return super()._check_values(value)


def formfield(field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's `formfield_callback`: these fields for foreign keys and many-to-many."""
    if isinstance(field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return field.formfield(**kwargs)
