from django.apps import AppConfig


class RollConfig(AppConfig):
    name = "roll"
    verbose_name = "Tableau de l’Ordre"

    def ready(self) -> None:
        from roll.models import ChangeRequestDocument
        from vault.maintenance import register_encrypted_model

        # Supporting documents use the vault's keys: rotation and retirement must count them.
        register_encrypted_model(ChangeRequestDocument)
