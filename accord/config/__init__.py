"""Django configuration: settings per environment, URLs and the WSGI/ASGI entry points."""
