# Search page (/search)
nav-search = Rechercher
search-title = Rechercher
search-intro = Propositions, décisions, événements, compétences et messages de ce nœud et des groupes suivis sur d'autres nœuds. Les accents et les majuscules ne comptent pas.
search-words = Mots
search-type = Type
search-type-all = Tout
search-type-proposal = Proposition
search-type-decision = Décision
search-type-event = Événement
search-type-competence = Compétence
search-type-post = Message
search-group = Groupe
search-group-hint = nom du groupe, ou nom@nœud
search-origin = Nœud d'origine
search-origin-hint = par exemple coop.example
search-from = Du
search-to = Au
search-submit = Rechercher
search-results-count = { $count ->
    [0] Aucun résultat
    [one] 1 résultat
   *[other] { $count } résultats
}
search-by-type = Par type :
search-none = Rien ne correspond à cette recherche. Essayez moins de mots ou d'autres filtres.
search-in-group = dans { $name }
search-from-node = venu de { $server }
search-open-origin = voir sur son nœud
search-pages = Pages de résultats
search-previous = Résultats précédents
search-next = Résultats suivants
search-error-too-long = La recherche fait au plus 200 caractères.
search-error-no-words = Aucun mot à chercher : utilisez des mots d'au moins trois lettres, autres que « le », « les », « des »…
search-error-type = Choisissez un type dans la liste.
search-error-group = Ce groupe n'est pas connu ici : écrivez son nom, ou nom@nœud pour un groupe suivi sur un autre nœud.
search-error-origin = Le nœud d'origine est un nom d'hôte, par exemple coop.example ou localhost:8080.
search-error-date = Les dates s'écrivent AAAA-MM-JJ.
search-error-dates = La date de début vient après la date de fin.
search-error-other = Cette recherche n'a pas pu être faite.
