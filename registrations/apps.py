from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = "Premières inscriptions"

    def ready(self) -> None:
        from registrations.models import RegistrationDocument
        from vault.maintenance import register_encrypted_model

        # Its objects use the vault's keys: rotation and retirement must count them.
        register_encrypted_model(RegistrationDocument)
