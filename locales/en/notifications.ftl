nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] { $count } unread notification
   *[other] { $count } unread notifications
}
notifications-title = Notifications
notifications-none = Nothing new for now.
notifications-new = New
notifications-mark-read = Mark all as read
notice-notifications-read = Your notifications are marked as read.
notification-need-matches-offer = A need matches your offer:
notification-competence-answered = An answer to your offer or need:
