"""The legal app keeps no data of its own: its one model stands for the register of processing
in admin (no table), so that the register has a place and a permission there."""

from django.db import models


class ProcessingRegister(models.Model):
    class Meta:
        managed = False
        default_permissions = ("view",)
        verbose_name = "registre des traitements"
        verbose_name_plural = "registre des traitements"

    def __str__(self) -> str:
        return "Registre des traitements"
