from django.apps import AppConfig


class ExemptionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exemptions"
    verbose_name = "Exonérations de cotisation"
