"""Staff extend the directory's specialty vocabulary here; saves go through the services."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from directory import services
from directory.models import SpecialtyVocabulary
from roll.models import Doctor


@admin.register(SpecialtyVocabulary)
class SpecialtyVocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "everyday_names", "abbreviations", "updated_at"]
    search_fields = ["name", "everyday_names", "abbreviations"]
    readonly_fields = ["updated_at"]

    def save_model(
        self, request: HttpRequest, obj: SpecialtyVocabulary, form: Any, change: bool
    ) -> None:
        services.specialty_vocabulary_save(vocabulary=obj)
        if not Doctor.objects.filter(specialty=obj.name).exists():
            messages.warning(
                request,
                f"Aucun médecin du tableau n’a pour spécialité «\u00a0{obj.name}\u00a0»\u00a0: "
                "vérifiez que le nom est écrit exactement comme au tableau.",
            )

    def delete_model(self, request: HttpRequest, obj: SpecialtyVocabulary) -> None:
        services.specialty_vocabulary_delete(vocabulary=obj)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[SpecialtyVocabulary]
    ) -> None:
        for vocabulary in queryset:
            services.specialty_vocabulary_delete(vocabulary=vocabulary)
