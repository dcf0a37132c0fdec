"""The site's URLs: the pages, the admin and the health check."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from accord.api import client_pages, token_pages, views_errors

# Each app's admin module is found here, when the URLs are first loaded, not at start-up, so a
# one-shot `accord tick` does not pay for the admin (issue 17; SimpleAdminConfig in settings).
admin.autodiscover()

# The admin has no sign-in of its own: it sends people to Accord's (two factors, lock-out).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("accord.api.urls")),
    re_path(  # problem details, not Django's HTML page
        r"^api/(?P<rest>.*)$", views_errors.no_such_operation, name="api-not-found"
    ),
    path("account/api-tokens/", token_pages.token_list, name="api-tokens"),
    path("manage/api-clients/", client_pages.client_list, name="api-clients"),
    path("manage/api-clients/add/", client_pages.client_add, name="api-client-add"),
    path(
        "manage/api-clients/<int:client_id>/revoke/",
        client_pages.client_revoke,
        name="api-client-revoke",
    ),
    path("account/api-tokens/add/", token_pages.token_add, name="api-token-add"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        token_pages.token_revoke,
        name="api-token-revoke",
    ),
    path("", include("accord.web.signin.urls")),
    path("", include("accord.web.urls")),
]

handler400 = "accord.web.views.errors.bad_request"
handler403 = "accord.web.views.errors.forbidden"
handler404 = "accord.web.views.errors.not_found"
handler500 = "accord.web.views.errors.server_error"
