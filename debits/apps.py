from django.apps import AppConfig


class DebitsConfig(AppConfig):
    name = "debits"
    verbose_name = "Prélèvements SEPA"
    default_auto_field = "django.db.models.BigAutoField"
