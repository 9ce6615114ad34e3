from django.apps import AppConfig


class CotisationsConfig(AppConfig):
    name = "cotisations"
    verbose_name = "Cotisations"

    def ready(self) -> None:
        from cotisations import checks  # noqa: F401 - registers the deploy checks
