"""Access in GraphQL: the API keys and dashboard sessions behind open connections."""
