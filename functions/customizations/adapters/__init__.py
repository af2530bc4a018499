"""The outside world behind the services' ports: Firestore stores (requests, events, uploads),
listener-held reads, Cloud Storage, Firebase Auth, FCM, and the lazily built clients."""
