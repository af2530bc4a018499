"""The customization-request backend: domain, service, Firestore repository and HTTP API."""
