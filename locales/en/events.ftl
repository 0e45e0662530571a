# Events: a group's lists, an event's page, the forms, the attendees, "My events".
nav-my-events = My events

# A group's events
events-heading = Events
events-none-upcoming = No upcoming events yet.
events-none-past = No past events.
events-all-link = All the group's events
events-more-upcoming = more are planned
events-group-calendar = The group's calendar (iCalendar)
events-calendar-hint = Add it to your calendar app: new events will show up there by themselves.
events-page-title = Events of { $name }
events-back-to-group = Back to the group { $name }
events-upcoming = Upcoming
events-past = Past
event-new-link = Create an event

# One event
event-online = online
event-organized-on = organized on { $server }
event-alert = Please note: this event is { $name }.
event-when = When
event-zone = time zone { $zone }
event-repeats = Repeats
event-where = Where
event-no-place = Place to be announced
event-category = Kind
event-status = Status
event-registration = Registration
event-members-only = For the group's members only.
event-deadline = Registration open until { $date }.
event-seats = Seats
event-capacity = { $count ->
    [one] { $count } seat
   *[other] { $count } seats
}
event-seats-left = { $count ->
    [0] full
    [one] { $count } seat left
   *[other] { $count } seats left
}
event-no-limit = No limit on seats.
event-participants = { $count ->
    [one] { $count } seat taken
   *[other] { $count } seats taken
}
event-waitlist-length = { $count ->
    [one] { $count } person on the waitlist
   *[other] { $count } people on the waitlist
}
event-pending-count = { $count ->
    [one] { $count } request waiting for an answer
   *[other] { $count } requests waiting for an answer
}
event-organizers = Organizers
event-contact = Contact
event-ics-link = Add to my calendar (.ics file)
event-your-registration = Your registration
event-your-state = Your registration: { $name }
event-waitlist-position = you are number { $count } on the waitlist
event-your-note = Your word to the organizers: "{ $name }"
event-online-link = Link to take part online:
event-online-link-hidden = The link to take part online shows here as soon as your seat is confirmed.
event-login-to-register = Log in to register
event-leave = Cancel my registration
event-withdraw = Withdraw my request
event-closed-cancelled = This event is cancelled: registration is closed.
event-closed-over = This event is over.
event-closed-deadline = Registration is closed.
event-hint-invitation = This event is by invitation: only people the organizers invited can register.
event-hint-approval = The organizers approve each registration: their answer will show here.
event-hint-members-only = For the group's members only.
event-hint-full = It is full: registering puts you on the waitlist. You get a seat as soon as one frees up, in order of arrival.
event-note-field = A word for the organizers (optional)
event-note-hint = For example an accessibility need or a diet.
event-register = Register
event-register-waitlist = Join the waitlist
event-organizer-tools = For the organizers
event-attendees-link = See the registrations
event-edit-link = Change the event

# Event words
event-category-assembly = Assembly
event-category-drop-in = Drop-in hours
event-category-training = Training
event-category-meetup = Meetup
event-category-coworking = Coworking
event-category-other = Other
event-status-confirmed = confirmed
event-status-tentative = to be confirmed
event-status-cancelled = cancelled
event-status-postponed = postponed
event-join-open = Open registration
event-join-approval = On approval
event-join-invitation = By invitation
event-join-explain-open = everyone registers directly, then joins the waitlist when it is full.
event-join-explain-approval = the organizers accept or refuse each registration.
event-join-explain-invitation = only people the organizers invited can register.
event-state-accepted = accepted
event-state-pending = waiting for an answer
event-state-waitlisted = on the waitlist
event-state-rejected = refused

# Dates, in the event's time zone
event-date = { $weekday } { $day } { $month } { $year }
event-first-day = 1
event-time = { $hour }:{ $minute }
event-date-time = { $date } at { $time }
event-when-same-day = { $date }, { $from } to { $to }
event-when-span = { $from } to { $to }
event-weekday-1 = Monday
event-weekday-2 = Tuesday
event-weekday-3 = Wednesday
event-weekday-4 = Thursday
event-weekday-5 = Friday
event-weekday-6 = Saturday
event-weekday-7 = Sunday
event-month-1 = January
event-month-2 = February
event-month-3 = March
event-month-4 = April
event-month-5 = May
event-month-6 = June
event-month-7 = July
event-month-8 = August
event-month-9 = September
event-month-10 = October
event-month-11 = November
event-month-12 = December
event-recurrence-daily-1 = every day
event-recurrence-daily-n = every { $count } days
event-recurrence-weekly-1 = every week, on { $weekday }
event-recurrence-weekly-n = every { $count } weeks, on { $weekday }
event-recurrence-monthly-1 = every month, on day { $day }
event-recurrence-monthly-n = every { $count } months, on day { $day }
event-recurrence-until = { $rule }, until { $date }

