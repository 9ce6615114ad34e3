"""Admin forms: lists edited one item per line, audiences as checkboxes."""

from typing import Any

from django import forms

from guides.models import Guide, Sheet
from portal.models import Audience


class LinesField(forms.CharField):
    """A list of strings edited as a textarea, one item per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return [str(item).strip() for item in value if str(item).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class SheetAdminForm(forms.ModelForm):
    key_points = LinesField(
        label="À retenir", required=False, help_text="Un point par ligne, en phrases courtes."
    )
    legal_references = LinesField(
        label="Textes de référence",
        required=False,
        help_text=(
            "Une référence par ligne, par exemple « Code de la santé publique, article L. 1110-4 »."
        ),
    )

    class Meta:
        model = Sheet
        fields = [
            "guide",
            "slug",
            "title",
            "summary",
            "body_markdown",
            "key_points",
            "legal_references",
            "related",
            "position",
        ]


class GuideAdminForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label="Publics",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Guide
        fields = ["slug", "title", "summary", "audiences", "position", "published", "listed"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A guide shown among the guides needs a public; the legal pages' guide has none.
        if cleaned.get("listed", True) and not cleaned.get("audiences"):
            self.add_error("audiences", "Choisissez au moins un public.")
        return cleaned
