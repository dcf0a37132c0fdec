"""Sign-in rules: who may sign in and how (allauth adapters, per-agency OpenID Connect, lock-out).

The pages are in `accord.web`; this app holds what decides: the adapters that close self sign-up
and match OpenID Connect sign-ins to existing people, the identity providers tied to agencies,
and what django-axes records. Decision 5 explains the design.
"""
