# Partage de compétences : offres et besoins d'un groupe, leur page et leurs formulaires,
# l'annuaire des personnes ressources, « Mes compétences ».
nav-my-competences = Mes compétences

# Sur la page du groupe et la liste du groupe
competences-heading = Offres et besoins
competences-intro = Proposez un coup de main, une formation, un mentorat, ou dites ce qui vous manque : le nœud suggère les personnes qui peuvent aider.
competences-link = Voir les offres et les besoins du groupe
competences-page-title = Offres et besoins de { $name }
competences-filter-kind = Afficher
competences-filter-both = Offres et besoins
competences-filter-offers = Offres seulement
competences-filter-needs = Besoins seulement
competences-filter-show = État
competences-filter-open = Ouverts seulement
competences-filter-all = Tous, y compris fermés et résolus
competences-filter-apply = Filtrer
competences-found = { $count ->
    [0] Aucun résultat
    [one] { $count } résultat
   *[other] { $count } résultats
}
competences-none = Rien ici pour l'instant.

# Une offre ou un besoin
competence-kind-offer = Offre
competence-kind-need = Besoin
competence-form-mentoring = Mentorat
competence-form-training = Formation
competence-form-a-hand = Coup de main
competence-form-coworking = Coworking
competence-form-question = Question
competence-mode-online = En ligne
competence-mode-in-person = En personne
competence-mode-either = En ligne ou en personne
competence-terms-free = Gratuit
competence-terms-exchange = En échange
competence-terms-paid = Payant
competence-state-open = Ouvert
competence-state-closed = Fermé
competence-state-resolved = Résolu
competence-skills = Compétences
competence-skills-label = Compétences :
competence-no-skills = Aucune précisée
competence-by-on = par { $name }, le { $date }
competence-until = jusqu'au { $date }
competence-from-node = publié sur { $server }
competence-state = État
competence-where = Où
competence-author = Auteur ou autrice
competence-published = Publié le
competence-updated = modifié le { $date }
competence-tools = Gérer
competence-edit-link = Modifier
competence-set-closed = Fermer
competence-set-open = Rouvrir
competence-set-resolved = Marquer comme résolu
competence-schedule = Planifier une séance
competence-schedule-hint = Ouvre le formulaire d'événement du groupe, prérempli.
competence-schedule-source = D'après { $name }
competence-matches = Qui peut aider
competence-matches-hint = Les meilleures suggestions d'abord : compétences en commun, mots en commun, même lieu.
competence-matching-offers = Offres correspondantes
competence-matching-people = Personnes ressources
competence-no-matching-offers = Aucune offre ne correspond pour l'instant.
competence-no-matching-people = Aucune personne ressource ne correspond pour l'instant.
competence-why = Pourquoi :
competence-why-skills = compétences en commun
competence-why-words = mots en commun
competence-why-place = même lieu

post-is-competence = Une offre ou un besoin : voir sa page, qui peut aider et les réponses

# Le formulaire
competence-new-offer = Proposer une offre
competence-new-need = Exprimer un besoin
competence-new-offer-heading = Nouvelle offre dans { $name }
competence-new-need-heading = Nouveau besoin dans { $name }
competence-edit-heading = Modifier « { $name } »
competence-form-has-errors = Le formulaire contient des erreurs : corrigez les champs indiqués. Rien n'a été enregistré.
competence-field-kind = C'est
competence-field-title = Titre
competence-field-title-hint = En quelques mots : « Relecture de statuts », « Besoin d'aide pour la facturation ».
competence-field-description = Description
competence-field-skills = Compétences
competence-field-skills-hint = Cochez les catégories qui conviennent, et ajoutez si besoin vos propres mots-clés.
competence-field-tags = Autres mots-clés, séparés par des virgules
competence-field-form = Forme
competence-field-mode = En ligne ou en personne
competence-field-place = Lieu
competence-field-place-hint = Une ville ou un quartier ; nécessaire pour une rencontre en personne.
competence-field-availability = Disponibilités
competence-field-availability-hint = Par exemple : le mardi soir, deux heures par mois.
competence-field-terms = Conditions
competence-field-expires = Jusqu'au
competence-field-expires-hint = Facultatif ; au plus dans un an.
competence-publish = Publier
competence-save = Enregistrer les modifications

