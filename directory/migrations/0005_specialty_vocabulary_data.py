"""The everyday names of every specialty the roll holds (roll/data/people.py SPECIALTIES)."""

import uuid

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

CHIRURGIEN = "chirurgien"
# (official name as the roll stores it, everyday names, abbreviations)
VOCABULARY: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Médecine générale", ("généraliste", "généralistes", "médecin généraliste",
                           "médecin traitant", "médecin de famille", "médecine générale"), ("MG",)),
    ("Psychiatrie", ("psychiatre", "psychiatres"), ()),
    ("Anesthésie-réanimation", ("anesthésiste", "anesthésistes", "anesthésiste-réanimateur",
                                "anesthésie"), ("MAR",)),
    ("Radiologie et imagerie médicale", ("radiologue", "radiologues", "radiologie",
                                         "imagerie médicale"), ()),
    ("Pédiatrie", ("pédiatre", "pédiatres", "médecin des enfants"), ()),
    ("Cardiologie et maladies vasculaires", ("cardiologue", "cardiologues", "cardiologie"),
     ("cardio",)),
    ("Ophtalmologie", ("ophtalmologue", "ophtalmologues", "ophtalmologiste", "ophtalmologie",
                       "oculiste"), ("ophtalmo", "ophta")),
    ("Gynécologie-obstétrique", ("gynécologue", "gynécologues", "gynécologie", "obstétricien",
                                 "obstétricienne", "gynécologue obstétricien", "obstétrique"),
     ("gynéco", "GO")),
    ("Médecine d'urgence", ("urgentiste", "urgentistes", "médecin urgentiste", "urgences"), ()),
    ("Médecine du travail", ("médecin du travail", "médecine du travail"), ()),
    ("Dermatologie et vénéréologie", ("dermatologue", "dermatologues", "dermatologie",
                                      "vénéréologue"), ("dermato",)),
    ("Gastro-entérologie et hépatologie", ("gastro-entérologue", "gastroentérologue",
                                           "gastro-entérologues", "hépatologue",
                                           "hépato-gastro-entérologue"), ("gastro", "HGE")),
    ("Chirurgie orthopédique et traumatologique", ("orthopédiste", "chirurgien orthopédiste",
                                                   "orthopédie", "traumatologue",
                                                   CHIRURGIEN), ("ortho",)),
    ("Pneumologie", ("pneumologue", "pneumologues"), ("pneumo",)),
    ("Oto-rhino-laryngologie et chirurgie cervico-faciale", (
        "oto-rhino-laryngologiste", "oto-rhino-laryngologie", "oto-rhino", "chirurgien ORL"),
     ("ORL",)),
    ("Rhumatologie", ("rhumatologue", "rhumatologues"), ("rhumato",)),
    ("Neurologie", ("neurologue", "neurologues"), ("neuro",)),
    ("Biologie médicale", ("biologiste", "biologistes", "biologiste médical"), ()),
    ("Chirurgie viscérale et digestive", ("chirurgien viscéral", "chirurgien digestif",
                                          CHIRURGIEN), ()),
    ("Médecine interne et immunologie clinique", ("interniste", "médecin interniste",
                                                  "médecine interne", "immunologue"), ()),
    ("Endocrinologie, diabétologie et nutrition", ("endocrinologue", "diabétologue",
                                                   "nutritionniste", "endocrinologie",
                                                   "diabétologie"), ("endocrino",)),
    ("Gériatrie", ("gériatre", "gériatres", "gérontologue"), ()),
    ("Néphrologie", ("néphrologue", "néphrologues"), ("néphro",)),
    ("Gynécologie médicale", ("gynécologue", "gynécologues", "gynécologie",
                              "gynécologue médical"), ("gynéco",)),
    ("Médecine physique et de réadaptation", ("médecin rééducateur", "rééducation",
                                              "réadaptation", "médecine physique"), ("MPR",)),
    ("Anatomie et cytologie pathologiques", ("anatomopathologiste", "pathologiste",
                                             "anatomopathologie"), ("ACP", "anapath")),
    ("Santé publique", ("médecin de santé publique", "épidémiologiste"), ()),
    ("Urologie", ("urologue", "urologues"), ()),
    ("Oncologie médicale", ("oncologue", "oncologues", "cancérologue", "cancérologie",
                            "oncologie"), ("onco",)),
    ("Médecine vasculaire", ("médecin vasculaire", "angiologue", "phlébologue",
                             "angiologie", "phlébologie"), ()),
    ("Médecine intensive-réanimation", ("réanimateur", "médecin réanimateur", "réanimation",
                                        "médecine intensive"), ("MIR",)),
    ("Pédopsychiatrie", ("pédopsychiatre", "pédopsychiatres", "psychiatre pour enfants"), ()),
    ("Hématologie", ("hématologue", "hématologues"), ()),
    ("Oncologie radiothérapique", ("radiothérapeute", "radiothérapie",
                                   "oncologue radiothérapeute"), ()),
    ("Chirurgie plastique, reconstructrice et esthétique", (
        "chirurgien plasticien", "plasticien", "chirurgien esthétique", "chirurgie esthétique",
        CHIRURGIEN), ()),
    ("Médecine nucléaire", ("médecin nucléaire", "scintigraphie"), ()),
    ("Maladies infectieuses et tropicales", ("infectiologue", "infectiologie"), ()),
    ("Chirurgie maxillo-faciale", ("chirurgien maxillo-facial", "stomatologue", "stomatologie",
                                   CHIRURGIEN), ()),
    ("Neurochirurgie", ("neurochirurgien", "neurochirurgiens", CHIRURGIEN), ()),
    ("Chirurgie vasculaire", ("chirurgien vasculaire", CHIRURGIEN), ()),
    ("Chirurgie thoracique et cardiovasculaire", ("chirurgien cardiaque",
                                                  "chirurgien thoracique", "chirurgie cardiaque",
                                                  CHIRURGIEN), ()),
    ("Chirurgie pédiatrique", ("chirurgien pédiatrique", "chirurgien pédiatre", CHIRURGIEN), ()),
    ("Médecine légale et expertises médicales", ("médecin légiste", "légiste",
                                                 "médecine légale"), ()),
    ("Allergologie", ("allergologue", "allergologues"), ("allergo",)),
    ("Génétique médicale", ("généticien", "généticienne", "génétique"), ()),
)


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    model = apps.get_model("directory", "SpecialtyVocabulary")
    for name, everyday, abbreviations in VOCABULARY:
        model.objects.update_or_create(
            name=name,
            defaults={
                "everyday_names": "\n".join(everyday),
                "abbreviations": "\n".join(abbreviations),
            },
        )
    state = apps.get_model("directory", "VocabularyState")
    state.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4().hex})


def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    model = apps.get_model("directory", "SpecialtyVocabulary")
    model.objects.filter(name__in=[name for name, _, _ in VOCABULARY]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_specialty_vocabulary")]

    operations = [migrations.RunPython(forwards, backwards)]
