"""The raise journey's URLs (question pages, check answers, confirmation).

The journey's id travels in the query string (`?journey=...`); its answers stay in the session.
Nothing about the child is ever in a URL.
"""

from django.urls import URLPattern, path

from .raising import views, views_check

QUESTIONS = [
    ("partnership/", "partnership"),
    ("exception/", "exception"),
    ("immediate-risk/", "immediate-risk"),
    ("starting-stage/", "starting-stage"),
    ("about/", "about"),
    ("person/", "person"),
    ("pattern/", "pattern"),
    ("concern-identified/", "concern"),
    ("decision/", "decision"),
    ("outcome/", "outcome"),
    ("other-agency-kind/", "agency-kind"),
    ("other-agency/", "agency"),
    ("counterpart/", "counterpart"),
    ("your-side/", "raising-holder"),
    ("theme/", "theme"),
    ("questions/", "facts"),
]

urlpatterns: list[URLPattern] = [
    path("", views.start, name="raise-start"),
    *[
        path(route, views.question, {"step": step}, name=f"raise-{step}")
        for route, step in QUESTIONS
    ],
    path("another-route/", views.route, name="raise-route"),
    path("check/", views_check.check, name="raise-check"),
    path("raised/", views_check.done, name="raise-done"),
]
