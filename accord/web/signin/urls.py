"""allauth's views at Accord's addresses, under allauth's URL names (which allauth reverses).

Only the journeys Accord uses are here: no sign-up (it answers that accounts are made by
administrators), no e-mail management, no passkeys. Included without a namespace by
`accord/config/urls.py`; Accord's own sign-in pages are in `accord/web/urls.py` (`web:`).
"""

from allauth.account import views as account
from allauth.mfa.base import views as mfa
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from allauth.socialaccount import views as socialaccount
from allauth.socialaccount.providers.openid_connect import views as oidc
from django.urls import path, re_path

from . import views

urlpatterns = [
    # Signing in and out (also named web:sign-in and web:sign-out)
    path("sign-in/", account.login, name="account_login"),
    path("sign-out/", account.logout, name="account_logout"),
    path("sign-in/inactive/", account.account_inactive, name="account_inactive"),
    path("sign-up/", account.signup, name="account_signup"),
    # The second factor: the code at sign-in, setting up the app, recovery codes
    path("two-factor/", mfa.index, name="mfa_index"),
    path("two-factor/code/", mfa.authenticate, name="mfa_authenticate"),
    path("two-factor/set-up/", totp.activate_totp, name="mfa_activate_totp"),
    path("two-factor/turn-off/", totp.deactivate_totp, name="mfa_deactivate_totp"),
    path(
        "two-factor/recovery-codes/",
        recovery_codes.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/new/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/download/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    # Confirm it's you (accord.web.reauth)
    path("confirm-its-you/", mfa.reauthenticate, name="mfa_reauthenticate"),
    path("confirm-its-you/password/", account.reauthenticate, name="account_reauthenticate"),
    # Resetting a forgotten password by e-mail
    path("password/reset/", account.password_reset, name="account_reset_password"),
    path("password/reset/sent/", account.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/done/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # An organisation's own sign-in (OpenID Connect, one client per identity provider)
    path(
        "sign-in/organisation/cancelled/",
        socialaccount.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path(
        "sign-in/organisation/error/",
        socialaccount.login_error,
        name="socialaccount_login_error",
    ),
    path(
        "sign-in/oidc/<str:provider_id>/login/",
        views.provider_login,
        name="openid_connect_login",
    ),
    path(
        "sign-in/oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
]
