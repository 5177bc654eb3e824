"""The admin's upload form: one or many files, ZIP archives included."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that accepts several files."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field whose cleaned value is the list of uploaded files (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.txt,.md,.html,.htm,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    """Certificate files to ingest: PDFs, text extractions, or ZIP archives of them."""

    # Empty files reach the service, which refuses them with the same message everywhere.
    files = MultipleFileField(allow_empty_file=True, help_text="PDF or text certificates, or ZIP archives of them.")
