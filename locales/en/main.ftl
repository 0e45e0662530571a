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
error-not-a-member = Only members of the group may write in it.
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
