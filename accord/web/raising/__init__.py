"""The raise journey: question pages whose answers live in the session, check answers, confirmation.

`journey.py` keeps the answers (server-side, keyed by a journey id; never in a URL),
`setting.py` reads what the questions are about (the partnership, its policy, agencies, people),
`steps.py` orders the pages and finds the first unanswered one, `questions.py` says what each
page asks (`forms.py`, `forms_people.py`, `dates.py`), `summary.py` lists the answers to check,
`raising.py` turns them into one call of `raise_case`, and `views.py`/`views_check.py` are the
pages (`accord/web/urls_raise.py`).
"""
