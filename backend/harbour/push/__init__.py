"""Web push: the VAPID keys, people's push subscriptions, and the one sender (tech-notes §2)."""
