"""The départements a departmental council covers, with their prefecture and population.

Population (thousands, INSEE estimates) weights the synthetic roll; the prefecture and its
postcodes give each synthetic doctor a real town and a postcode that belongs to it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    prefecture: str
    postcodes: tuple[str, ...]
    population: int  # thousands of inhabitants


def _codes(first: int, last: int, prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{number:02d}" for number in range(first, last + 1))


# (code, name, prefecture, postcodes separated by spaces, population in thousands)
_TABLE: tuple[tuple[str, str, str, str | tuple[str, ...], int], ...] = (
    ("01", "Ain", "Bourg-en-Bresse", "01000", 657),
    ("02", "Aisne", "Laon", "02000", 526),
    ("03", "Allier", "Moulins", "03000", 335),
    ("04", "Alpes-de-Haute-Provence", "Digne-les-Bains", "04000", 165),
    ("05", "Hautes-Alpes", "Gap", "05000", 141),
    ("06", "Alpes-Maritimes", "Nice", "06000 06100 06200 06300", 1098),
    ("07", "Ardèche", "Privas", "07000", 329),
    ("08", "Ardennes", "Charleville-Mézières", "08000", 270),
    ("09", "Ariège", "Foix", "09000", 154),
    ("10", "Aube", "Troyes", "10000", 310),
    ("11", "Aude", "Carcassonne", "11000", 375),
    ("12", "Aveyron", "Rodez", "12000", 279),
    ("13", "Bouches-du-Rhône", "Marseille", _codes(1, 16, "130"), 2049),
    ("14", "Calvados", "Caen", "14000", 697),
    ("15", "Cantal", "Aurillac", "15000", 144),
    ("16", "Charente", "Angoulême", "16000", 352),
    ("17", "Charente-Maritime", "La Rochelle", "17000", 656),
    ("18", "Cher", "Bourges", "18000", 300),
    ("19", "Corrèze", "Tulle", "19000", 240),
    ("2A", "Corse-du-Sud", "Ajaccio", "20000 20090", 160),
    ("2B", "Haute-Corse", "Bastia", "20200 20600", 182),
    ("21", "Côte-d’Or", "Dijon", "21000", 535),
    ("22", "Côtes-d’Armor", "Saint-Brieuc", "22000", 602),
    ("23", "Creuse", "Guéret", "23000", 115),
    ("24", "Dordogne", "Périgueux", "24000", 413),
    ("25", "Doubs", "Besançon", "25000", 545),
    ("26", "Drôme", "Valence", "26000", 519),
    ("27", "Eure", "Évreux", "27000", 600),
    ("28", "Eure-et-Loir", "Chartres", "28000", 431),
    ("29", "Finistère", "Quimper", "29000", 918),
    ("30", "Gard", "Nîmes", "30000 30900", 752),
    ("31", "Haute-Garonne", "Toulouse", "31000 31100 31200 31300 31400 31500", 1435),
    ("32", "Gers", "Auch", "32000", 192),
    ("33", "Gironde", "Bordeaux", "33000 33100 33200 33300 33800", 1661),
    ("34", "Hérault", "Montpellier", "34000 34070 34080 34090", 1201),
    ("35", "Ille-et-Vilaine", "Rennes", "35000 35200 35700", 1098),
    ("36", "Indre", "Châteauroux", "36000", 217),
    ("37", "Indre-et-Loire", "Tours", "37000 37100 37200", 613),
    ("38", "Isère", "Grenoble", "38000 38100", 1278),
    ("39", "Jura", "Lons-le-Saunier", "39000", 258),
    ("40", "Landes", "Mont-de-Marsan", "40000", 419),
    ("41", "Loir-et-Cher", "Blois", "41000", 328),
    ("42", "Loire", "Saint-Étienne", "42000 42100", 767),
    ("43", "Haute-Loire", "Le Puy-en-Velay", "43000", 228),
    ("44", "Loire-Atlantique", "Nantes", "44000 44100 44200 44300", 1459),
    ("45", "Loiret", "Orléans", "45000 45100", 682),
    ("46", "Lot", "Cahors", "46000", 174),
    ("47", "Lot-et-Garonne", "Agen", "47000", 332),
    ("48", "Lozère", "Mende", "48000", 76),
    ("49", "Maine-et-Loire", "Angers", "49000 49100", 821),
    ("50", "Manche", "Saint-Lô", "50000", 493),
    ("51", "Marne", "Châlons-en-Champagne", "51000", 566),
    ("52", "Haute-Marne", "Chaumont", "52000", 171),
    ("53", "Mayenne", "Laval", "53000", 307),
    ("54", "Meurthe-et-Moselle", "Nancy", "54000 54100", 730),
    ("55", "Meuse", "Bar-le-Duc", "55000", 182),
    ("56", "Morbihan", "Vannes", "56000", 761),
    ("57", "Moselle", "Metz", "57000 57050 57070", 1046),
    ("58", "Nièvre", "Nevers", "58000", 200),
    ("59", "Nord", "Lille", "59000 59160 59260 59800", 2611),
    ("60", "Oise", "Beauvais", "60000", 829),
    ("61", "Orne", "Alençon", "61000", 276),
    ("62", "Pas-de-Calais", "Arras", "62000", 1458),
    ("63", "Puy-de-Dôme", "Clermont-Ferrand", "63000 63100", 664),
    ("64", "Pyrénées-Atlantiques", "Pau", "64000", 687),
    ("65", "Hautes-Pyrénées", "Tarbes", "65000", 229),
    ("66", "Pyrénées-Orientales", "Perpignan", "66000 66100", 482),
    ("67", "Bas-Rhin", "Strasbourg", "67000 67100 67200", 1152),
    ("68", "Haut-Rhin", "Colmar", "68000", 767),
    ("69", "Rhône", "Lyon", _codes(1, 9, "690"), 1883),
    ("70", "Haute-Saône", "Vesoul", "70000", 233),
    ("71", "Saône-et-Loire", "Mâcon", "71000", 551),
    ("72", "Sarthe", "Le Mans", "72000 72100", 566),
    ("73", "Savoie", "Chambéry", "73000", 439),
    ("74", "Haute-Savoie", "Annecy", "74000", 834),
    ("75", "Paris", "Paris", _codes(1, 20, "750"), 2133),
    ("76", "Seine-Maritime", "Rouen", "76000 76100", 1255),
    ("77", "Seine-et-Marne", "Melun", "77000", 1427),
    ("78", "Yvelines", "Versailles", "78000", 1448),
    ("79", "Deux-Sèvres", "Niort", "79000", 375),
    ("80", "Somme", "Amiens", "80000 80080 80090", 568),
    ("81", "Tarn", "Albi", "81000", 390),
    ("82", "Tarn-et-Garonne", "Montauban", "82000", 261),
    ("83", "Var", "Toulon", "83000 83100 83200", 1089),
    ("84", "Vaucluse", "Avignon", "84000", 562),
    ("85", "Vendée", "La Roche-sur-Yon", "85000", 690),
    ("86", "Vienne", "Poitiers", "86000", 439),
    ("87", "Haute-Vienne", "Limoges", "87000 87100", 372),
    ("88", "Vosges", "Épinal", "88000", 361),
    ("89", "Yonne", "Auxerre", "89000", 335),
    ("90", "Territoire de Belfort", "Belfort", "90000", 141),
    ("91", "Essonne", "Évry-Courcouronnes", "91000 91080", 1306),
    ("92", "Hauts-de-Seine", "Nanterre", "92000", 1625),
    ("93", "Seine-Saint-Denis", "Bobigny", "93000", 1655),
    ("94", "Val-de-Marne", "Créteil", "94000", 1407),
    ("95", "Val-d’Oise", "Cergy", "95000 95800", 1249),
    ("971", "Guadeloupe", "Basse-Terre", "97100", 384),
    ("972", "Martinique", "Fort-de-France", "97200", 361),
    ("973", "Guyane", "Cayenne", "97300", 286),
    ("974", "La Réunion", "Saint-Denis", "97400 97490", 871),
    ("975", "Saint-Pierre-et-Miquelon", "Saint-Pierre", "97500", 6),
    ("976", "Mayotte", "Mamoudzou", "97600", 299),
)

DEPARTMENTS: tuple[Department, ...] = tuple(
    Department(
        code=code,
        name=name,
        prefecture=prefecture,
        postcodes=tuple(postcodes.split()) if isinstance(postcodes, str) else postcodes,
        population=population,
    )
    for code, name, prefecture, postcodes, population in _TABLE
)

DEPARTMENTS_BY_CODE: dict[str, Department] = {dept.code: dept for dept in DEPARTMENTS}

# The codes a doctor's departmental council may carry (01–95 with 2A/2B, 971–976).
DEPARTMENT_CODES: frozenset[str] = frozenset(DEPARTMENTS_BY_CODE)
