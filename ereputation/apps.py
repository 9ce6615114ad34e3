from django.apps import AppConfig


class EreputationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ereputation"
    verbose_name = "E-réputation"
