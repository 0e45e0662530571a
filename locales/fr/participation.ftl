# Participation dans le temps, sur l'archive des décisions.
participation-title = Participation dans le temps
participation-by-quarter = par trimestre
participation-by-month = par mois
participation-group-by = Regrouper :
participation-chart = Participation moyenne aux décisions de chaque période
participation-period = Période
participation-decisions = Décisions
participation-average = Participation moyenne
participation-colleges = Par collège
participation-college = { $name } : { $percent } % ({ $count } décision(s))
participation-none = Aucune décision close pour l'instant.
