# Competence sharing: a group's offers and needs, their page and forms, the directory of
# resource people, "My competences".
nav-my-competences = My competences

# On the group page and the group's list
competences-heading = Offers and needs
competences-intro = Offer a hand, a training, some mentoring, or say what you are missing: the node suggests who can help.
competences-link = See the group's offers and needs
competences-page-title = Offers and needs of { $name }
competences-filter-kind = Show
competences-filter-both = Offers and needs
competences-filter-offers = Offers only
competences-filter-needs = Needs only
competences-filter-show = State
competences-filter-open = Open only
competences-filter-all = All, closed and resolved too
competences-filter-apply = Filter
competences-found = { $count ->
    [0] No results
    [one] { $count } result
   *[other] { $count } results
}
competences-none = Nothing here yet.

# An offer or a need
competence-kind-offer = Offer
competence-kind-need = Need
competence-form-mentoring = Mentoring
competence-form-training = Training
competence-form-a-hand = A hand
competence-form-coworking = Co-working
competence-form-question = Question
competence-mode-online = Online
competence-mode-in-person = In person
competence-mode-either = Online or in person
competence-terms-free = Free
competence-terms-exchange = In exchange
competence-terms-paid = Paid
competence-state-open = Open
competence-state-closed = Closed
competence-state-resolved = Resolved
competence-skills = Skills
competence-skills-label = Skills:
competence-no-skills = None given
competence-by-on = by { $name }, on { $date }
competence-until = until { $date }
competence-from-node = posted on { $server }
competence-state = State
competence-where = Where
competence-author = Author
competence-published = Posted on
competence-updated = changed on { $date }
competence-tools = Manage
competence-edit-link = Change
competence-set-closed = Close
competence-set-open = Reopen
competence-set-resolved = Mark as resolved
competence-schedule = Schedule a session
competence-schedule-hint = Opens the group's event form, filled in.
competence-schedule-source = From { $name }
competence-matches = Who can help
competence-matches-hint = Best suggestions first: skills in common, words in common, same place.
competence-matching-offers = Matching offers
competence-matching-people = Resource people
competence-no-matching-offers = No offer matches yet.
competence-no-matching-people = No resource person matches yet.
competence-why = Why:
competence-why-skills = skills in common
competence-why-words = words in common
competence-why-place = same place

post-is-competence = An offer or a need: see its page, who can help, and the answers

# The form
competence-new-offer = Make an offer
competence-new-need = Post a need
competence-new-offer-heading = New offer in { $name }
competence-new-need-heading = New need in { $name }
competence-edit-heading = Change "{ $name }"
competence-form-has-errors = The form has errors: correct the fields shown. Nothing was saved.
competence-field-kind = This is
competence-field-title = Title
competence-field-title-hint = In a few words: "Reviewing bylaws", "Help with invoicing".
competence-field-description = Description
competence-field-skills = Skills
competence-field-skills-hint = Tick the categories that fit, and add your own tags if needed.
competence-field-tags = Other tags, separated by commas
competence-field-form = Form
competence-field-mode = Online or in person
competence-field-place = Place
competence-field-place-hint = A town or a neighbourhood; needed to meet in person.
competence-field-availability = Availability
competence-field-availability-hint = For example: Tuesday evenings, two hours a month.
competence-field-terms = Terms
competence-field-expires = Until
competence-field-expires-hint = Optional; within a year at most.
competence-publish = Publish
competence-save = Save changes

# Refusals
competence-error-title-missing = Give a title.
competence-error-title-long = The title has at most 200 characters.
competence-error-invalid-competence = The title or the description does not fit (empty or too long).
competence-error-invalid-skill = A tag does not fit: letters or digits, 40 characters at most, 10 skills at most.
competence-error-place-required = Say where to meet for help in person.
competence-error-invalid-expiry = The end date must be in the future, within a year.
competence-error-not-a-local-group = Offers and needs are posted in a group of this node for now.
competence-error-not-the-author = Only its author may change an offer or a need.
competence-error-remote-competence = This offer or need is changed on its author's node.
competence-error-not-a-need = Only a need has an answer that helped.
competence-error-unknown-post = The answer that helped must be a reply in the discussion of this need.

# Directory of resource people
people-title = Resource people
people-group-title = Resource people of { $name }
people-link = The group's resource people
people-whole-node = The whole node
people-intro = Members who chose to list their skills, as far as you may see them.
people-filter-skill = Skill
people-found = { $count ->
    [0] No one
    [one] { $count } person
   *[other] { $count } people
}
people-none = No one matches yet.
people-from-node = member of { $server }

# My competences
my-competences-title = My competences
my-competences-link = My competence profile
my-competences-listed = You are listed in the directory of resource people.
my-competences-not-listed = You are not listed in the directory of resource people.
my-competences-intro = Say what you know how to do so that members with a need find you. You choose who sees your profile, and you can remove it at any time.
my-competences-skills-hint = Tick at least one skill to be listed in the directory.
my-competences-visibility = Who sees my profile
my-competences-save = Save
my-competences-opt-in = List me in the directory
my-competences-opt-out = Remove me from the directory
my-competences-settings-hint = Your skills, to be listed in the directory of resource people:
competence-visibility-public = Everyone
competence-visibility-network = The network
competence-visibility-group = My groups
competence-visibility-explain-public = visitors without an account too.
competence-visibility-explain-network = people signed in on this node.
competence-visibility-explain-group = only members of the groups I belong to.

# Notices after an action
notice-competence-created = Published.
notice-competence-saved = Changes saved.
notice-competence-closed = Closed: no longer among the open offers and needs.
notice-competence-reopened = Reopened.
notice-competence-resolved = Marked as resolved.
notice-competence-profile-saved = Your competence profile is saved.
notice-competence-profile-removed = You are no longer listed in the directory.

# Replies and "this helped"
competence-replies-count = { $count ->
    [0] No replies yet
    [one] { $count } reply
   *[other] { $count } replies
}
competence-reply-heading = Reply
competence-reply-members-only = Only members of the group can reply here.
competence-whole-thread = See the whole discussion
competence-mark-helpful = This reply helped me
competence-helpful-badge = The answer that helped
competence-helped-by = Resolved thanks to the reply of { $name }.
competence-see-answer = See the answer
notice-competence-helpful = Thank you! The need is marked as resolved.
