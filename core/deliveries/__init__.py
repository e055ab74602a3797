"""Outbound deliveries: sending fired events to users' endpoints, signed and retried."""
