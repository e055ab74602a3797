"""The triggers domain in GraphQL: its types, inputs, queries (schedules too) and mutations."""