# Refus
competence-error-title-missing = Donnez un titre.
competence-error-title-long = Le titre compte au plus 200 caractères.
competence-error-invalid-competence = Le titre ou la description ne conviennent pas (vides ou trop longs).
competence-error-invalid-skill = Un mot-clé ne convient pas : lettres ou chiffres, 40 caractères au plus, 10 compétences au plus.
competence-error-place-required = Indiquez où vous retrouver pour une rencontre en personne.
competence-error-invalid-expiry = La date de fin doit être dans le futur, dans moins d'un an.
competence-error-not-a-local-group = Les offres et les besoins se publient pour l'instant dans un groupe de ce nœud.
competence-error-not-the-author = Seul son auteur ou son autrice peut modifier une offre ou un besoin.
competence-error-remote-competence = Cette offre ou ce besoin se modifie sur le nœud de son auteur.
competence-error-not-a-need = Seul un besoin a une réponse qui a aidé.
competence-error-unknown-post = La réponse qui a aidé doit être une réponse dans la discussion de ce besoin.

# Annuaire des personnes ressources
people-title = Personnes ressources
people-group-title = Personnes ressources de { $name }
people-link = Personnes ressources du groupe
people-whole-node = Tout le nœud
people-intro = Les membres qui ont choisi d'indiquer leurs compétences, tels que vous avez le droit de les voir.
people-filter-skill = Compétence
people-found = { $count ->
    [0] Personne
    [one] { $count } personne
   *[other] { $count } personnes
}
people-none = Personne ne correspond pour l'instant.
people-from-node = membre de { $server }

# Mes compétences
my-competences-title = Mes compétences
my-competences-link = Mon profil de compétences
my-competences-listed = Vous figurez dans l'annuaire des personnes ressources.
my-competences-not-listed = Vous ne figurez pas dans l'annuaire des personnes ressources.
my-competences-intro = Indiquez ce que vous savez faire pour que les membres qui ont un besoin vous trouvent. Vous choisissez qui voit votre profil, et vous pouvez le retirer à tout moment.
my-competences-skills-hint = Cochez au moins une compétence pour figurer dans l'annuaire.
my-competences-visibility = Qui voit mon profil
my-competences-save = Enregistrer
my-competences-opt-in = Figurer dans l'annuaire
my-competences-opt-out = Me retirer de l'annuaire
my-competences-settings-hint = Vos compétences, pour figurer dans l'annuaire des personnes ressources :
competence-visibility-public = Tout le monde
competence-visibility-network = Le réseau
competence-visibility-group = Mes groupes
competence-visibility-explain-public = même les visiteurs sans compte.
competence-visibility-explain-network = les personnes connectées à ce nœud.
competence-visibility-explain-group = seulement les membres des groupes dont je fais partie.

# Avis après une action
notice-competence-created = C'est publié.
notice-competence-saved = Modifications enregistrées.
notice-competence-closed = Fermé : n'apparaît plus parmi les offres et besoins ouverts.
notice-competence-reopened = Rouvert.
notice-competence-resolved = Marqué comme résolu.
notice-competence-profile-saved = Votre profil de compétences est enregistré.
notice-competence-profile-removed = Vous ne figurez plus dans l'annuaire.

# Réponses et « ça m'a aidé »
competence-replies-count = { $count ->
    [0] Aucune réponse pour l'instant
    [one] { $count } réponse
   *[other] { $count } réponses
}
competence-reply-heading = Répondre
competence-reply-members-only = Seuls les membres du groupe peuvent répondre ici.
competence-whole-thread = Voir la discussion complète
competence-mark-helpful = Cette réponse m'a aidé
competence-helpful-badge = La réponse qui a aidé
competence-helped-by = Résolu grâce à la réponse de { $name }.
competence-see-answer = Voir la réponse
notice-competence-helpful = Merci ! Le besoin est marqué comme résolu.
