# Maillon — interface texts in English.

skip-to-content = Skip to content
nav-label = Main navigation
nav-home = Home
nav-follow = Follow a group
nav-profile = My profile
nav-settings = Settings
nav-admin = Administration
nav-logout = Log out
nav-login = Log in
nav-register = Create an account
footer-text = Maillon links cooperatives together: each branch keeps its own data, and the network grows through federation.
back-home = Back to the home page

home-title = Welcome
home-intro = The groups of this node, and what is being said in them.
home-groups = Groups
home-no-groups = No groups yet.
home-follow-other = Follow a group of another node
home-recent = Recent activity
home-no-recent = Nothing new yet.

login-title = Log in
login-submit = Log in
login-no-account = No account yet?

register-title = Create an account
register-submit = Create my account
register-closed = This node is not opening accounts at the moment. Please ask its administrator.
register-approval-intro = An administrator will review your request before you can log in.
register-invite-intro = This node creates accounts by invitation: you need the code from your invite link.

field-username = Username
field-username-hint = 1 to 30 characters: lowercase letters without accents, digits and _.
field-email = Email address (optional)
field-password = Password
field-password-hint = At least 8 characters.
field-password-again = Confirm the password
field-current-password = Current password
field-new-password = New password
field-application = A few words for the administrators (optional)
field-invite = Invite code
field-title = Title (optional)
field-content = Message
field-content-hint = You can use Markdown: **bold**, *italics*, lists, links.
field-reply = Your reply
field-handle = Group address
field-handle-hint = For example @rennes@branch.example.coop, or the group's web address.
field-display-name = Display name
field-bio = About you
field-group-name = Group identifier
field-summary = Description
field-membership = Membership
field-domain = Domain
field-reason = Reason (optional)

group-about = About
group-edit = Edit the description and rules
group-rules = Rules
group-hosted-on = hosted on { $server }
group-members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
group-moderators = Moderated by:
group-membership-open = Open membership: following the group makes you a member.
group-membership-approval = Membership on approval: the moderators accept each request.
group-membership-invite = Membership by invitation only.
group-you-are-member = You are a member of this group.
group-leave = Leave the group
group-request-pending = Your membership request is waiting for an answer.
group-cancel-request = Cancel my request
group-request-refused = Your membership request was declined.
group-join = Join the group
group-login-to-join = Log in to join this group
group-pending-requests = Pending membership requests
group-accept = Accept
group-reject = Decline
group-posts = Posts
group-no-posts = No posts in this group yet.

post-thread-title = Discussion
post-new = New post
post-publish = Publish
post-in-group = In the group
post-is-proposal = A proposal: see its process, supports and vote
post-origin = from { $server }
post-origin-hint = This post comes from another server of the fediverse.
post-replies = Replies
post-replies-count = { $count ->
    [0] No replies
    [one] One reply
   *[other] { $count } replies
}
post-reply = Reply
post-reply-link = See the discussion and reply
post-reply-submit = Send the reply
post-login-to-reply = Log in to reply

follow-title = Follow a group of another node
follow-intro = Enter the address of a group of another branch, or of any fediverse server.
follow-submit = Follow
follow-yours = What you follow
follow-state-accepted = member
follow-state-pending = waiting for an answer
follow-state-rejected = declined

profile-groups = Groups
profile-no-groups = Not a member of any group yet.

settings-title = Settings
settings-profile = Profile
settings-save = Save
settings-password = Password
settings-change-password = Change the password
settings-delete = Delete my account
settings-delete-explain = Your account will be deleted here and other servers will be told. Your name stays reserved. This cannot be undone.
settings-delete-confirm = I understand this cannot be undone.
settings-delete-submit = Delete my account for good

admin-title = Administration
admin-registration = Registrations
admin-registration-mode = Who may create an account?
admin-mode-open = Anyone
admin-mode-approval = Anyone may ask; administrators approve
admin-mode-invite = Only with an invite link
admin-mode-closed = No one (closed)
admin-pending-accounts = Account requests waiting
admin-approve = Approve
admin-new-invite = Create an invite link
admin-invite-link = Invite link (valid 7 days, single use):
admin-create-group = Create a group
admin-create-group-submit = Create the group
admin-blocked-domains = Blocked domains
admin-block = Block this domain

