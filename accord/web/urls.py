"""The pages' URLs. References only: never a child's name or anything identifying in a URL."""

from allauth.account import views as account
from django.urls import include, path
from django.views.generic import RedirectView

from . import languages
from .operations import metrics
from .signin import views as signin
from .views import health, notifications

app_name = "web"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="web:case-list"), name="home"),
    # allauth's sign-in and sign-out (accord/web/signin/urls.py has them as account_login/_logout)
    path("sign-in/", account.login, name="sign-in"),
    path("sign-out/", account.logout, name="sign-out"),
    path("sign-in/organisation/", signin.organisation_sign_in, name="sign-in-organisation"),
    path("session/ended/", signin.session_ended, name="session-ended"),
    path("session/keep-alive/", signin.keep_alive, name="session-keep-alive"),
    path("language/", languages.change_language, name="language"),
    path("cases/", include("accord.web.urls_queues")),
    path("cases/<str:reference>/", include("accord.web.urls_case")),
    path("raise/", include("accord.web.urls_raise")),
    path("documents/", include("accord.web.urls_documents")),
    path("partnership/", include("accord.reports.urls")),
    path("manage/", include("accord.web.urls_manage")),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path(
        "notifications/e-mails/",
        notifications.notification_preferences,
        name="notification-preferences",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("metrics", metrics.metrics, name="metrics"),
]
