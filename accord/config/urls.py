"""The site's URLs: the pages, the admin and the health check."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accord.web.urls")),
]

handler404 = "accord.web.views.errors.not_found"
handler500 = "accord.web.views.errors.server_error"
