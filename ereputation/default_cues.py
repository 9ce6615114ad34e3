"""The cues the helper starts with; staff extend and correct them in admin (« Indices »).

Words are compared after the guides analyzer (plural, accents, elisions, most conjugations do
not matter). Weight 2 is a cue strong enough alone; weight 1 a hint that needs another one
(analysis.THRESHOLD). Patterns run on the text lowercased and stripped of accents. They are
general French vocabulary of reviews and replies, measured by `make eval-e-reputation`; the
data migration 0002 loads this list into a new database.
"""

from ereputation.categories import CueFamily, CueKind
from ereputation.matching import CueSpec

F = CueFamily

# (family, words of weight 2, words of weight 1, patterns with their weight)
_TABLE: tuple[tuple[str, str, str, tuple[tuple[str, int], ...]], ...] = (
    (
        F.INJURE,
        "charlatan | connard | connasse | abruti | crétin | débile | imbécile | idiot | "
        "salaud | salope | ordure | pourriture | enfoiré | enculé | pute | boucher | "
        "guignol | clown | branleur | tocard | nullard | bouffon | psychopathe | taré | "
        "dégénéré | raclure | vermine | charognard | vautour | sangsue | imposteur | "
        "mégère | harpie | pauvre type | pauvre fille | malade mental | gros porc | "
        "sale con | tête de con | docteur de pacotille | médecin de pacotille | incapable | "
        "rapace | sadique | minable | toubib de merde | bon à rien | mal baisé | garce | "
        "porc | crevard | dinde | ignare | cinglé | gros nul | c'est un malade | "
        "c'est une malade | détraqué | pervers",
        "incompétent | merde | honte de la profession | sorcière | nul | incompétente | "
        "lamentable | pitoyable | gourou",
        ((r"\bcon(ne)?\b", 2), (r"\bputain\b", 1), (r"\bsale (type|bonne femme|medecin)", 2)),
    ),
    (
        F.DIFFAMATION,
        "escroc | escroquerie | arnaqueur | voleur | voleuse | falsifier | falsifié | fraude | "
        "frauder | fraudé | "
        "fraudeur | erreur médicale | faute médicale | faute grave | erreur de diagnostic | "
        "dessous de table | au noir | non déclaré | faux certificat | fausse ordonnance | "
        "certificat de complaisance | arrêt de complaisance | drogué | alcoolique | ivre | "
        "attouchement | agression sexuelle | harcèlement sexuel | condamné | radié | "
        "interdit d'exercer | sans diplôme | faux médecin | trafic | dealer | maltraitance | "
        "maltraiter | surfacturation | surfacturer | négligence | empoisonner | racket | "
        "vole | mis ma vie en danger | mettre en danger | failli me tuer | détourné | mensonge",
        "séquelles | arnaque | menteur | menteuse | opération ratée | bâclé | bâclée | "
        "négligent | dangereux | dangereuse | danger public | tripoter",
        (
            (
                r"\bm.a (laisse|cause|provoque|inflige|donne) (des |une |un )?(sequelle|lesion|"
                r"brulure|infection|handicap|paralysie|cicatrice)\w*",
                2,
            ),
            (r"\ba (tue|blesse|mutile|gifle|frappe|agresse|touche|drogue|vole) ", 2),
            (r"\bm.a (blesse|mutile|gifle|frappe|agresse|touche|drogue|vole|insulte)\b", 2),
            (r"\b(mort|deces|decede|decedee?) (a cause|par la faute|a la suite)", 2),
            (r"\bresponsable (de la mort|du deces|de mon handicap|de ma paralysie)", 2),
            (r"\b(vraiment|meme|seulement) (son|ses|un) diplome", 2),
            (
                r"\b(facture|fait payer|compte) des (actes|soins|consultations) "
                r"(non |jamais |pas )",
                2,
            ),
            (r"\bsent(ait|ais)? l.alcool", 2),
            (
                r"\b(touche|tripote|caresse|pelote|drague) (les|ses|des) "
                r"(patientes?|femmes|enfants)",
                2,
            ),
            (r"\b(il|elle) (ment|a menti)\b", 1),
            (r"\ben liquide (sans|pour eviter)", 2),
            (r"\bsans (me |m.)(examiner|ausculter)", 1),
        ),
    ),
    (
        F.DENIGREMENT,
        "déconseille vivement | boycott | boycotter | ne consultez pas",
        "à fuir | fuyez | à éviter | le pire cabinet | le pire médecin | usine à fric | "
        "pompe à fric | ne vaut rien | je déconseille | déconseiller | passez votre chemin | "
        "allez voir ailleurs | bien meilleur | insalubre | vétuste | pire médecin | "
        "médecine d'abattage | abattage | tiroir-caisse",
        (
            (r"\bn.(y )?allez (surtout |jamais |pas )*(pas|jamais)\b", 2),
            (r"\ballez plutot (chez|voir|au)", 1),
            (r"\b(tout|ce) (le )?cabinet est (a fuir|nul|une catastrophe)", 1),
        ),
    ),
    (
        F.MENACES,
        "mettre le feu | brûler ton cabinet | brûler votre cabinet | faire la peau | "
        "pourrir la vie",
        "gare à vous | gare à toi | fais gaffe",
        (
            (
                r"\b(je|on) (vais|va|vas) (te|vous|le|la|lui) (tuer|buter|crever|defoncer|frapper|"
                r"retrouver|faire payer|pourrir|detruire|bruler|casser|regler son compte|massacrer|"
                r"attendre)",
                2,
            ),
            (r"\b(tu vas|vous allez|il va|elle va) (le )?(payer|regretter|le sentir|souffrir)", 2),
            (r"\b(tu ne|vous ne|tu|vous) (perds|perdez) rien pour attendre", 2),
            (r"\bje sais ou (tu habites|vous habitez|il habite|elle habite|sont tes|sont vos)", 2),
            (r"\bje (connais|trouverai|trouverais) (ton|votre|son) adresse", 2),
            (r"\bon se (reverra|retrouvera)", 2),
            (r"\b(faites|fais) (bien )?attention a (vous|toi|vos enfants|ta famille)", 2),
            (
                r"\b(je|on) (reviendrai|reviendra|posterai|postera|publierai|ecrirai) (cet avis |"
                r"ce message |ca |)(tous les jours|chaque jour|chaque semaine|partout|sans arret)",
                2,
            ),
            (r"\b(balle|flingue|fusil|couteau|batte)\b", 1),
            (
                r"\b(je|on) (vais|va) (venir|passer|debarquer) (au cabinet|chez (vous|toi)|"
                r"vous voir|te voir)",
                1,
            ),
            (r"\b(vos|tes) enfants\b", 1),
            (r"\bta famille\b", 1),
        ),
    ),
    (
        F.HAINE,
        "bougnoule | négro | youpin | bicot | raton | pédé | tapette | gouine | travelo | "
        "sale arabe | sale noir | sale juif | sale musulman | sale étranger | sale race | "
        "grand remplacement | diplôme acheté au bled | macaque | bamboula | chintok | "
        "youpine | sale pédé",
        "mongol | ces gens-là | les arabes | les juifs | les noirs | les musulmans | "
        "les étrangers | les homosexuels | voilée | race | sa religion | diplôme étranger | "
        "son accent | sa couleur | origine | les femmes | médecins étrangers",
        (
            (
                r"\b(retourne|rentre|retournez|rentrez|retourner|rentrer) (dans (ton|son|votre|"
                r"leur) pays|chez (toi|vous|eux|lui|elle)|en afrique|au bled|d.ou (tu viens|"
                r"vous venez|ils viennent))",
                2,
            ),
            (r"\bon (n.)?est plus en france", 2),
            (r"\bune femme (ne devrait|ne peut|n.a rien a faire)", 2),
            (
                r"\b(les|ces) (femmes|arabes|noirs|juifs|musulmans|etrangers|homosexuels|"
                r"africains|asiatiques|roms) (ne |n.)?(sont|savent|devraient|font|ont)",
                1,
            ),
        ),
    ),
    (
        F.FAUX_AVIS,
        "ancien salarié | ancienne salariée | ancienne secrétaire | ancien employé | "
        "ancienne employée | ex-employé | ex-secrétaire | concurrent | mon cabinet | "
        "mon confrère | mettez tous une étoile | notez-le une étoile",
        "il paraît que | on m'a dit | d'après une amie | d'après un ami | "
        "selon une voisine | relayez | partagez | tous ensemble | confrère | j'ai entendu dire",
        (
            (r"\b(jamais|pas) (mis les pieds|ete (son|sa) patiente?|consulte|ete patiente?)", 2),
            (r"\bje (ne suis|n.ai) (jamais |pas )(ete |)(patient|patiente|alle|allee|consulte)", 2),
            (r"\b(pas|jamais) besoin d.y (aller|etre alle)", 2),
            (r"\bj.ai travaille (chez|pour|au cabinet|avec|dans (son|ce|le) cabinet)", 2),
            (r"\b(venez|allez) plutot (chez moi|dans mon cabinet|a mon cabinet)", 2),
            (r"\bmettez(-lui| lui|-le| le|)( tous| toutes|) (une|1) etoile", 2),
            (r"\bje (ne )?(le |la )?connais (pas|meme pas)", 1),
        ),
    ),
    (
        F.DONNEES_TIERS,
        "",
        "un autre patient | une autre patiente | la patiente d'avant | le patient d'avant | "
        "la personne avant moi | la dame avant moi | le monsieur avant moi | sa secrétaire | "
        "mon voisin | ma voisine | tout le quartier sait",
        (
            (r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", 2),
            (r"\b0[1-9]([ .-]?\d{2}){4}\b", 2),
            (
                r"\b(\d{1,3},? )?(rue|avenue|boulevard|impasse|allee|chemin) (de |du |des |)"
                r"[a-z]{3,}",
                2,
            ),
            (
                r"\b(madame|monsieur|mme|mlle|m\.) (?!(madame|monsieur|le|la|les|et)\b)"
                r"[a-z]{3,}",
                1,
            ),
            (r"\b(la|sa) (secretaire|assistante|infirmiere) (s.appelle|nommee|qui s.appelle)", 2),
        ),
    ),
    (
        F.SANTE,
        "",
        "diagnostic | diagnostiquer | traitement | médicament | ordonnance | prescription | "
        "prescrire | antibiotique | examen | prise de sang | bilan sanguin | radio | "
        "radiographie | IRM | scanner | échographie | biopsie | opération | opérer | chirurgie | "
        "anesthésie | vaccin | vaccination | piqûre | injection | perfusion | hospitalisation | "
        "hôpital | symptôme | douleur | fièvre | infection | cancer | tumeur | diabète | "
        "dépression | anxiété | grossesse | enceinte | fausse couche | IVG | VIH | sida | "
        "hépatite | covid | grippe | angine | otite | bronchite | asthme | allergie | "
        "hypertension | tension | cholestérol | thyroïde | migraine | entorse | fracture | "
        "genou | mal de dos | ventre | poumon | cardiaque | AVC | infarctus | arrêt de travail | "
        "arrêt maladie | certificat médical | séquelles | ausculter | auscultation | plâtre | "
        "points de suture | pansement | stérilet | frottis | mammographie | coloscopie | "
        "endoscopie | pathologie | maladie | psychiatre | antidépresseur | anxiolytique | "
        "somnifère | chimiothérapie | radiothérapie | dialyse | insuline | analyses | "
        "résultats d'analyse | dossier médical | kiné | kinésithérapie | accouchement | "
        "césarienne | eczéma | psoriasis | cystite | hernie | appendicite | arthrose | "
        "cholécystectomie | prothèse | sciatique | lombalgie | vertige | malaise",
        (),
    ),
    (
        F.SOINS,
        "",
        "consultation | consulter | soins | soigner | soigné | prise en charge | examiner | "
        "examiné | mon dossier | patient | patiente | docteur | médecin | dermatologue | "
        "pédiatre | généraliste | gynécologue | chirurgien | dentiste | ophtalmologue | "
        "cardiologue | rhumatologue",
        (),
    ),
    (
        F.EMOTION,
        "traumatisé | traumatisée | j'ai pleuré | humilié | humiliée",
        "scandaleux | scandaleuse | honteux | honteuse | honte | dégoûté | dégoûtée | écœuré | "
        "écœurée | furieux | furieuse | en colère | choqué | choquée | inadmissible | "
        "inacceptable | révoltant | révoltée | pleurer | hallucinant | dégueulasse | "
        "jamais vu ça | catastrophe | horrible | cauchemar | indigne | effondrée | effondré",
        (),
    ),
    (
        F.SECRET,
        "mon patient | ma patiente | mon ancien patient | mon ancienne patiente | "
        "votre dossier | dossier médical | je me souviens | je vous connais | je vous suis",
        "",
        (
            (
                r"\bvotre (premiere |derniere |premier |dernier |precedente? |)"
                r"(consultation|visite|venue|passage|rendez-vous|rdv|dossier|traitement|ordonnance|prescription|"
                r"operation|intervention|examen|bilan|analyse|diagnostic|prise en charge|"
                r"hospitalisation|sejour|arret|certificat|pathologie|maladie|etat|cas|sante|enfant|"
                r"fils|fille|mari|femme|epouse|mere|pere|bebe|grossesse|accouchement|radio|"
                r"vaccin|douleur|probleme|suivi|seance|attente|retard|appel|dossier)",
                2,
            ),
            (
                r"\bvos (examens|analyses|resultats|symptomes|douleurs|soins|traitements|"
                r"medicaments|ordonnances|rendez-vous|consultations|visites|antecedents|enfants|"
                r"problemes|retards|appels|seances)",
                2,
            ),
            (
                r"\blors de (votre|la derniere|notre|cette|ce) (consultation|visite|venue|"
                r"rendez-vous|seance|passage|echange|entretien)",
                2,
            ),
            (
                r"\b(je|nous) vous (ai|avons|avions|avais) (bien |deja |pourtant |longuement |)"
                r"(recue?|vue?|examinee?|auscultee?|soignee?|operee?|traitee?|prescrit|orientee?|"
                r"adressee?|explique|propose|conseillee?|informee?|dit|rappelee?|accueillie?|"
                r"appelee?|fait)",
                2,
            ),
            (
                r"\bvous (avez|aviez|etiez|etes) (bien |deja |pourtant |)(ete |)(venue?|vue?|"
                r"recue?|examinee?|soignee?|operee?|pris en charge|prise en charge|traitee?|"
                r"hospitalisee?|consulte|consultee?|arrivee?)",
                2,
            ),
            (r"\bcomme (je|nous) vous l.(ai|avons|avais|avions)", 2),
            (r"\b(vous etes|vous etiez|en tant que) (mon|ma|notre) (patient|patiente)", 2),
            (r"\bvous (venez|veniez) (depuis|regulierement|au cabinet|me voir|nous voir)", 2),
            (
                r"\bvous (n.)?(avez|aviez) (pas |jamais |)(pris|suivi|respecte|apporte|signale|"
                r"mentionne|refuse|oublie|annule|manque)",
                2,
            ),
            (
                r"\b\d{1,2}(er)? (janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|"
                r"octobre|novembre|decembre)\b",
                2,
            ),
            (r"\b\d{1,2}/\d{1,2}(/\d{2,4})?\b", 2),
            (
                r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (dernier|matin|soir|"
                r"apres-midi)",
                2,
            ),
            (r"\b(hier|avant-hier|la semaine derniere|le mois dernier|ce matin-la)\b", 2),
            (r"\b(madame|monsieur|mme|mlle|m\.) (?!(madame|monsieur|le|la|les|et)\b)[a-z]{3,}", 2),
            (r"\bvotre (petit|petite|jeune) ", 1),
            (r"\b(votre|ton) (medecin|kine|specialiste) (traitant|habituel)", 2),
        ),
    ),
)


def _split(words: str) -> list[str]:
    return [w.strip() for w in words.split("|") if w.strip()]


DEFAULT_CUES: tuple[CueSpec, ...] = tuple(
    [
        CueSpec(family, CueKind.WORDS, word, weight)
        for family, strong, weak, _ in _TABLE
        for weight, words in ((2, strong), (1, weak))
        for word in _split(words)
    ]
    + [
        CueSpec(family, CueKind.PATTERN, pattern, weight)
        for family, _, _, patterns in _TABLE
        for pattern, weight in patterns
    ]
)
