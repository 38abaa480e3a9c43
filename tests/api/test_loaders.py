"""A page of 50 statements with speakers, events and documents costs a bounded number of SQL queries."""

from __future__ import annotations

from sqlalchemy import event


def test_loaders_page_of_50_statements_costs_few_queries(seeded):
    executed: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        executed.append(statement)

    query = """{ statements(first: 50) { edges { node { text speaker { name country } event { type date }
      document { title published } } } } }"""
    event.listen(seeded.store.engine, "before_cursor_execute", count)
    try:
        nodes = seeded.data(query)["statements"]["edges"]
    finally:
        event.remove(seeded.store.engine, "before_cursor_execute", count)
    assert len(nodes) == 50
    assert sum(1 for e in nodes if e["node"]["speaker"]) > 5  # many speakers, still one query for all of them
    assert len(executed) <= 4, executed  # the page, then one batch each for speakers, events, documents
