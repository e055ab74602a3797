"""Live delivery of committed events to this process's subscribers."""
