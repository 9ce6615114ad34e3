"""Portal users: email is the login; a doctor's account is linked to one roll entry."""

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not extra["is_staff"] or not extra["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    is_staff = models.BooleanField("équipe de l’Ordre", default=False)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    doctor = models.OneToOneField(
        "roll.Doctor",
        verbose_name="inscription au tableau",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_claimed_doctor(self) -> bool:
        return self.doctor_id is not None


class ClaimChallenge(models.Model):
    """A one-time code sent to the roll's email on file to prove a user is that doctor.

    Every claim request leaves a row, created without a code; the code is drawn and hashed
    only when the email is sent (`sent_at`), so the plaintext never leaves the sending
    worker. A new request supersedes the user's open challenges, so only the latest code
    can work.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="claim_challenges", verbose_name="compte"
    )
    # Empty on the row of a request no code can answer (unknown, claimed or email-less
    # number): every request is recorded alike, so none takes longer than another (R1 #2).
    doctor = models.ForeignKey(
        "roll.Doctor", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    code_hash = models.CharField(
        max_length=64, blank=True, default="", verbose_name="empreinte du code"
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créée le")
    expires_at = models.DateTimeField(verbose_name="expire le")
    sent_at = models.DateTimeField("code envoyé le", null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True, verbose_name="utilisée le")
    superseded_at = models.DateTimeField("remplacée le", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name="essais")

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_claim_user_idx")]
        constraints = [
            # At most one live code per user: a new request supersedes the previous one.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(
                    used_at__isnull=True, superseded_at__isnull=True, sent_at__isnull=False
                ),
                name="accounts_claim_one_live_code_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | ~models.Q(code_hash=""),
                name="accounts_claim_sent_has_hash",
            ),
        ]

    def __str__(self) -> str:
        rpps = f"RPPS ••••{self.doctor.rpps[-4:]}" if self.doctor else "sans inscription"
        return f"{self.user} → {rpps}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.superseded_at is None
