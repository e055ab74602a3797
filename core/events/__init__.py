"""The event log as the domain sees it: records, pages, retention, counts and the sweep."""
