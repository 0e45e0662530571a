# Search page (/search)
nav-search = Search
search-title = Search
search-intro = Proposals, decisions, events, competences and posts of this node and of the groups it follows on other nodes. Accents and capitals do not matter.
search-words = Words
search-type = Type
search-type-all = Everything
search-type-proposal = Proposal
search-type-decision = Decision
search-type-event = Event
search-type-competence = Competence
search-type-post = Post
search-group = Group
search-group-hint = the group's name, or name@node
search-origin = Node of origin
search-origin-hint = for example coop.example
search-from = From
search-to = To
search-submit = Search
search-results-count = { $count ->
    [0] No results
    [one] 1 result
   *[other] { $count } results
}
search-by-type = By type:
search-none = Nothing matches this search. Try fewer words or other filters.
search-in-group = in { $name }
search-from-node = from { $server }
search-open-origin = see it on its node
search-pages = Result pages
search-previous = Previous results
search-next = Next results
search-error-too-long = A search is at most 200 characters.
search-error-no-words = No word to search for: use words of three letters or more, other than "the", "and"…
search-error-type = Choose a type from the list.
search-error-group = This group is not known here: write its name, or name@node for a group followed on another node.
search-error-origin = The node of origin is a host name, for example coop.example or localhost:8080.
search-error-date = Dates are written YYYY-MM-DD.
search-error-dates = The start date comes after the end date.
search-error-other = This search could not be made.
