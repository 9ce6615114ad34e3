from django.apps import AppConfig


class DebitsConfig(AppConfig):
    name = "debits"
    verbose_name = "Prélèvements SEPA"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cotisations.providers.base import register_debit_outcomes
        from debits.services.remote import PlanDebitOutcomes

        register_debit_outcomes(PlanDebitOutcomes())