# The form
event-new-heading = New event in { $name }
event-edit-heading = Change "{ $name }"
event-form-has-errors = The form has errors: correct the fields marked below.
event-field-title = Title
event-field-description = Description
event-field-start-date = Start date
event-field-start-time = Start time
event-field-end-date = End date
event-field-end-date-hint = Leave empty if the event ends on the day it starts.
event-field-end-time = End time
event-field-timezone = Time zone
event-field-place-name = Name of the place
event-field-place-address = Address
event-field-online-url = Video call link
event-field-online-url-hint = A full https:// address. Only people with a confirmed seat will see it.
event-field-capacity = Number of seats
event-field-capacity-hint = Leave empty for no limit.
event-field-join-mode = How people register
event-field-members-only = For the group's members only
event-field-deadline-date = Registration deadline (date)
event-field-deadline-hint = Optional. Without a time, registration closes at the end of that day.
event-field-deadline-time = Registration deadline (time)
event-field-repeat = Repeats
event-field-repeat-hint = On the same weekday (or day of the month) as the first session.
event-field-interval = How often
event-field-interval-hint = 1 for every week, 2 for every other week, and so on.
event-field-until = Last session on or before
event-field-until-hint = Optional: leave empty if the series goes on.
event-field-status = Status
event-field-status-hint = Cancelling or postponing the event says so at the top of its page and in calendars.
event-field-contact = Contact
event-field-contact-hint = An email address or phone number for questions (optional).
event-field-organizers = Organizers
event-field-organizers-hint = One name per line: "ana" for someone on this node, or "ana@other.example".
event-repeat-none = Does not repeat
event-repeat-daily = Every day
event-repeat-weekly = Every week
event-repeat-monthly = Every month
event-publish = Publish the event
event-save = Save the changes

# Errors
event-error-members-only = This event is for the group's members: join the group to register.
event-error-invitation-only = This event is by invitation: ask the organizers to invite you.
event-error-registration-closed = The registration deadline has passed.
event-error-event-cancelled = This event is cancelled: registration is closed.
event-error-event-over = This event is over.
event-error-remote-event = This event is organized on its group's node: it is managed there.
event-error-not-an-organizer = Only the event's organizers and the group's moderators can do this.
event-error-not-a-moderator = Only the group's moderators can publish its events.
event-error-not-a-local-group = Events are published in a group of this node.
event-error-invalid-event = The title or the description does not fit.
event-error-invalid-event-times = The event's dates do not fit together.
event-error-invalid-time-zone = Choose a time zone from the list.
event-error-invalid-online-url = The video call link must be a full address starting with https://.
event-error-no-organizers = Name at least one organizer.
event-error-organizer-not-a-person = Only people can organize an event, not groups.
event-error-unknown-organizer = No one is called "{ $name }": check the name (or write name@server).
event-error-unknown-person = No one is called "{ $name }": check the name (or write name@server).
event-error-date-missing = Give a date and a time.
event-error-clock-change = This time does not exist on that day (clocks change): choose another.
event-error-title = The title is empty or too long (200 characters at most).
event-error-description = The description is empty or too long.
event-error-capacity = The number of seats goes from 1 to 100,000 (leave empty for no limit).
event-error-deadline-after-end = Registration must close before the event ends.
event-error-recurrence = The repetition goes from 1 to 52, and the last session comes after the first.
event-error-too-long = An event lasts 31 days at most; for a series, use the repetition.
event-error-ends-before-start = The end must come after the start.

# Registrations, for the organizers
attendees-title = Registrations: { $name }
attendees-csv = Download the list (CSV, for a spreadsheet)
attendees-none = No one has registered yet.
attendees-person = Person
attendees-state = Registration
attendees-note = Their word
attendees-registered = Registered on
attendees-answer = Answer
attendees-accept = Accept
attendees-reject = Refuse
attendees-accept-who = Accept { $name }
attendees-reject-who = Refuse { $name }
attendees-invite-heading = Invite someone
attendees-invite-field = The person's name or address
attendees-invite-hint = "ana" for someone on this node, or "ana@other.example".
attendees-invite = Invite

# My events
my-events-title = My events
my-events-upcoming = Upcoming
my-events-none = You are not registered for any upcoming event.
my-calendar-heading = My private calendar
my-calendar-explain = Add this address to your calendar app (Google Calendar, Thunderbird, Apple Calendar and others, with "subscribe to a calendar by URL"): your events will show up there and stay up to date by themselves.
my-calendar-download = Open or download the calendar
my-calendar-private = This address is personal: anyone who knows it sees the list of your events. If you shared it by mistake, change it: the old one stops working at once.
my-calendar-reset = Change my calendar's address

# Notices after an action
notice-event-created = The event is published.
notice-event-saved = The changes are saved.
notice-event-accepted = Done: your seat is reserved.
notice-event-pending = Your request is sent: the organizers will answer.
notice-event-waitlisted = It is full: you are on the waitlist.
notice-event-already-registered = You were already registered: nothing changed.
notice-event-left = You are no longer registered for this event.
notice-event-attendee-accepted = The registration is accepted.
notice-event-attendee-rejected = The registration is refused.
notice-event-invited = The invitation is recorded: the person can now register.
notice-calendar-reset = Your calendar has a new address; the old one no longer works.
