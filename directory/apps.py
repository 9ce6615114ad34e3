from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from directory.db import register_sqlite_functions

        connection_created.connect(
            register_sqlite_functions, dispatch_uid="directory_sqlite_functions"
        )
