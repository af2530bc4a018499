"""Customization requests: `domain` (pure rules), `services` (use cases), `adapters` (Firebase and
Google Cloud), `api` (HTTP); `bootstrap` wires them, `errors` is the one error table."""
