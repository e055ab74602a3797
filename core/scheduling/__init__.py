"""The loop that fires due schedules and test runs, once each, from any number of workers."""
