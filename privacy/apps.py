from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Droits des personnes"

    def ready(self) -> None:
        from privacy import checks  # noqa: F401 - registers the system check
