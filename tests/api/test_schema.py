"""The committed SDL is the schema exported from code."""

from pathlib import Path

from api.schema import schema

SDL = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_file_equals_exported_schema():
    expected = schema.as_str() + "\n"
    assert SDL.read_text(encoding="utf-8") == expected, (
        "schema.graphql is stale: run  .venv/bin/python -c 'from api.schema import schema; "
        "print(schema.as_str())' > schema.graphql")


def test_schema_keeps_the_names_front_ends_use():
    sdl = schema.as_str()
    for piece in ("statements(filter: StatementFilter", "ingestDocument(input: DocumentInput!)",
                  "enum StanceLabel", "COOPERATION_PLEDGE", "stanceSummary(groupBy: SummaryGroup!)",
                  "correctStatement(", "reloadModel", "analyze(text: String!"):
        assert piece in sdl
