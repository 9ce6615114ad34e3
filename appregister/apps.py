from django.apps import AppConfig


class AppRegisterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appregister"
    verbose_name = "Registre des applications de santé"
