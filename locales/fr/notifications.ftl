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
