"""Sign-in, sessions and security headers for every environment (imported by `base`).

Sign-in is django-allauth: local accounts (e-mail and password) that administrators create, an
authenticator app (TOTP) and recovery codes for everyone, OpenID Connect per agency, and
django-axes for lock-out. Decision 5 (docs/decisions/) explains the choices. `production`
adds what needs HTTPS (secure cookies, HSTS).
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.utils.csp import CSP

AUTHENTICATION_BACKENDS = [
    # Refuses any attempt while an address is locked out (first, so it runs before the rest).
    "axes.backends.AxesStandaloneBackend",
    # Signing in with an e-mail address (allauth's forms authenticate with `email=`).
    "allauth.account.auth_backends.AuthenticationBackend",
    # Permissions for the admin.
    "django.contrib.auth.backends.ModelBackend",
]

# --- allauth: local accounts -------------------------------------------------------------------
ACCOUNT_ADAPTER = "accord.signin.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]  # sign-up itself is closed by the adapter
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # administrators create accounts with the work address
ACCOUNT_PREVENT_ENUMERATION = True  # "if it belongs to an account, we have sent a link"
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # and send nothing to an address with no account
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False  # a link by e-mail
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # sign in afterwards, with the second factor
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": the session ends with the browser
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password or two factors change
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # "confirm it's you" lasts five minutes
ACCOUNT_FORMS = {
    "login": "accord.web.signin.forms.SignInForm",
    "reset_password": "accord.web.signin.forms.ResetPasswordForm",
    "reset_password_from_key": "accord.web.signin.forms.ResetPasswordKeyForm",
    "reauthenticate": "accord.web.signin.forms.ReauthenticateForm",
}
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for an hour

# --- allauth: two factors ----------------------------------------------------------------------
MFA_ADAPTER = "accord.signin.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Accord"
MFA_TOTP_TOLERANCE = 1  # accept the code of the 30 seconds before or after (phone clocks drift)
MFA_RECOVERY_CODE_COUNT = 10
# No self sign-up means no unverified address can be claimed by someone else, so setting up
# the app does not wait for an e-mail verification allauth never asks for.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_FORMS = {
    "authenticate": "accord.web.signin.forms.AuthenticateForm",
    "reauthenticate": "accord.web.signin.forms.ReauthenticateCodeForm",
    "activate_totp": "accord.web.signin.forms.ActivateTOTPForm",
}

# --- allauth: OpenID Connect, one client (SocialApp) per identity provider -------------------
SOCIALACCOUNT_ADAPTER = "accord.signin.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # Accord matches people itself (accord.signin)
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False  # Accord calls no API with them
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}

# --- django-axes: lock-out -------------------------------------------------------------------
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # this address, from this place
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accord.signin.lockout.username_for"
AXES_CLIENT_STR_CALLABLE = "accord.signin.lockout.client_str"  # logs never name the address
AXES_CLIENT_IP_CALLABLE = "accord.signin.addresses.client_ip"
AXES_LOCKOUT_CALLABLE = "accord.web.signin.views.locked_out"
AXES_VERBOSE = False

# --- sessions -----------------------------------------------------------------------------------
# A session ends after this long without a request (accord.web.signin.middleware), with a
# warning this long before; the cookie itself ends with the browser.
ACCORD_SESSION_IDLE_SECONDS = int(os.environ.get("ACCORD_SESSION_IDLE_MINUTES", "30")) * 60
ACCORD_SESSION_WARNING_SECONDS = 2 * 60
# However active, a session ends this long after signing in (decision 5; ASVS 3.3.2).
ACCORD_SESSION_MAX_SECONDS = int(os.environ.get("ACCORD_SESSION_MAX_HOURS", "12")) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # the stored session's longest life; idleness ends it first
CSRF_COOKIE_HTTPONLY = True  # scripts read the token from the page's form

# --- headers ------------------------------------------------------------------------------------
# Content Security Policy: same-origin everything, scripts also need the page's nonce, nothing
# may frame Accord. The sign-in pages that lead to an identity provider add its origin to
# form-action (accord.web.signin.views).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# `base` sets X_FRAME_OPTIONS = "DENY", nosniff and the referrer policy.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
