"""Names, specialties and streets that make a synthetic roll look like the real one.

Lists are comma-separated strings so that names with spaces ("Le Gall", "Da Silva") stay whole
and the module stays short.
"""


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# Common surnames in France, with the diversity of the roll's own.
SURNAMES = _names(
    """
    Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon,
    Michel, Lefebvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont,
    Lambert, Fontaine, Rousseau, Vincent, Muller, Lefèvre, Faure, André, Mercier, Blanc, Guérin,
    Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Garcia, Perrin, Robin, Clément,
    Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Marchand, Duval, Denis, Dumont,
    Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard, Giraud, Joly, Rivière, Lucas,
    Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, Renard, Schmitt, Roy, Leroux,
    Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine, Renaud, Dumas, Lacroix, Olivier,
    Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc, Payet, Rolland, Leclercq, Guillaume,
    Lecomte, Lopez, Jean, Dupuy, Guillot, Hubert, Berger, Carpentier, Sanchez, Dupuis, Moulin,
    Louis, Deschamps, Huet, Vasseur, Perez, Boucher, Fleury, Royer, Klein, Jacquet, Adam, Paris,
    Poirier, Marty, Aubry, Guyot, Carré, Charles, Renault, Charpentier, Ménard, Maillard, Baron,
    Bertin, Bailly, Hervé, Schneider, Fernandez, Le Gall, Collet, Léger, Bouvier, Julien,
    Prévost, Millet, Perrot, Daniel, Le Roux, Cousin, Germain, Breton, Besson, Langlois, Rémy,
    Le Goff, Pelletier, Lévêque, Perrier, Leblanc, Barré, Lebrun, Marchal, Weber, Mallet, Hamon,
    Boulanger, Jacob, Monnier, Michaud, Rodriguez, Guichard, Gillet, Étienne, Grondin, Tessier,
    Chauvin, Da Silva, Bouchet, Lemaître, Humbert, Hoarau, Barthélemy, Cordier, Lejeune,
    Nguyen, Tran, Haddad, Benali, Bensaïd, Cohen, Diallo, Traoré, Ferreira, Dos Santos, Mendes,
    Benamar, Khelifi, Mansour, Saidi, Kaci, Ndiaye, Pham, Bouzid, Hamdi, Rossi
    """
)

MALE_FIRST_NAMES = _names(
    """
    Jean, Philippe, Michel, Alain, Patrick, Nicolas, Christophe, Pierre, Christian, Éric,
    Frédéric, Laurent, Stéphane, David, Pascal, Daniel, Julien, Olivier, Thierry, Sébastien,
    Thomas, Alexandre, Jérôme, Vincent, François, Bruno, Guillaume, Jean-Pierre, Jean-Luc,
    Jean-Marc, Jean-François, Jean-Paul, Marc, Bernard, Gilles, Didier, Serge, Yves, Denis,
    Franck, Antoine, Maxime, Romain, Mathieu, Benjamin, Arnaud, Fabrice, Cédric, Sylvain, Hervé,
    Emmanuel, Xavier, Luc, Hugo, Lucas, Louis, Paul, Arthur, Clément, Quentin, Kevin, Florian,
    Jonathan, Anthony, Damien, Jérémy, Adrien, Alexis, Aurélien, Benoît, Bertrand, Cyril,
    Étienne, Fabien, Grégory, Hugues, Jacques, Joël, Karim, Mehdi, Samir, Yannick, Lionel, Loïc,
    Ludovic, Mickaël, Pierre-Yves, Raphaël, Rémi, Renaud, Samuel, Simon, Tristan, Valentin,
    Victor, Baptiste, Matthieu, Gaël, Charles, Henri, Claude, Georges, Gérard, René, Régis,
    Youssef, Minh, Amadou
    """
)

