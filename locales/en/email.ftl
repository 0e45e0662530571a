# Email digests (service::digests, email::digest) and the email address in the settings.
email-digest-subject-daily = Your daily news from { $server }
email-digest-subject-weekly = Your weekly news from { $server }
email-digest-greeting = Hello { $name },
email-digest-intro = { $count ->
    [one] here is the news from your groups since your last digest.
   *[other] here are { $count } pieces of news from your groups since your last digest.
}
email-digest-group-page = Group page
email-digest-footer = You receive this email because you chose an email digest for these groups. To change it, open the group's page, "What I receive from this group".
email-digest-settings = Your settings
email-kind-decision = Decision
email-kind-assembly = General assembly
email-kind-proposal-published = New proposal
email-kind-event-announced = New event
email-kind-deliberation-opened = Deliberation opened
email-kind-vote-opened = Vote opened
email-kind-group-post = New post
email-kind-proposal-moved = Proposal moved on
email-kind-event-changed = Event changed
email-kind-other = News
settings-email = Email address
settings-email-explain = Email digests of your groups' news are sent to this address. Leave it empty to remove it.
settings-email-field = Email address
settings-email-save = Save the address
notice-email-saved = Your email address is saved.
involvement-email-missing = Email digests go to your email address: set one in your settings first.
involvement-email-settings-link = Set my email address
error-email-missing = Set your email address in your settings before choosing an email digest.
notice-email-needed = Email digests go to your email address: set it here, then choose again on the group page.
