# The aggregator: search facets, the network calendar (/calendar), the directory's filters
# and the admin's aggregation page (/admin/aggregation)
search-by-group = By group:
search-by-origin = By node:
nav-calendar = Calendar
calendar-title = Network calendar
calendar-intro = Upcoming events of the groups of this node and of the groups it follows on other nodes, day by day. Each one links to its page on its own node.
calendar-category = Kind of event
calendar-all-categories = All kinds
calendar-submit = Show
calendar-clear = Show everything
calendar-subscribe = Subscribe to this calendar (iCalendar)
calendar-count = { $count ->
    [0] No events
    [one] 1 event
   *[other] { $count } events
}
calendar-none = No event in these days. Try other dates or fewer filters.
calendar-only-group = only this group
calendar-only-origin = only this node
calendar-error-date = Dates are written YYYY-MM-DD.
calendar-error-dates = The start date comes after the end date.
calendar-error-range = Show at most one year at a time.
calendar-error-category = Choose a kind of event from the list.
calendar-error-other = This calendar could not be shown.
people-filter-group = Group
people-filter-origin = Node
aggregation-title = Aggregated groups
aggregation-intro = This node follows these groups of other nodes to bring their proposals, decisions, events, competences and posts into its search, its calendar and its directory. It follows them as a node, not as a member: it never votes, never registers and is not counted among their members. Groups that approve their members wait for a moderator's answer.
aggregation-add = Add groups
aggregation-handles = Handles of groups
aggregation-handles-hint = One or more, separated by spaces or lines, for example @rennes@coop.example
aggregation-add-submit = Follow these groups
aggregation-list = Followed groups
aggregation-none = This node aggregates no group yet.
aggregation-group = Group
aggregation-state = State
aggregation-last = Last activity received
aggregation-remove = Remove
aggregation-remove-one = Stop following { $name }
aggregation-state-accepted = accepted
aggregation-state-pending = waiting for the group
aggregation-state-rejected = refused by the group
aggregation-never = nothing received yet
aggregation-error-missing = Write the handle of at least one group.
aggregation-error-too-many = At most 100 groups at once.
aggregation-error-invalid = A handle is written @name@node, for example @rennes@coop.example. Nothing was added.
aggregation-error-unknown = One of these handles was not found. Nothing was added.
aggregation-error-not-group = One of these handles is a person, not a group. Nothing was added.
aggregation-error-local = One of these groups is on this node: its content is already in the search. Nothing was added.
aggregation-error-other = These groups could not be added; try again later.
notice-aggregation-added = Follow requests sent; each group answers in its own time.
notice-aggregation-removed = This group is no longer followed. What it sent stays searchable.
