"""Sign-in pages: allauth's views at Accord's addresses, GOV.UK forms, the organisation sign-in,
the session timeout and the two-factor requirement (decision 5)."""
