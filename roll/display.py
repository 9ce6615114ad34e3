"""A doctor's situation in French that agrees with them: "Radiée" for Mme, "Radié" for M.

The roll's civility (M. or Mme) gives the grammatical gender. The labels of DoctorStatus and
of the directory's practice statuses are written in the masculine; these are their feminine
forms, used wherever the situation is shown to the doctor or in the public directory.
"""

from roll.models import Civility, Doctor, DoctorStatus

_FEMININE_STATUS = {
    DoctorStatus.ACTIVE: "En activité",
    DoctorStatus.RETIRED_ACTIVE: "Retraitée en activité",
    DoctorStatus.RETIRED: "Retraitée sans activité",
    DoctorStatus.SUSPENDED: "Suspendue",
    DoctorStatus.STRUCK_OFF: "Radiée",
}

# The directory's practice statuses (directory.entries.PracticeStatus values).
_FEMININE_PRACTICE_STATUS = {
    "authorised": "Inscrite au tableau, autorisée à exercer",
    "retired": "Retraitée",
    "not_authorised": "Non autorisée à exercer",
}


def is_feminine(civility: str) -> bool:
    return civility == Civility.MRS


def status_label(doctor: Doctor) -> str:
    """The doctor's situation on the roll, agreeing with their civility."""
    if is_feminine(doctor.civility) and doctor.status in _FEMININE_STATUS:
        return _FEMININE_STATUS[DoctorStatus(doctor.status)]
    return str(DoctorStatus(doctor.status).label)


def practice_status_label(*, practice_status: str, label: str, civility: str) -> str:
    """The directory's wording of a practice status (`label`, masculine), agreeing with
    `civility`."""
    if is_feminine(civility):
        return _FEMININE_PRACTICE_STATUS.get(practice_status, label)
    return label
