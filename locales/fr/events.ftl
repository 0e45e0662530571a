# Événements : listes du groupe, page d'un événement, formulaires, inscrits, « Mes événements ».
nav-my-events = Mes événements

# Les événements d'un groupe
events-heading = Événements
events-none-upcoming = Aucun événement à venir pour l'instant.
events-none-past = Aucun événement passé.
events-all-link = Tous les événements du groupe
events-more-upcoming = d'autres sont prévus
events-group-calendar = Agenda du groupe (iCalendar)
events-calendar-hint = À ajouter dans votre application d'agenda : elle suivra les nouveaux événements toute seule.
events-page-title = Événements de { $name }
events-back-to-group = Retour au groupe { $name }
events-upcoming = À venir
events-past = Passés
event-new-link = Créer un événement

# Un événement
event-online = en ligne
event-organized-on = organisé sur { $server }
event-alert = Attention : cet événement est { $name }.
event-when = Quand
event-zone = fuseau horaire { $zone }
event-repeats = Répétition
event-where = Où
event-no-place = Lieu à préciser
event-category = Type
event-status = Statut
event-registration = Inscriptions
event-members-only = Réservé aux membres du groupe.
event-deadline = Inscriptions jusqu'au { $date }.
event-seats = Places
event-capacity = { $count ->
    [one] { $count } place
   *[other] { $count } places
}
event-seats-left = { $count ->
    [0] complet
    [one] { $count } place restante
   *[other] { $count } places restantes
}
event-no-limit = Pas de limite de places.
event-participants = { $count ->
    [one] { $count } place prise
   *[other] { $count } places prises
}
event-waitlist-length = { $count ->
    [one] { $count } personne en liste d'attente
   *[other] { $count } personnes en liste d'attente
}
event-pending-count = { $count ->
    [one] { $count } demande en attente de réponse
   *[other] { $count } demandes en attente de réponse
}
event-organizers = Organisation
event-contact = Contact
event-ics-link = Ajouter à mon agenda (fichier .ics)
event-your-registration = Votre inscription
event-your-state = Votre inscription : { $name }
event-waitlist-position = vous êtes n° { $count } sur la liste d'attente
event-your-note = Votre mot aux organisateurs : « { $name } »
event-online-link = Lien pour participer en ligne :
event-online-link-hidden = Le lien pour participer en ligne s'affiche ici dès que votre place est confirmée.
event-login-to-register = Connectez-vous pour vous inscrire
event-leave = Me désinscrire
event-withdraw = Retirer ma demande
event-closed-cancelled = Cet événement est annulé : on ne peut plus s'y inscrire.
event-closed-over = Cet événement est terminé.
event-closed-deadline = Les inscriptions sont closes.
event-hint-invitation = Cet événement est sur invitation : seules les personnes invitées par l'organisation peuvent s'inscrire.
event-hint-approval = L'organisation valide chaque inscription : vous recevrez sa réponse ici.
event-hint-members-only = Réservé aux membres du groupe.
event-hint-full = C'est complet : en vous inscrivant, vous rejoignez la liste d'attente. Vous aurez une place dès qu'une se libère, dans l'ordre d'arrivée.
event-note-field = Un mot pour l'organisation (facultatif)
event-note-hint = Par exemple un besoin d'accessibilité ou un régime alimentaire.
event-register = M'inscrire
event-register-waitlist = M'inscrire sur la liste d'attente
event-organizer-tools = Pour l'organisation
event-attendees-link = Voir les inscriptions
event-edit-link = Modifier l'événement

# Mots des événements
event-category-assembly = Assemblée
event-category-drop-in = Permanence
event-category-training = Formation
event-category-meetup = Rencontre
event-category-coworking = Coworking
event-category-other = Autre
event-status-confirmed = confirmé
event-status-tentative = à confirmer
event-status-cancelled = annulé
event-status-postponed = reporté
event-join-open = Inscription libre
event-join-approval = Sur validation
event-join-invitation = Sur invitation
event-join-explain-open = chacun·e s'inscrit directement, puis rejoint la liste d'attente quand c'est complet.
event-join-explain-approval = l'organisation accepte ou refuse chaque inscription.
event-join-explain-invitation = seules les personnes invitées par l'organisation peuvent s'inscrire.
event-state-accepted = acceptée
event-state-pending = en attente de réponse
event-state-waitlisted = sur liste d'attente
event-state-rejected = refusée

