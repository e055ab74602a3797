"""Who may hold the websocket places of this process (issue 18: no stranger can lock anyone out).

A connection takes a place when its upgrade arrives, after the key or dashboard session on the
upgrade (if any) has been checked:
- with a key, it counts against that key's own cap (WS_MAX_CONNECTIONS_PER_KEY), so that no
  one key can hold the whole process;
- without one, it is a stranger until connection_init brings a key: strangers together may
  hold only a tenth of the places (at least 10), and those from one client address only
  WS_MAX_UNAUTHENTICATED_PER_ADDRESS of them; they must send connection_init within
  WS_INIT_TIMEOUT_SECONDS. A stranger whose connection_init brings a key moves under that key.
Everyone together stays under WS_MAX_CONNECTIONS. Rules only: no I/O, no clock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from core.platform.settings import Settings

# Strangers may hold one place in this many...
STRANGERS_SHARE = 10
# ...but never fewer than this (a small process still lets a few clients connect at once).
STRANGERS_LEAST = 10

FULL = "too many websocket connections"
KEY_FULL = "too many websocket connections for this API key"
STRANGERS_FULL = "too many websocket connections without an API key"
ADDRESS_FULL = "too many websocket connections without an API key from this address"


@dataclass(eq=False, slots=True)
class Place:
    address: str
    key_id: str | None


class Refusal(str):
    """Why a place was refused (the close reason and log message)."""


class WebsocketPlaces:
    def __init__(
        self, *, max_connections: int, max_per_key: int, max_strangers_per_address: int
    ) -> None:
        self.max_connections = max_connections
        self.max_per_key = max_per_key
        self.max_strangers_per_address = max_strangers_per_address
        self.open = 0
        self.strangers = 0
        self._per_key: Counter[str] = Counter()
        self._strangers: Counter[str] = Counter()

    @classmethod
    def from_settings(cls, settings: Settings) -> WebsocketPlaces:
        return cls(
            max_connections=settings.ws_max_connections,
            max_per_key=settings.ws_max_connections_per_key,
            max_strangers_per_address=settings.ws_max_unauthenticated_per_address,
        )

    @property
    def max_strangers(self) -> int:
        share = max(STRANGERS_LEAST, self.max_connections // STRANGERS_SHARE)
        return min(self.max_connections, share)

    def take(self, address: str, key_id: str | None) -> Place | Refusal:
        if self.open >= self.max_connections:
            return Refusal(FULL)
        if key_id is not None:
            if self._per_key[key_id] >= self.max_per_key:
                return Refusal(KEY_FULL)
            self._per_key[key_id] += 1
        else:
            if self.strangers >= self.max_strangers:
                return Refusal(STRANGERS_FULL)
            if self._strangers[address] >= self.max_strangers_per_address:
                return Refusal(ADDRESS_FULL)
            self._strangers[address] += 1
            self.strangers += 1
        self.open += 1
        return Place(address, key_id)

    def authenticate(self, place: Place, key_id: str) -> Refusal | None:
        """A stranger's connection_init brought a key: its place moves under the key."""
        if place.key_id is not None:
            return None  # counted under the key of its upgrade already
        if self._per_key[key_id] >= self.max_per_key:
            return Refusal(KEY_FULL)
        self._forget_stranger(place.address)
        self._per_key[key_id] += 1
        place.key_id = key_id
        return None

    def give_back(self, place: Place) -> None:
        self.open -= 1
        if place.key_id is None:
            self._forget_stranger(place.address)
            return
        self._per_key[place.key_id] -= 1
        if self._per_key[place.key_id] <= 0:
            del self._per_key[place.key_id]

    def _forget_stranger(self, address: str) -> None:
        self.strangers -= 1
        self._strangers[address] -= 1
        if self._strangers[address] <= 0:
            del self._strangers[address]
