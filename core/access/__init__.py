"""API keys: who may call the API."""