FEMALE_FIRST_NAMES = _names(
    """
    Marie, Nathalie, Isabelle, Sylvie, Catherine, Françoise, Valérie, Christine, Sandrine,
    Véronique, Stéphanie, Céline, Sophie, Aurélie, Julie, Caroline, Émilie, Camille, Laure, Anne,
    Hélène, Claire, Élodie, Audrey, Virginie, Delphine, Karine, Laurence, Florence, Corinne,
    Pascale, Martine, Brigitte, Agnès, Béatrice, Cécile, Chantal, Danielle, Emmanuelle, Fabienne,
    Geneviève, Marion, Mathilde, Pauline, Charlotte, Lucie, Manon, Léa, Chloé, Sarah, Laura,
    Marine, Clémence, Juliette, Alice, Inès, Anaïs, Amélie, Margaux, Justine, Océane, Morgane,
    Élise, Jeanne, Louise, Anne-Sophie, Anne-Laure, Marie-Claire, Marie-Christine, Marie-Hélène,
    Nadia, Samia, Leïla, Yasmine, Myriam, Vanessa, Mélanie, Coralie, Estelle, Gaëlle, Ingrid,
    Joëlle, Magali, Muriel, Nadège, Patricia, Sabine, Séverine, Solène, Sonia, Victoria, Adèle,
    Agathe, Héloïse, Gabrielle, Constance, Diane, Eva, Noémie, Ophélie, Perrine, Fatoumata,
    Linh, Salomé
    """
)

# Specialties as the roll names them, with their approximate share of registered doctors (%).
SPECIALTIES: tuple[tuple[str, float], ...] = (
    ("Médecine générale", 45.0),
    ("Psychiatrie", 5.5),
    ("Anesthésie-réanimation", 4.5),
    ("Radiologie et imagerie médicale", 3.8),
    ("Pédiatrie", 3.5),
    ("Cardiologie et maladies vasculaires", 3.2),
    ("Ophtalmologie", 2.6),
    ("Gynécologie-obstétrique", 2.6),
    ("Médecine d'urgence", 2.5),
    ("Médecine du travail", 1.8),
    ("Dermatologie et vénéréologie", 1.6),
    ("Gastro-entérologie et hépatologie", 1.6),
    ("Chirurgie orthopédique et traumatologique", 1.6),
    ("Pneumologie", 1.4),
    ("Oto-rhino-laryngologie et chirurgie cervico-faciale", 1.4),
    ("Rhumatologie", 1.2),
    ("Neurologie", 1.2),
    ("Biologie médicale", 1.2),
    ("Chirurgie viscérale et digestive", 1.2),
    ("Médecine interne et immunologie clinique", 1.1),
    ("Endocrinologie, diabétologie et nutrition", 1.0),
    ("Gériatrie", 1.0),
    ("Néphrologie", 0.9),
    ("Gynécologie médicale", 0.8),
    ("Médecine physique et de réadaptation", 0.8),
    ("Anatomie et cytologie pathologiques", 0.6),
    ("Santé publique", 0.6),
    ("Urologie", 0.6),
    ("Oncologie médicale", 0.5),
    ("Médecine vasculaire", 0.5),
    ("Médecine intensive-réanimation", 0.5),
    ("Pédopsychiatrie", 0.5),
    ("Hématologie", 0.4),
    ("Oncologie radiothérapique", 0.4),
    ("Chirurgie plastique, reconstructrice et esthétique", 0.4),
    ("Médecine nucléaire", 0.3),
    ("Maladies infectieuses et tropicales", 0.3),
    ("Chirurgie maxillo-faciale", 0.3),
    ("Neurochirurgie", 0.2),
    ("Chirurgie vasculaire", 0.2),
    ("Chirurgie thoracique et cardiovasculaire", 0.2),
    ("Chirurgie pédiatrique", 0.2),
    ("Médecine légale et expertises médicales", 0.2),
    ("Allergologie", 0.2),
    ("Génétique médicale", 0.1),
)

STREET_KINDS = ("rue", "rue", "rue", "avenue", "boulevard", "place", "allée", "quai", "cours")

STREET_NAMES = _names(
    """
    Victor Hugo, Jean Jaurès, Pasteur, de la République, Gambetta, du Général de Gaulle,
    Jules Ferry, de la Gare, Carnot, Voltaire, Émile Zola, Georges Clemenceau, Jean Moulin,
    Foch, de la Liberté, des Écoles, Anatole France, Paul Bert, Aristide Briand, de Verdun,
    du Maréchal Leclerc, d'Alsace-Lorraine, des Tilleuls, de Strasbourg, Saint-Martin,
    du Docteur Schweitzer, Albert Camus, de la Paix, Molière, Marcel Pagnol, des Lilas,
    du Château, Lamartine, du 8 Mai 1945, du 11 Novembre, Simone Veil, Marie Curie,
    Louise Michel, Jean de La Fontaine, des Acacias
    """
)
