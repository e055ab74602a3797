"""How GraphQL travels: the HTTP view, websocket handling, and the limits every operation
meets before and while it runs (size, nesting, depth, cost, rate, response size, errors)."""
