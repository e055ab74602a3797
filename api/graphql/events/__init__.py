"""The events domain in GraphQL: the Event type, its pages, counts and rates."""