notice-welcome = Welcome! Your account is ready.
notice-awaiting-approval = Thank you! Your request is recorded; you can log in once it is approved.
notice-logged-out = You are logged out.
notice-joined = You are a member of the group.
notice-join-requested = Your membership request was sent.
notice-join-refused = This group only admits invited people.
notice-left = You left the group.
notice-posted = Post published.
notice-replied = Reply sent.
notice-request-accepted = Request accepted.
notice-request-rejected = Request declined.
notice-follow-sent = Request sent to the group.
notice-profile-saved = Profile saved.
notice-password-changed = Password changed. Your other sessions were closed.
notice-account-deleted = Your account is deleted.
notice-saved = Saved.
notice-group-created = Group created.
notice-domain-blocked = Domain blocked.
notice-account-approved = Account approved.

error-title = Something went wrong
error-passwords-differ = The two passwords are not the same.
error-confirm-deletion = Tick the box to confirm the deletion.
error-invalid-choice = This choice does not exist.
error-name-taken = This name is already taken.
error-invalid-username = This name does not fit: 1 to 30 characters, lowercase letters without accents, digits and _.
error-invalid-group-name = This identifier does not fit: 1 to 30 characters, lowercase letters without accents, digits and _.
error-weak-password = The password needs at least 8 characters.
error-invalid-email = This email address is not valid.
error-invalid-credentials = Wrong username or password.
error-awaiting-approval = Your account is still waiting for an administrator's approval.
error-registration-closed = This node does not accept registrations.
error-invite-required = You need an invite code to create an account here.
error-invalid-invite = This invite code is unknown, already used or expired.
error-invalid-application = This message is too long.
error-not-a-member = Only members of the group may take part in it.
error-invalid-post = The post is empty or too long.
error-wrong-password = This password is not the right one.
error-invalid-handle = This is not a group address: write it as @group@server.example.
error-invalid-display-name = The display name needs 1 to 100 characters.
error-invalid-bio = The text about you is too long.
error-invalid-domain = This is not a domain name (for example spam.example).
error-own-domain = A node cannot block itself.
error-self-follow = You cannot follow yourself.
error-not-found = This page or item does not exist.
error-forbidden = You are not allowed to do this.
error-unauthorized = Please log in first.
error-csrf = This form has expired. Reload the page and try again.
error-remote-server-error = The other server did not answer as expected. Try again later.
error-rate-limited = Too many requests at once. Wait a minute, then try again.
error-storage-unavailable = The service is briefly unavailable. Try again in a moment.
error-internal-error = An internal error happened.

# Proposals and decisions

decisions-heading = Proposals and decisions
decisions-no-processes = No process open yet.
decisions-archive-link = The group's decision archive
decisions-archive-title = Decision archive
decisions-search = Search the titles
decisions-verdict = Result
decisions-any-verdict = Any result
decisions-filter = Filter
decisions-none = No decision matches.
decisions-date = Date
decisions-process = Process
decisions-proposal = Proposal
decisions-method = Voting method
decisions-turnout = Turnout
decisions-export = Export:
decisions-college-turnout = { $name }: { $ballots } ballots out of { $electorate }
result-live-verdict = As the count stands: { $name }
vote-rule-closed = Closed on { $name }.
decisions-phase = phase: { $name }
decisions-turnout-short = { $ballots } / { $electorate } ({ $percent } %)
colleges-field-name = Name of the college
proposal-state-is = State: { $name }
proposal-author-is = Author: @{ $name }

level-information = Information
level-consultation = Consultation
level-concertation = Concertation
level-co-decision = Co-decision
level-explain-information = The group informs its members: only moderators publish, nobody votes.
level-explain-consultation = Members give their opinion; votes are advisory and the body that decides takes them into account.
level-explain-concertation = Members propose and amend; the solution is worked out together, votes stay advisory.
level-explain-co-decision = Members decide: the result of the vote is binding.

