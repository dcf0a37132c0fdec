"""The views, by topic: thin, they check access and delegate to queries and actions."""
