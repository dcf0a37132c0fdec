"""People, their agencies, roles and management chains; sign-in by e-mail."""