phase-not-started = The process has not started yet.
phase-proposals = Proposals
phase-deliberation = Deliberation
phase-vote = Vote
phase-result = Result

state-draft = draft
state-published = published
state-deliberation = in deliberation
state-vote = being voted on
state-accepted = accepted
state-rejected = rejected
state-withdrawn = withdrawn
state-implemented = implemented

method-majority = Majority vote
method-approval = Approval vote
method-consent = Consent decision
method-majority-judgment = Majority judgment
method-ranked = Ranked vote (Schulze method)
method-explain-majority = Each member votes for, against, or abstains on the proposal.
method-explain-approval = Each member approves as many options as they like; the most approved option wins.
method-explain-consent = The proposal passes unless a reasoned objection stands.
method-explain-majority-judgment = Each member grades every option; the best median grade wins.
method-explain-ranked = Each member ranks the options; the option preferred in all head-to-head comparisons wins.

verdict-adopted = Adopted
verdict-rejected = Rejected
verdict-winner = An option wins
verdict-tie = Tie
verdict-no-quorum = Quorum not reached: no valid result
verdict-no-result = No vote expressed: no result
verdict-winner-is = Chosen option: { $name }
verdict-tie-between = Tie between: { $name }

threshold-simple = Simple majority (more than half)
threshold-two-thirds = Two thirds (at least 2/3)
threshold-three-quarters = Three quarters (at least 3/4)
quorum-kind-none = No quorum
quorum-kind-ballots = A minimum number of ballots
quorum-kind-percent = A minimum percentage of members

process-open-title = Open a process
process-open-submit = Open the process
process-field-title = Title of the process
process-field-description = What is it about?
process-field-participation = Participation level
process-field-rule = How the decision will be made
process-field-rule-hint = In plain words, for example: "Two-thirds majority of the votes expressed, online vote open for a week."
process-field-threshold = Supports needed before the vote (optional)
process-field-threshold-hint = How many members must support a proposal before it can be put to the vote. Leave empty if none are needed.
process-field-hidden = Hide the results until the vote closes
process-field-public = Publish each voter's choice when the vote closes
process-field-phases = Calendar (optional)
process-field-phases-hint = The day each phase starts (UTC). Without dates, the process stays in its proposals phase.
process-level-heading = Participation level
process-rule-heading = How the decision is made
process-threshold-fact = { $count ->
    [one] A proposal needs one support to be put to the vote.
   *[other] A proposal needs { $count } supports to be put to the vote.
}
process-hidden-fact = Results stay hidden until the vote closes.
process-live-fact = The count is visible while the vote is open.
process-public-fact = When the vote closes, the list of voters shows each person's choice.
process-secret-fact = When the vote closes, the list of voters shows who voted, not their choice.
process-phases-heading = Calendar
process-phase-from = from { $name }
process-phase-now = current phase
process-proposals-heading = Proposals
process-no-proposals = No proposal yet.
process-login-to-propose = Log in to make a proposal
process-members-propose = Only members of the group make proposals. Join the group to take part.
process-information-only = This process informs members: only moderators publish in it.
process-not-taking-proposals = This process is not taking proposals right now.

