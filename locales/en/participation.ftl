# Participation over time, on the decision archive.
participation-title = Participation over time
participation-by-quarter = by quarter
participation-by-month = by month
participation-group-by = Group:
participation-chart = Average turnout of the decisions of each period
participation-period = Period
participation-decisions = Decisions
participation-average = Average turnout
participation-colleges = By college
participation-college = { $name }: { $percent } % ({ $count } decision(s))
participation-none = No closed decision yet.
