"""A process's plumbing: settings, the clock, health, logs, metrics, Redis."""
