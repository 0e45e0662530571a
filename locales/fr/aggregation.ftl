# L'agrégateur : facettes de la recherche, agenda du réseau (/calendar), filtres de l'annuaire
# et page d'agrégation de l'admin (/admin/aggregation)
search-by-group = Par groupe :
search-by-origin = Par nœud :
nav-calendar = Agenda
calendar-title = Agenda du réseau
calendar-intro = Les prochains événements des groupes de ce nœud et des groupes qu'il suit sur d'autres nœuds, jour par jour. Chacun mène à sa page sur son propre nœud.
calendar-category = Type d'événement
calendar-all-categories = Tous les types
calendar-submit = Afficher
calendar-clear = Tout afficher
calendar-subscribe = S'abonner à cet agenda (iCalendar)
calendar-count = { $count ->
    [0] Aucun événement
    [one] 1 événement
   *[other] { $count } événements
}
calendar-none = Aucun événement ces jours-là. Essayez d'autres dates ou moins de filtres.
calendar-only-group = ce groupe seulement
calendar-only-origin = ce nœud seulement
calendar-error-date = Les dates s'écrivent AAAA-MM-JJ.
calendar-error-dates = La date de début vient après la date de fin.
calendar-error-range = Affichez au plus une année à la fois.
calendar-error-category = Choisissez un type d'événement dans la liste.
calendar-error-other = Cet agenda n'a pas pu être affiché.
people-filter-group = Groupe
people-filter-origin = Nœud
aggregation-title = Groupes agrégés
aggregation-intro = Ce nœud suit ces groupes d'autres nœuds pour réunir leurs propositions, décisions, événements, compétences et messages dans sa recherche, son agenda et son annuaire. Il les suit en tant que nœud, pas en tant que membre : il ne vote pas, ne s'inscrit pas et ne compte pas parmi leurs membres. Les groupes sur validation attendent la réponse d'un modérateur.
aggregation-add = Ajouter des groupes
aggregation-handles = Adresses des groupes
aggregation-handles-hint = Une ou plusieurs, séparées par des espaces ou des lignes, par exemple @rennes@coop.example
aggregation-add-submit = Suivre ces groupes
aggregation-list = Groupes suivis
aggregation-none = Ce nœud n'agrège encore aucun groupe.
aggregation-group = Groupe
aggregation-state = État
aggregation-last = Dernière activité reçue
aggregation-remove = Retirer
aggregation-remove-one = Ne plus suivre { $name }
aggregation-state-accepted = accepté
aggregation-state-pending = en attente du groupe
aggregation-state-rejected = refusé par le groupe
aggregation-never = rien reçu pour l'instant
aggregation-error-missing = Écrivez l'adresse d'au moins un groupe.
aggregation-error-too-many = Au plus 100 groupes à la fois.
aggregation-error-invalid = Une adresse s'écrit @nom@nœud, par exemple @rennes@coop.example. Rien n'a été ajouté.
aggregation-error-unknown = L'une de ces adresses est introuvable. Rien n'a été ajouté.
aggregation-error-not-group = L'une de ces adresses est une personne, pas un groupe. Rien n'a été ajouté.
aggregation-error-local = L'un de ces groupes est sur ce nœud : son contenu est déjà dans la recherche. Rien n'a été ajouté.
aggregation-error-other = Ces groupes n'ont pas pu être ajoutés ; réessayez plus tard.
notice-aggregation-added = Demandes de suivi envoyées ; chaque groupe répond à son rythme.
notice-aggregation-removed = Ce groupe n'est plus suivi. Ce qu'il a envoyé reste dans la recherche.
