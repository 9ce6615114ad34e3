"""The French analyzer: accents, plurals and conjugations, stopwords, synonyms."""

from guides.analysis import SynonymMap, analyze, fold


def test_accents_and_case_are_ignored():
    assert analyze("Téléphone DONNÉES") == analyze("telephone donnees")
    assert fold("Élève à l'hôpital") == "eleve a l'hopital"


def test_plural_and_conjugated_forms_meet():
    assert analyze("données") == analyze("donnée")
    assert analyze("patients") == analyze("patient")
    assert analyze("conserver") == analyze("conservé") == analyze("conservation")
    assert analyze("envoyer") == analyze("envoie") == analyze("envoyez")
    assert analyze("résultats") == analyze("resultat")


def test_stopwords_and_elisions_are_dropped():
    assert analyze("Est-ce que je dois l'informer ?") == analyze("informer")
    assert analyze("le la les de du des") == []


def test_synonyms_map_to_the_term_both_ways():
    synonyms = SynonymMap(
        [
            ("messagerie", ["mail", "courriel"]),
            ("rendez-vous", ["RDV"]),
            ("téléphone", ["smartphone"]),
            ("protection juridique", ["assureur"]),
        ]
    )
    assert analyze("un mail", synonyms) == analyze("la messagerie", synonyms)
    assert analyze("courriels", synonyms) == analyze("messagerie", synonyms)
    assert analyze("prendre RDV", synonyms) == analyze("prendre rendez-vous", synonyms)
    assert analyze("mon smartphone", synonyms) == analyze("mon téléphone", synonyms)
    assert analyze("mon assureur", synonyms) == analyze("protection juridique", synonyms)
    assert len(synonyms) == 5