# Dates, dans le fuseau horaire de l'événement
event-date = { $weekday } { $day } { $month } { $year }
event-first-day = 1er
event-time = { $hour } h { $minute }
event-date-time = { $date } à { $time }
event-when-same-day = { $date }, de { $from } à { $to }
event-when-span = du { $from } au { $to }
event-weekday-1 = lundi
event-weekday-2 = mardi
event-weekday-3 = mercredi
event-weekday-4 = jeudi
event-weekday-5 = vendredi
event-weekday-6 = samedi
event-weekday-7 = dimanche
event-month-1 = janvier
event-month-2 = février
event-month-3 = mars
event-month-4 = avril
event-month-5 = mai
event-month-6 = juin
event-month-7 = juillet
event-month-8 = août
event-month-9 = septembre
event-month-10 = octobre
event-month-11 = novembre
event-month-12 = décembre
event-recurrence-daily-1 = chaque jour
event-recurrence-daily-n = tous les { $count } jours
event-recurrence-weekly-1 = chaque semaine, le { $weekday }
event-recurrence-weekly-n = toutes les { $count } semaines, le { $weekday }
event-recurrence-monthly-1 = chaque mois, le { $day }
event-recurrence-monthly-n = tous les { $count } mois, le { $day }
event-recurrence-until = { $rule }, jusqu'au { $date }

# Le formulaire
event-new-heading = Nouvel événement dans { $name }
event-edit-heading = Modifier « { $name } »
event-form-has-errors = Le formulaire contient des erreurs : corrigez les champs signalés ci-dessous.
event-field-title = Titre
event-field-description = Description
event-field-start-date = Date de début
event-field-start-time = Heure de début
event-field-end-date = Date de fin
event-field-end-date-hint = Laissez vide si l'événement se termine le jour même.
event-field-end-time = Heure de fin
event-field-timezone = Fuseau horaire
event-field-place-name = Nom du lieu
event-field-place-address = Adresse
event-field-online-url = Lien de visioconférence
event-field-online-url-hint = Une adresse complète en https://. Seules les personnes dont la place est confirmée la verront.
event-field-capacity = Nombre de places
event-field-capacity-hint = Laissez vide s'il n'y a pas de limite.
event-field-join-mode = Mode d'inscription
event-field-members-only = Réservé aux membres du groupe
event-field-deadline-date = Date limite d'inscription
event-field-deadline-hint = Facultatif. Sans heure, les inscriptions ferment à la fin de la journée.
event-field-deadline-time = Heure limite d'inscription
event-field-repeat = Se répète
event-field-repeat-hint = Le même jour de la semaine (ou du mois) que la première séance.
event-field-interval = Tous les combien
event-field-interval-hint = 1 pour chaque semaine, 2 pour une semaine sur deux, etc.
event-field-until = Dernière séance au plus tard le
event-field-until-hint = Facultatif : laissez vide si la série continue.
event-field-status = Statut
event-field-status-hint = Annuler ou reporter l'événement le signale en tête de sa page et dans les agendas.
event-field-contact = Contact
event-field-contact-hint = Une adresse e-mail ou un téléphone pour les questions (facultatif).
event-field-organizers = Organisateurs et organisatrices
event-field-organizers-hint = Un nom par ligne : « ana » pour quelqu'un de ce nœud, ou « ana@autre.exemple ».
event-repeat-none = Ne se répète pas
event-repeat-daily = Chaque jour
event-repeat-weekly = Chaque semaine
event-repeat-monthly = Chaque mois
event-publish = Publier l'événement
event-save = Enregistrer les modifications