proposal-submit-heading = Make a proposal
proposal-field-title = Title of the proposal
proposal-field-body = Text of the proposal
proposal-field-draft = Keep it as a draft (only you see it)
proposal-submit = Submit
proposal-title-column = Proposal
proposal-state-column = State
proposal-supports-column = Supports
proposal-author-column = Author
proposal-in-process = In the process
proposal-remote-origin = This proposal is decided on { $server }, its group's server: what you do from here (support, amendment, comment, vote) is sent there and counted there.
proposal-remote-link = See it on the group's server
proposal-edit = Edit the proposal
proposal-edit-submit = Save the new text
proposal-discussion-heading = Discussion
proposal-no-comments = No comment yet.
proposal-field-comment = Your comment
proposal-comment-submit = Comment
proposal-discussion-link = See the whole discussion
proposal-discussion-after-publishing = The discussion opens when the proposal is published.
notice-proposal-edited = The proposal was updated.
proposal-follow-up-heading = How it was carried out
proposal-supports-heading = Supports
proposal-supports-count = { $count ->
    [0] No support
    [one] One support
   *[other] { $count } supports
}
proposal-supports-needed = { $count ->
    [one] one support needed to go to the vote
   *[other] { $count } supports needed to go to the vote
}
proposal-threshold-reached = threshold reached
proposal-you-support = You support this proposal.
proposal-support = Support this proposal
proposal-unsupport = Withdraw my support
proposal-next-heading = Next steps
proposal-publish = Publish the proposal
proposal-to-deliberation = Open the deliberation
proposal-accept = Accept
proposal-reject = Reject
proposal-withdraw = Withdraw the proposal
proposal-field-follow-up = How the decision was carried out
proposal-implemented = Mark as implemented
proposal-votes-heading = Votes
proposal-no-votes = No vote on this proposal yet.

amendments-heading = Amendments
amendments-none = No amendment proposed.
amendment-state-pending = waiting for the author
amendment-state-accepted = accepted
amendment-state-declined = declined
amendment-accept = Accept the amendment
amendment-decline = Decline
amendment-propose-heading = Propose an amendment
amendment-field-body = Proposed new text
amendment-field-body-hint = Change the proposal's text; its author will accept or decline the change.
amendment-field-reason = Why this change (optional)
amendment-submit = Propose the amendment

vote-open-heading = Put to the vote
vote-open-submit = Open the vote
vote-field-method = Voting method
vote-field-threshold = Majority required (majority vote)
vote-field-threshold-hint = Abstentions are not part of the votes expressed.
vote-field-options = Options (approval, majority judgment, ranked)
vote-field-options-hint = One option per line: "id: label", or just the label. Ignored for majority and consent, which answer the proposal itself.
vote-field-quorum = Quorum
vote-field-quorum-kind = Kind of quorum
vote-field-quorum-value = Value (number of ballots, or percentage)
vote-field-closes = Vote closes at
vote-field-closes-hint = Date and time in UTC, for example 2027-03-01T18:00.
vote-field-count-abstentions = Count abstentions in the votes expressed (an abstention then weighs like a vote against)
vote-field-grades = Grades (majority judgment)
vote-field-grades-hint = One grade per line, the best first, from 2 to 10 grades. Leave empty for the usual seven: Excellent, Très bien, Bien, Assez bien, Passable, Insuffisant, À rejeter.
vote-field-colleges-required = Double majority: colleges that must each adopt
vote-field-colleges-required-hint = With a vote by colleges, the proposal then needs a majority in at least this many colleges as well as the weighted result. Leave empty for the weighted result alone.
error-invalid-grades = Give between 2 and 10 grades, one per line.
error-invalid-colleges-required = A double majority needs a vote by colleges and a whole number of colleges, at least 1.
vote-field-colleges = Vote by colleges, with the weights of the group's colleges
vote-heading = Vote: { $name }
vote-closes-at = open until { $name }
vote-closed-at = closed on { $name }
vote-rules-heading = The rules of this vote
vote-binding = The result is binding: this is a co-decision.
vote-advisory = The vote is advisory: it informs the body that decides.
vote-options-heading = Options
vote-rule-method = Voting method: { $name }.
vote-rule-threshold-simple = The proposal is adopted with more than half of the votes expressed.
vote-rule-threshold-two-thirds = The proposal is adopted with at least two thirds of the votes expressed.
vote-rule-threshold-more-than = The proposal is adopted with more than { $share } of the votes expressed.
vote-rule-threshold-at-least = The proposal is adopted with at least { $share } of the votes expressed.
vote-rule-abstentions-not-counted = Abstentions are counted and shown, but are not part of the votes expressed.
vote-rule-abstentions-counted = Abstentions are part of the total: they weigh like a vote against.
vote-rule-grades = Grades, best first: { $name }.
vote-rule-quorum-none = No quorum: the vote is valid whatever the number of ballots.
vote-rule-quorum-ballots = { $count ->
    [one] Quorum: at least one ballot.
   *[other] Quorum: at least { $count } ballots.
}
vote-rule-quorum-share = Quorum: at least { $share } of the electorate, that is { $required } ballots.
vote-rule-colleges = Vote by colleges (weights): { $name }.
vote-rule-colleges-required = { $count ->
    [one] Double majority: the proposal must also be adopted in at least one college.
   *[other] Double majority: the proposal must also be adopted in at least { $count } colleges.
}
vote-rule-opened = Opened on { $name }.
vote-rule-closes = Closes on { $name }.
vote-close-heading = Close the vote
vote-close-explain = Closing now counts the ballots and sets the final result (for example when the assembly ends).
vote-close-now = Close the vote now

