from django.apps import AppConfig


class CotisationsConfig(AppConfig):
    name = "cotisations"
    verbose_name = "Cotisations"
