"""The deliveries domain: destinations, deliveries with their attempts, and the requeues."""
