"""Customization requests: `domain` (pure rules), `services` (use cases), `adapters` (Firebase and
Google Cloud), `api` (HTTP); `bootstrap` wires them, `jobs` is what each entry point runs, `errors` the
one error table."""
