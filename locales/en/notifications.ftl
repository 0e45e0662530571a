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
notification-decision = Decision made:
notification-assembly = Assembly announced:
notification-proposal-published = New proposal:
notification-event-announced = New event:
notification-deliberation-opened = Deliberation open:
notification-vote-opened = Vote open:
notification-group-post = New post:
notification-proposal-moved = A proposal you took part in moved on:
notification-event-changed = A change to an event you registered for:
