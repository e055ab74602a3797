"""Who may hold the websocket places (api/graphql/transport/ws_places.py): rules, without a server."""

from __future__ import annotations

from api.graphql.transport.ws_places import (
    ADDRESS_FULL,
    FULL,
    KEY_FULL,
    STRANGERS_FULL,
    Place,
    Refusal,
    WebsocketPlaces,
)


def places(total: int = 200, per_key: int = 100, per_address: int = 1000) -> WebsocketPlaces:
    return WebsocketPlaces(
        max_connections=total, max_per_key=per_key, max_strangers_per_address=per_address
    )


def taken(result: Place | Refusal) -> Place:
    assert isinstance(result, Place), result
    return result


def test_strangers_take_only_a_tenth_of_the_places_and_keys_are_not_counted_with_them() -> None:
    room = places(total=200)
    strangers = [room.take(f"10.0.0.{n}", None) for n in range(21)]
    assert [isinstance(s, Place) for s in strangers] == [True] * 20 + [False]
    assert strangers[-1] == STRANGERS_FULL  # 200 // 10 places before a key is checked
    # A key on the upgrade is checked first: it never competes for a stranger's place.
    assert isinstance(room.take("10.0.0.99", "k1"), Place)
    # One of the strangers sends a key in connection_init: a stranger's place is free again.
    assert room.authenticate(taken(strangers[0]), "k2") is None
    assert isinstance(room.take("10.0.0.50", None), Place)
    assert room.take("10.0.0.51", None) == STRANGERS_FULL


def test_the_process_is_full_for_everyone_at_its_cap() -> None:
    room = places(total=20, per_key=100)
    for _ in range(20):
        taken(room.take("a", "k"))
    assert room.take("a", "other") == FULL
    assert room.take("b", None) == FULL


def test_each_key_has_its_own_cap_on_the_upgrade_and_at_connection_init() -> None:
    room = places(total=2000, per_key=3)
    held = [taken(room.take("a", "k")) for _ in range(3)]
    assert room.take("a", "k") == KEY_FULL
    stranger = taken(room.take("b", None))
    assert room.authenticate(stranger, "k") == KEY_FULL
    assert isinstance(room.take("a", "other"), Place)  # other keys are not affected
    room.give_back(held[0])
    assert room.authenticate(stranger, "k") is None
    assert room.take("a", "k") == KEY_FULL


def test_strangers_from_one_address_are_capped_and_others_still_get_in() -> None:
    room = places(per_address=2)
    first = taken(room.take("198.51.100.7", None))
    taken(room.take("198.51.100.7", None))
    assert room.take("198.51.100.7", None) == ADDRESS_FULL
    assert isinstance(room.take("203.0.113.1", None), Place)
    assert isinstance(room.take("198.51.100.7", "k"), Place)  # with a key, the address is moot
    room.give_back(first)
    assert isinstance(room.take("198.51.100.7", None), Place)


def test_a_small_process_still_admits_ten_strangers() -> None:
    room = places(total=5)
    results = [room.take(str(n), None) for n in range(6)]
    assert [isinstance(r, Place) for r in results] == [True] * 5 + [False]


def test_given_back_places_are_free_again() -> None:
    room = places(total=10, per_key=10, per_address=10)
    held = [taken(room.take("a", None)) for _ in range(5)] + [
        taken(room.take("a", "k")) for _ in range(5)
    ]
    authenticated = held[0]
    assert room.authenticate(authenticated, "k2") is None
    for place in held:
        room.give_back(place)
    assert (room.open, room.strangers) == (0, 0)
    assert all(isinstance(room.take("a", "k"), Place) for _ in range(10))