ballot-heading = Your ballot
ballot-your-answer = Your answer
ballot-for = For
ballot-against = Against
ballot-abstain = Abstain
ballot-consent = I consent
ballot-stand-aside = I stand aside
ballot-objection = I object
ballot-objection-because = Objection: { $name }
ballot-reason = Reason for the objection
ballot-reason-hint = Required for an objection: how would the proposal harm the group?
ballot-approve-legend = Tick the options you approve
ballot-grade-legend = Give each option a grade
ballot-grade-hint = An option without a grade gets the lowest grade.
ballot-no-grade = — no grade —
ballot-rank-legend = Rank the options
ballot-rank-hint = 1 for your first choice. The same number for options you rank equal; without a number, the option comes after all the others.
ballot-no-rank = — not ranked —
ballot-submit = Vote
ballot-current = Your current ballot: { $name }
ballot-change-until = You can change your ballot until the vote closes ({ $name }); only the last one counts.
ballot-login = Log in to vote
ballot-closed = This vote is closed.
ballot-not-elector = You are not in the electorate of this vote: it is made of the group's members (in its colleges, if any) when the vote opened.
ballot-approves = Approves: { $name }
ballot-approves-nothing = Approves no option
ballot-blank = Blank ballot
ballot-graded = { $name }: { $grade }

result-final = Final result
result-live = Count so far
result-live-explain = This count is not final: it changes until the vote closes.
vote-counted-on = This vote is counted on { $server }, the group's server: your ballot is sent there, checked against the electorate, and the result comes back here when the vote closes.
result-counted-elsewhere = The result will appear here when the group's server closes the vote.
result-hidden = The results will be published when the vote closes.
result-turnout = Ballots: { $ballots } out of { $electorate } members of the electorate ({ $percent } %)
result-abstentions = { $count ->
    [one] one abstention
   *[other] { $count } abstentions
}
result-blank = { $count ->
    [one] one blank ballot
   *[other] { $count } blank ballots
}
result-replaced = { $count ->
    [one] one ballot replaced by a later ballot of the same member (counted once)
   *[other] { $count } ballots replaced by a later ballot of the same member (counted once)
}
result-quorum-met = Quorum reached: { $ballots } ballots, { $required } required.
result-quorum-not-met = Quorum not reached: { $ballots } ballots, { $required } required.
result-share-for = Share of "for" among the votes expressed: { $name }
result-weighted-share-for = Weighted share of "for": { $name }
result-answer = Answer
result-votes = Votes
result-approvals = Approvals
result-beats = Options beaten
result-bar = Chart
result-rank = { $count ->
   *[other] rank { $count }
}
result-rank-column = Rank
result-majority-grade = Majority grade
result-colleges = By college
result-electorate = Electorate
result-ballots = Ballots
result-share = % for
result-college-result = Result
result-college-adopts = adopts
result-college-rejects = rejects
result-college-silent = no vote expressed
result-pairwise = Head-to-head comparisons
result-pairwise-explain = Each cell counts the voters who prefer the row's option to the column's.
result-objections = Objections
roll-heading = Who voted
roll-empty = Nobody voted.
vote-decision-link = The published decision (every ballot counted, for a recount)
vote-decision-verify = Anyone can recount it: { $name }
roll-secret = Choices are not published: each voter can check that their ballot was counted.

