"""Server-rendered pages: sign-in, the case list, the case page, the health check."""
