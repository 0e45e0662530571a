nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] { $count } notification non lue
   *[other] { $count } notifications non lues
}
notifications-title = Notifications
notifications-none = Rien de nouveau pour le moment.
notifications-new = Nouveau
notifications-mark-read = Tout marquer comme lu
notice-notifications-read = Vos notifications sont marquées comme lues.
notification-need-matches-offer = Un besoin correspond à votre offre :
notification-competence-answered = Une réponse à votre offre ou à votre besoin :
notification-decision = Décision prise :
notification-assembly = Assemblée annoncée :
notification-proposal-published = Nouvelle proposition :
notification-event-announced = Nouvel événement :
notification-deliberation-opened = Délibération ouverte :
notification-vote-opened = Vote ouvert :
notification-group-post = Nouveau message :
notification-proposal-moved = Une proposition à laquelle vous avez pris part avance :
notification-event-changed = Changement pour un événement où vous êtes inscrit·e :
