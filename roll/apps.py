from django.apps import AppConfig


class RollConfig(AppConfig):
    name = "roll"
    verbose_name = "Tableau de l’Ordre"