# Erreurs
event-error-members-only = Cet événement est réservé aux membres du groupe : rejoignez le groupe pour vous inscrire.
event-error-invitation-only = Cet événement est sur invitation : demandez à l'organisation de vous inviter.
event-error-registration-closed = La date limite d'inscription est passée.
event-error-event-cancelled = Cet événement est annulé : on ne peut plus s'y inscrire.
event-error-event-over = Cet événement est terminé.
event-error-remote-event = Cet événement est organisé sur le nœud de son groupe : c'est là-bas qu'il se gère.
event-error-not-an-organizer = Seules les personnes qui organisent l'événement et l'équipe d'animation du groupe peuvent faire cela.
event-error-not-a-moderator = Seule l'équipe d'animation du groupe peut publier ses événements.
event-error-not-a-local-group = Les événements se publient dans un groupe de ce nœud.
event-error-invalid-event = Le titre ou la description ne convient pas.
event-error-invalid-event-times = Les dates de l'événement ne vont pas ensemble.
event-error-invalid-time-zone = Choisissez un fuseau horaire dans la liste.
event-error-invalid-online-url = Le lien de visioconférence doit être une adresse complète, commençant par https://.
event-error-no-organizers = Indiquez au moins une personne qui organise.
event-error-organizer-not-a-person = Seules des personnes peuvent organiser un événement, pas des groupes.
event-error-unknown-organizer = Personne ne s'appelle « { $name } » : vérifiez le nom (ou écrivez nom@serveur).
event-error-unknown-person = Personne ne s'appelle « { $name } » : vérifiez le nom (ou écrivez nom@serveur).
event-error-date-missing = Indiquez une date et une heure.
event-error-clock-change = Cette heure n'existe pas ce jour-là (changement d'heure) : choisissez-en une autre.
event-error-title = Le titre est vide ou trop long (200 caractères au plus).
event-error-description = La description est vide ou trop longue.
event-error-capacity = Le nombre de places va de 1 à 100 000 (laissez vide pour ne pas limiter).
event-error-deadline-after-end = Les inscriptions doivent fermer avant la fin de l'événement.
event-error-recurrence = La répétition va de 1 à 52, et la dernière séance vient après la première.
event-error-too-long = Un événement dure au plus 31 jours ; pour une série, utilisez la répétition.
event-error-ends-before-start = La fin doit venir après le début.

# Les inscriptions, pour l'organisation
attendees-title = Inscriptions : { $name }
attendees-csv = Télécharger la liste (CSV, pour un tableur)
attendees-none = Personne ne s'est encore inscrit.
attendees-person = Personne
attendees-state = Inscription
attendees-note = Mot laissé
attendees-registered = Inscrite le
attendees-answer = Réponse
attendees-accept = Accepter
attendees-reject = Refuser
attendees-accept-who = Accepter { $name }
attendees-reject-who = Refuser { $name }
attendees-invite-heading = Inviter quelqu'un
attendees-invite-field = Nom ou adresse de la personne
attendees-invite-hint = « ana » pour quelqu'un de ce nœud, ou « ana@autre.exemple ».
attendees-invite = Inviter

# Mes événements
my-events-title = Mes événements
my-events-upcoming = À venir
my-events-none = Vous n'êtes inscrit·e à aucun événement à venir.
my-calendar-heading = Mon agenda privé
my-calendar-explain = Ajoutez cette adresse à votre application d'agenda (Agenda Google, Thunderbird, Calendrier d'Apple, etc., avec « s'abonner à un agenda par URL ») : vos événements y apparaîtront et s'y mettront à jour tout seuls.
my-calendar-download = Ouvrir ou télécharger l'agenda
my-calendar-private = Cette adresse est personnelle : quiconque la connaît voit la liste de vos événements. Si vous l'avez partagée par erreur, changez-la : l'ancienne cessera aussitôt de fonctionner.
my-calendar-reset = Changer l'adresse de mon agenda

# Messages après une action
notice-event-created = L'événement est publié.
notice-event-saved = Les modifications sont enregistrées.
notice-event-accepted = C'est noté : votre place est réservée.
notice-event-pending = Votre demande est envoyée : l'organisation vous répondra.
notice-event-waitlisted = C'est complet : vous êtes sur la liste d'attente.
notice-event-already-registered = Vous étiez déjà inscrit·e : rien n'a changé.
notice-event-left = Vous n'êtes plus inscrit·e à cet événement.
notice-event-attendee-accepted = L'inscription est acceptée.
notice-event-attendee-rejected = L'inscription est refusée.
notice-event-invited = L'invitation est enregistrée : la personne peut maintenant s'inscrire.
notice-calendar-reset = Votre agenda a une nouvelle adresse ; l'ancienne ne fonctionne plus.
