from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "vault"
    verbose_name = "Coffre-fort numérique"

    def ready(self) -> None:
        from vault import checks  # noqa: F401 - registers the system checks
