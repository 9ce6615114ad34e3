"""What a Pro Santé Connect identity says about a person, read from its userinfo claims.

`SubjectNameID` (and `preferred_username`) is the national identifier idNat_PS: for a doctor
`8` then the 11-digit RPPS; `otherIds` may carry the RPPS itself (`origine` "RPPS").
`SubjectRefPro.exercices[]` are the professions practised ("10" is médecin), with the names
and specialty of practice.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from roll.rpps import validate_rpps

DOCTOR_PROFESSION = "10"
RPPS_PREFIX = "8"

# A few specialty codes of the R38 nomenclature (codeSavoirFaire) in the roll's words, for
# when PSC sends the code without its label.
SPECIALTY_LABELS = {
    "SM54": "Médecine générale",
    "SM53": "Spécialiste en médecine générale",
    "SM26": "Qualifié en médecine générale",
    "SM04": "Cardiologie et maladies vasculaires",
    "SM15": "Dermatologie et vénéréologie",
    "SM24": "Gynécologie-obstétrique",
    "SM40": "Pédiatrie",
    "SM42": "Psychiatrie",
    "SM44": "Radiodiagnostic et imagerie médicale",
    "SM02": "Anesthésie-réanimation",
}


def rpps_is_valid(value: str) -> bool:
    try:
        validate_rpps(value)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class PSCIdentity:
    rpps: str  # "" when the identity carries no valid RPPS
    professions: frozenset[str]
    first_name: str
    last_name: str
    specialty: str
    email: str

    @property
    def is_doctor(self) -> bool:
        return DOCTOR_PROFESSION in self.professions


def _rpps_from(data: dict[str, Any]) -> str:
    for key in ("SubjectNameID", "preferred_username"):
        value = str(data.get(key) or "")
        if len(value) == 12 and value.startswith(RPPS_PREFIX) and rpps_is_valid(value[1:]):
            return value[1:]
    for other in data.get("otherIds") or []:
        if not isinstance(other, dict):
            continue
        value = str(other.get("identifiant") or "")
        if str(other.get("origine") or "").upper() == "RPPS" and rpps_is_valid(value):
            return value
    return ""


def _exercices(data: dict[str, Any]) -> list[dict[str, Any]]:
    ref = data.get("SubjectRefPro")
    exercices = ref.get("exercices") if isinstance(ref, dict) else None
    return [e for e in exercices or [] if isinstance(e, dict)]


def _specialty(exercice: dict[str, Any]) -> str:
    label = str(exercice.get("libelleSavoirFaire") or "").strip()
    code = str(exercice.get("codeSavoirFaire") or "").strip()
    return label or SPECIALTY_LABELS.get(code, code)


def identity_from(data: dict[str, Any]) -> PSCIdentity:
    exercices = _exercices(data)
    doctor = next((e for e in exercices if str(e.get("codeProfession")) == DOCTOR_PROFESSION), None)
    first = doctor or (exercices[0] if exercices else {})
    return PSCIdentity(
        rpps=_rpps_from(data),
        professions=frozenset(str(e.get("codeProfession") or "") for e in exercices),
        first_name=str(first.get("prenomDExercice") or data.get("given_name") or "").strip(),
        last_name=str(first.get("nomDExercice") or data.get("family_name") or "").strip(),
        specialty=_specialty(first),
        email=str(data.get("email") or "").strip(),
    )
