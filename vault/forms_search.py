"""The list page's search and filters, and the journal's filters (GET forms)."""

from typing import Any

from django import forms

from accounts.models import User
from vault.journal import JournalFilters
from vault.models import AccessAction, Document, Folder
from vault.search import EXPIRY_CHOICES, KINDS, DocumentFilters

DATE_ERROR = {"invalid": "Indiquez une date valide, par exemple 31/12/2027."}


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERROR,
    )


class DocumentSearchForm(forms.Form):
    """The folder comes apart (`?dossier=`, looked up among the owner's folders or 404)."""

    q = forms.CharField(label="Rechercher", max_length=100, required=False)
    type = forms.ChoiceField(
        label="Type de fichier",
        required=False,
        choices=[("", "Tous les types"), *((key, label) for key, (label, _) in KINDS.items())],
    )
    du = _date("Déposé à partir du")
    au = _date("Déposé jusqu’au")
    expiration = forms.ChoiceField(
        label="Expiration",
        required=False,
        choices=[("", "Toutes les dates"), *EXPIRY_CHOICES.items()],
    )

    def filters(self, folder: Folder | None) -> DocumentFilters:
        # A field that does not validate (a wrong date) is left out; the others still apply.
        self.is_valid()
        data = self.cleaned_data
        return DocumentFilters(
            query=data.get("q", ""),
            folder=folder,
            kind=data.get("type", ""),
            uploaded_from=data.get("du"),
            uploaded_to=data.get("au"),
            expiry=data.get("expiration", ""),
        )


class JournalFilterForm(forms.Form):
    # A document's str() is its name.
    document = forms.ModelChoiceField(
        label="Document",
        queryset=Document.objects.none(),
        required=False,
        empty_label="Tous les documents",
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Toutes les actions"), *AccessAction.choices]
    )
    du = _date("Du")
    au = _date("Au")

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Current documents, trash included: their earlier versions come with them.
        self.fields["document"].queryset = Document.objects.filter(  # type: ignore[attr-defined]
            owner=owner, version_of__isnull=True
        ).order_by("display_name", "pk")

    def filters(self) -> JournalFilters:
        # A field that does not validate (a wrong date) is left out; the others still apply.
        self.is_valid()
        data = self.cleaned_data
        return JournalFilters(
            document=data.get("document"),
            action=data.get("action", ""),
            since=data.get("du"),
            until=data.get("au"),
        )