colleges-heading = Colleges
colleges-explain = Colleges group members by category (employees, beneficiaries, founders…); in a vote by colleges, each weighs according to its weight.
colleges-none = This group has no colleges.
colleges-name = College
colleges-weight = Weight
colleges-weight-hint = A whole number, for example 40 for 40 %.
colleges-members = Members
colleges-manage = Manage the colleges
colleges-save = Save the college
colleges-member = Member
colleges-college = College
colleges-place = Place in the college

notice-process-opened = Process opened.
notice-proposal-published = Proposal published.
notice-draft-saved = Draft saved. Publish it when it is ready.
notice-supported = Your support is recorded.
notice-support-withdrawn = Your support is withdrawn.
notice-state-changed = The proposal changed state.
notice-amendment-proposed = Amendment proposed.
notice-amendment-accepted = Amendment accepted: the text is changed.
notice-amendment-declined = Amendment declined.
notice-vote-opened = Vote opened.
notice-ballot-cast = Your ballot is recorded.
notice-ballot-replaced = Your new ballot replaces the previous one.
notice-vote-closed = Vote closed: here is the final result.
notice-college-saved = College saved.
notice-member-placed = Member placed in the college.

error-invalid-date = This date is not valid: write it as 2027-03-01 (and 18:00 for the time).
error-invalid-number = Write a positive whole number.
error-invalid-quorum = The quorum is a positive number of ballots, or a percentage between 1 and 100.
error-not-a-moderator = Only the group's moderators may do this.
error-information-only = This process informs members: only moderators publish in it, and it holds no votes.
error-not-accepting-proposals = This process is not in its proposals phase.
error-invalid-title = The title is empty or too long (200 characters at most).
error-invalid-text = The text is empty or too long.
error-invalid-decision-rule = Say in a few words how the decision will be made.
error-invalid-phases = The phases must follow one another: proposals, deliberation, vote, result.
error-invalid-transition = The proposal cannot move to that state from where it stands, or not by you.
error-decided-by-vote = In this process a proposal is accepted or rejected by a vote.
error-state-changed = The proposal changed meanwhile: reload the page and try again.
error-follow-up-needed = Say how the decision was carried out.
error-not-open-for-support = A proposal is supported while it is published or in deliberation.
error-not-open-for-amendments = Amendments are proposed before the vote.
error-own-proposal = You are the author: edit your proposal directly rather than amending it.
error-not-the-author = Only the proposal's author accepts or declines amendments.
error-already-decided = This amendment was already accepted or declined.
error-invalid-college = A college needs a name and a whole weight between 0 and 1000.
error-unknown-option = This vote has no such option.
error-invalid-ballot = This ballot does not fit this vote: choose an answer, grades from the scale, ranks without repeats; an objection must give its reason.
error-invalid-vote-rules = These rules cannot be counted: approval, majority judgment and ranked votes need at least two options, each with its own label; colleges apply to majority votes only.
error-invalid-closing-time = The vote must close at least a minute from now, and at most a year from now.
error-remote-group = Votes are opened on the group's own node.
error-not-enough-supports = The proposal does not have enough supports yet to be put to the vote.
error-no-colleges = The group has no colleges yet: define them first.
error-unknown-college = The group has no college of that name.
error-vote-closed = This vote is closed.
error-not-in-electorate = You are not in the electorate of this vote: only members of the group when the vote opened (in its colleges, if any) may vote.
error-remote-vote = This vote is counted on the group's own node.
error-already-closed = This vote is already closed.
error-results-hidden = The results will be published when the vote closes.
error-not-a-local-group = Processes are opened in a group of this node.
error-open-a-vote = A proposal goes to the vote when a moderator opens a vote on it.
