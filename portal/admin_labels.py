"""French names for the admin where the libraries give none to translate.

Most English of the libraries is translated through locale/fr/LC_MESSAGES/django.po. What is
left here has no msgid: allauth's Authenticator and its fields are named after their Python
names, django-celery-beat names some columns in plain English, and Django's default
permissions read « Can add … ». These names are set once, when the URLconf loads
(secure_admin_site()), and only change what the admin displays: nothing is written to the
database and no migration follows (makemigrations does not load the URLconf).
"""

from typing import Any

from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import Permission
from django.db.models import Model

# model label → (verbose_name, verbose_name_plural, {field: verbose_name})
MODEL_NAMES: dict[str, tuple[str | None, str | None, dict[str, str]]] = {
    "mfa.Authenticator": (
        "moyen de double authentification",
        "moyens de double authentification",
        {
            "user": "compte",
            "type": "type",
            "data": "données",
            "created_at": "ajouté le",
            "last_used_at": "dernière utilisation le",
        },
    ),
    "django_celery_beat.PeriodicTask": (None, None, {"task": "nom de la tâche"}),
    "django_celery_beat.ClockedSchedule": (None, "planifications à date fixe", {}),
    "socialaccount.SocialApp": (None, None, {"settings": "réglages"}),
    "socialaccount.SocialAccount": (None, None, {"user": "compte", "uid": "identifiant"}),
    "socialaccount.SocialToken": (None, None, {"app": "application", "account": "compte"}),
}

# (model label, ModelAdmin attribute) → the column's title.
ADMIN_COLUMNS: dict[tuple[str, str], str] = {
    ("django_celery_beat.PeriodicTask", "scheduler"): "planification",
    ("django_celery_beat.PeriodicTask", "crontab_translation"): "planification cron en clair",
}

PERMISSION_ACTIONS = {
    "add": "Peut ajouter",
    "change": "Peut modifier",
    "delete": "Peut supprimer",
    "view": "Peut voir",
}


def _relabel_models(site: AdminSite) -> None:
    from django.apps import apps

    for label, (singular, plural, fields) in MODEL_NAMES.items():
        try:
            model: type[Model] = apps.get_model(label)
        except LookupError:
            continue
        opts = model._meta
        if singular:
            opts.verbose_name = singular
        if plural:
            opts.verbose_name_plural = plural
        for name, verbose_name in fields.items():
            opts.get_field(name).verbose_name = verbose_name  # type: ignore[union-attr]


def _french_cron_descriptions() -> None:
    """django-celery-beat describes a crontab in the process's locale: in French, on 24 hours."""
    from cron_descriptor import Options, get_description
    from django_celery_beat import models as beat_models

    def description_fr(expression: str, options: Options | None = None) -> str:
        options = options or Options()
        options.locale_code = "fr_FR"
        options.use_24hour_time_format = True
        return str(get_description(expression, options))

    beat_models.get_description = description_fr
    human_readable = beat_models.CrontabSchedule.human_readable
    human_readable.fget.short_description = "en clair"


def _relabel_columns(site: AdminSite) -> None:
    """Columns named after a ModelAdmin method or a model property, without a description."""
    from django.apps import apps

    for (label, attribute), title in ADMIN_COLUMNS.items():
        model = apps.get_model(label)
        model_admin = site._registry.get(model)
        target = getattr(type(model_admin), attribute, None) if model_admin else None
        if target is None:
            target = getattr(model, attribute, None)
        if isinstance(target, property):
            target = target.fget
        if target is not None:
            target.short_description = title  # type: ignore[union-attr]


def permission_label(permission: Permission) -> str:
    """« Comptes | utilisateur | Peut modifier » for Django's default « Can change user »."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return f"{content_type} | {permission.name}"
    opts = model._meta
    action = permission.codename.split("_", 1)[0]
    default = permission.codename == f"{action}_{opts.model_name}"
    name = PERMISSION_ACTIONS[action] if default and action in PERMISSION_ACTIONS else None
    app = opts.app_config.verbose_name
    return f"{app} | {opts.verbose_name} | {name or permission.name}"


def _permission_str(self: Any) -> str:
    return permission_label(self)


def relabel_admin(site: AdminSite) -> None:
    _relabel_models(site)
    _relabel_columns(site)
    _french_cron_descriptions()
    Permission.__str__ = _permission_str  # type: ignore[method-assign]
