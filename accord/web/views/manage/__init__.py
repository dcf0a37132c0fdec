"""The administration pages under /manage/: a partnership administrator's agencies, people,
staff roles and imports, scoped to the partnerships they administer. They show no case data.

Every page asks `accord.cases.access` (which re-exports `accord.accounts.scope`); every change
goes through `accord.accounts.actions`.
"""
