"""Staff screens, each in one request: a screen's own data with what every staff page shows
around it (who is signed in, the inbox count, urgent alerts), read from the domains' services
and audited once per view. A layer above the domains, which never import it (decision 024)."""
