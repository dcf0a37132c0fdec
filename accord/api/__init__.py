"""The API for agencies' own systems at `/api/v1/`: personal access tokens, cases read and listed
through the web's access rules, raised through the raise journey's questions and answered through
the web's actions, with errors as RFC 9457 problem details (decision 30)."""
