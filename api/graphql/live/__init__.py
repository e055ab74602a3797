"""Live events in GraphQL: the eventFired subscription."""
