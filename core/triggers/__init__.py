"""Trigger definitions and firing, with the pure rules they apply (schedules, payload schemas)."""
