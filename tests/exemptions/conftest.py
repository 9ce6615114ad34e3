import pytest

from tests.fixtures.vault import use_local_vault
from tests.roll.change_helpers import KEK


@pytest.fixture(autouse=True)
def vault_root(settings, tmp_path):
    return use_local_vault(settings, tmp_path / "vault", keys=f"k1:{KEK}", active="k1")


@pytest.fixture
def staff(db):
    from tests.factories import UserFactory

    user = UserFactory.create(email="conseil@ordre.test")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user
