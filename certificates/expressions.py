"""Query expressions that let one query read a certificate with every row that hangs off it."""

from __future__ import annotations

from typing import Any

from django.db.models import JSONField, QuerySet, Subquery


class JSONRows(Subquery):
    """A correlated subquery's rows as one JSON array, in the subquery's order (``[]`` when none).

    Each row becomes an object of ``fields``; with ``flat`` (one field), the array holds the bare values.
    PostgreSQL aggregates with ``jsonb_agg``, SQLite with ``json_group_array``.
    """

    def __init__(self, queryset: QuerySet[Any], fields: list[str], flat: bool = False) -> None:
        if flat and len(fields) != 1:
            raise ValueError("flat needs exactly one field")
        self.fields = fields
        self.flat = flat
        super().__init__(queryset.values(*fields), output_field=JSONField())

    def as_sql(self, compiler: Any, connection: Any, template: str | None = None, **extra: Any) -> tuple[str, Any]:
        sql, params = super().as_sql(compiler, connection, template="%(subquery)s", **extra)
        quote = connection.ops.quote_name
        if connection.vendor == "postgresql":
            item = f"_rows.{quote(self.fields[0])}" if self.flat else "to_jsonb(_rows)"
            return f"(SELECT COALESCE(jsonb_agg({item}), '[]'::jsonb) FROM ({sql}) _rows)", params
        pairs = ", ".join(f"'{field}', _rows.{quote(field)}" for field in self.fields)
        item = f"_rows.{quote(self.fields[0])}" if self.flat else f"json_object({pairs})"
        return f"(SELECT COALESCE(json_group_array({item}), '[]') FROM ({sql}) _rows)", params
