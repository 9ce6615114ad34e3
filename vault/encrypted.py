"""What every row pointing at an encrypted object is, and the one list of such models.

`EncryptedObject` holds the columns that mirror an object in the vault's format
(docs/vault-format.md) and the constraints they must satisfy, whichever app owns the row. Each
concrete model says where its objects live (`storage_prefix`) and whose user id the object's
associated data binds (`bound_owner`). `ENCRYPTED_MODELS` is the explicit list that key
rotation, key retirement, `vault_verify`, the orphan clean-up and the restore drill iterate.
"""

import uuid
from collections.abc import Callable, Iterator
from typing import ClassVar

from django.apps import apps
from django.db import models
from django.db.models import Q

from vault.storage import NAME_ROOT, VaultStorage
from vault.streams import plaintext_chunks

# Labels of the concrete models, in the order maintenance visits them.
ENCRYPTED_MODELS: tuple[str, ...] = (
    "vault.Document",
    "registrations.RegistrationDocument",
    "roll.ChangeRequestDocument",
    "exemptions.ExemptionDocument",
    "ereputation.KeptAnalysis",
    "appregister.EvidenceDocument",
)


class EncryptedObject(models.Model):
    """A row pointing at one encrypted object; the object's header stays the truth for keys."""

    # Where this model's objects live in the vault storage; "" for the vault's own documents.
    storage_prefix: ClassVar[str] = ""
    # Lookup path to the user whose id the associated data binds (e.g. "request__user").
    bound_owner: ClassVar[str] = "owner"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    display_name = models.CharField("nom", max_length=200)
    size = models.BigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    content_type = models.CharField("type", max_length=100)
    storage_name = models.CharField(
        max_length=200, unique=True, editable=False, verbose_name="nom de stockage"
    )
    format_version = models.PositiveSmallIntegerField(
        default=1, editable=False, verbose_name="version du format"
    )
    kek_id = models.CharField("clé de chiffrement (KEK)", max_length=32, db_index=True)
    wrapped_key = models.BinaryField(editable=False, verbose_name="clé chiffrée")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=0), name="%(app_label)s_%(class)s_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="%(app_label)s_%(class)s_sha256_hex",
            ),
            models.CheckConstraint(
                condition=~Q(display_name=""), name="%(app_label)s_%(class)s_name_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(kek_id=""), name="%(app_label)s_%(class)s_kek_id_not_empty"
            ),
        ]

    @classmethod
    def storage_namespace(cls) -> str:
        """The start of every storage name this model's uploads get ("registrations/v1/")."""
        return cls.storage_prefix + NAME_ROOT

    @classmethod
    def bound_owner_id_field(cls) -> str:
        """The lookup giving the bound user's id in a query ("request__user_id")."""
        return f"{cls.bound_owner}_id"

    @property
    def bound_owner_id(self) -> int:
        """The user id bound in the associated data (owner, applicant, uploading doctor)."""
        *path, last = self.bound_owner.split("__")
        holder: models.Model = self
        for step in path:
            holder = getattr(holder, step)
        owner_id: int = getattr(holder, f"{last}_id")
        return owner_id

    def open_plaintext(
        self,
        *,
        on_failure: Callable[[str], None] | None = None,
        storage: VaultStorage | None = None,
    ) -> Iterator[bytes]:
        """The decrypted content, checked against this row's size and SHA-256 as it streams
        (`vault.streams.plaintext_chunks`): a failure raises `IntegrityFailure`."""
        return plaintext_chunks(
            storage_name=self.storage_name,
            document_id=self.pk,
            owner_id=self.bound_owner_id,
            sha256=self.sha256,
            size=self.size,
            on_failure=on_failure,
            storage=storage,
        )


def encrypted_models() -> list[type[EncryptedObject]]:
    """The concrete models of `ENCRYPTED_MODELS`, once the apps are loaded."""
    found = []
    for label in ENCRYPTED_MODELS:
        model = apps.get_model(label)
        assert issubclass(model, EncryptedObject), label
        found.append(model)
    return found


def model_for_storage_name(name: str) -> type[EncryptedObject] | None:
    """The model whose uploads are named like `name`, or None (not an upload's object)."""
    for model in encrypted_models():
        if name.startswith(model.storage_namespace()):
            return model
    return None
