"""The processings' declarations cover every model holding personal data, and resolve."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

from legal.processing import processing_list

# Declared models that other engineers are building in parallel (G1): the lead empties this
# set at merge; the test below fails as soon as one of them exists, so it cannot linger.
PENDING_MODELS: set[str] = set()
# Processings whose retention is enforced by a purge their own app is adding (G1 contact).
PENDING_PURGES: set[str] = set()

# Models that match the rule below but describe no person: configuration and institutions.
EXEMPT = {
    "auth.Permission": "a permission's name",
    "auth.Group": "a group of staff permissions",
    "socialaccount.SocialApp": "the OpenID Connect client's configuration",
    "django_celery_beat.PeriodicTask": "a scheduled task's name",
    "registrations.Specialty": "a medical specialty's name",
    "councils.Council": "an institution's public coordinates, not a person's",
    "appregister.CertificationBody": "an accredited body's name and contact address",
    "directory.SpecialtyVocabulary": "a specialty's everyday names",
}
PERSONAL_TOKENS = {"name", "phone", "address", "ip", "iban", "rpps", "street", "birth"}


def _holds_personal_data(model: type[models.Model], personal: set[str]) -> bool:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.EmailField):
            return True
        if set(field.name.lower().split("_")) & PERSONAL_TOKENS:
            return True
        related = field.related_model if field.is_relation else None
        if related is not None and related._meta.label in personal:
            return True
    return False


def personal_models() -> set[str]:
    """Models with an email field, a field named like personal data, or a foreign key to the
    user, to a doctor or to any model already in the set (computed to a fixed point)."""
    personal = {settings.AUTH_USER_MODEL, "roll.Doctor"}
    concrete = [m for m in apps.get_models() if not m._meta.proxy and m._meta.managed]
    changed = True
    while changed:
        changed = False
        for model in concrete:
            label = model._meta.label
            if label not in personal and _holds_personal_data(model, personal):
                personal.add(label)
                changed = True
    return personal - set(EXEMPT)


def declared_models() -> set[str]:
    return {label for processing in processing_list() for label in processing.models}


def test_every_model_holding_personal_data_is_declared_in_a_processing():
    missing = personal_models() - declared_models()
    assert not missing, f"Declare these models in a <app>/processings.py: {sorted(missing)}"


def test_the_rule_finds_the_obvious_ones():
    found = personal_models()
    for label in ("accounts.User", "roll.Doctor", "vault.AccessLogEntry", "cotisations.Payment"):
        assert label in found


def test_every_declared_label_resolves_to_a_model_except_pending_ones():
    unresolved = set()
    for label in declared_models():
        try:
            apps.get_model(label)
        except LookupError:
            unresolved.add(label)
    assert unresolved == PENDING_MODELS, (
        "Labels that resolve no model (or pending ones that now exist: empty PENDING_MODELS)"
    )


def test_exemptions_name_real_models():
    for label in EXEMPT:
        apps.get_model(label)


def test_declarations_are_complete_and_keys_unique():
    processings = processing_list()
    keys = [p.key for p in processings]
    assert len(keys) == len(set(keys))
    assert len(processings) >= 10
    for processing in processings:
        assert processing.key.split(".")[0] in {c.label for c in apps.get_app_configs()}
        assert processing.name
        assert processing.purpose
        assert processing.legal_basis
        assert processing.data
        assert processing.recipients
        assert processing.retention
        assert processing.retention_days is None or processing.retention_days > 0


def test_every_retention_period_names_a_purge_that_resolves():
    without = set()
    for processing in processing_list():
        if processing.retention_days is None:
            assert processing.purge is None, processing.key
            continue
        if processing.purge is None:
            without.add(processing.key)
            continue
        assert callable(import_string(processing.purge)), processing.key
    assert without == PENDING_PURGES
