"""Statements of the inbound hot path, run on the driver's own connection.

Executing a statement through SQLAlchemy costs several times what the driver needs for it (cache keys,
an execution context, events and a result object per statement), and on the inbound path that work sits
inside the write transaction, which on SQLite is the one thing writers take turns on. SQLAlchemy still
writes the SQL and says how each value converts: a ``Prepared`` statement is compiled once per dialect
and set of parameter names, with its type conversions, literal values and Python-side column defaults
taken from the compiled form; each execution is then the driver call and those conversions alone.

On PostgreSQL every round trip costs both processes a wake-up, and a reply's statements made about ten
of them. There the transaction is run by this module (the driver in autocommit mode, ``BEGIN`` and
``COMMIT`` sent as statements) and writes are not sent one by one: they wait and go with the next read,
or with the ``COMMIT``, as one multi-statement query with the values rendered by the driver's own
client-side quoting (psycopg's ``mogrify``). A reply then costs two to four round trips. The statements
run in order, and the first error stops the rest, ``COMMIT`` included, so nothing of a failed
transaction is kept.

Driver errors come out as SQLAlchemy's own exception classes (``IntegrityError``, ``OperationalError``,
…), so callers handle both paths alike; a connection the driver reports lost is not put back in the pool.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Form:
    """One compiled form of a statement: the SQL and how to turn given values into driver parameters."""

    sql: str
    order: tuple[str, ...] | None  # bind names in placeholder order; None where the driver takes names
    converters: tuple[tuple[str, Convert], ...]
    fixed: tuple[tuple[str, Any], ...]  # literal values in the statement
    defaults: tuple[tuple[str, Callable[[], Any]], ...]  # Python-side column defaults not given
    row: Any  # a named tuple type for result rows, or None
    results: tuple[Convert | None, ...]

    def parameters(self, given: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = dict(self.fixed)
        values.update(given)
        for name, default in self.defaults:
            if name not in given:
                values[name] = default()
        for name, convert in self.converters:
            values[name] = convert(values[name])
        return values if self.order is None else [values[name] for name in self.order]

    def rows(self, fetched: list[Any]) -> list[Any]:
        if any(self.results):
            fetched = [
                [
                    value if convert is None else convert(value)
                    for convert, value in zip(self.results, row, strict=True)
                ]
                for row in fetched
            ]
        return [self.row._make(row) for row in fetched]


class Prepared:
    """A statement compiled once per dialect and set of given parameter names (an insert or update
    writes the columns it is given, as SQLAlchemy's own execution does)."""

    __slots__ = ("_forms", "statement")

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._forms: dict[tuple[str, frozenset[str], bool], _Form] = {}

    def form(self, dialect: Dialect, names: frozenset[str], many: bool = False) -> _Form:
        key = (dialect.name, names, many)
        found = self._forms.get(key)
        if found is None:
            found = self._forms[key] = _compile(self.statement, dialect, names, many)
        return found


def _compile(statement: ClauseElement, dialect: Dialect, names: frozenset[str], many: bool) -> _Form:
    compiled = statement.compile(dialect=dialect, column_keys=sorted(names), for_executemany=many)
    assert isinstance(compiled, SQLCompiler)
    converters = []
    fixed = []
    for name, bind in compiled.binds.items():
        convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            converters.append((name, convert))
        if name not in names and not bind.required:
            fixed.append((name, bind.effective_value))
    defaults = [
        (column.key, _producer(column, default))
        for prefetch, which in ((compiled.insert_prefetch, "default"), (compiled.update_prefetch, "onupdate"))
        for column in prefetch
        if column.key not in names and (default := getattr(column, which)) is not None
    ]
    columns = list(getattr(statement, "exported_columns", ()))  # selected, or named by RETURNING
    row = namedtuple("Row", [column.key for column in columns], rename=True) if columns else None
    results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
    positional = dialect.paramstyle in ("qmark", "numeric", "format")
    return _Form(
        sql=compiled.string,
        order=tuple(compiled.positiontup or ()) if positional else None,
        converters=tuple(converters),
        fixed=tuple(fixed),
        defaults=tuple(defaults),
        row=row,
        results=results,
    )


def _producer(column: Any, default: Any) -> Callable[[], Any]:
    """A column's Python-side default as a function of nothing (SQLAlchemy's take an execution context,
    which the defaults used here ignore)."""
    if default.is_callable:
        produce = default.arg
        return lambda: produce(None)
    if default.is_scalar:
        value = default.arg
        return lambda: value
    raise ValueError(f"{column}: only Python-side defaults can be filled in here")


class Later:
    """The rows of a statement sent with others: there once they have been sent (at the latest, after
    the commit)."""

    __slots__ = ("form", "rows")

    def __init__(self, form: _Form) -> None:
        self.form = form
        self.rows: list[Any] = []


class DirectTransaction:
    """One writing transaction on a pooled driver connection; see the module's docstring."""

    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self._connection = connection
        self.dialect = dialect
        self._errors: type[Exception] = dialect.loaded_dbapi.Error
        self._batched = dialect.name == "postgresql"
        # PostgreSQL: statements to send with the next read or the commit, each with where its rows go
        self._waiting: list[tuple[str, Later | None]] = []
        self._quoting: Any = None
        # psycopg's "no transaction open" status, when the driver is psycopg
        self._idle = dialect.loaded_dbapi.pq.TransactionStatus.IDLE if self._batched else None
        self.lost = False

    def rows(self, statement: Prepared, given: Mapping[str, Any]) -> list[Any]:
        """Run a statement that returns rows (a select, or a write with RETURNING) and return them."""
        form = statement.form(self.dialect, frozenset(given))
        parameters = form.parameters(given)
        if self._batched:
            answer = Later(form)
            self._waiting.append((self._rendered(form.sql, parameters), answer))
            self._send()
            return answer.rows
        cursor = self._call(form.sql, parameters)
        return form.rows(cursor.fetchall())

    def later(self, statement: Prepared, given: Mapping[str, Any]) -> Later:
        """Run a write with RETURNING whose rows are only needed once the transaction commits (on
        PostgreSQL it goes with the ``COMMIT``, costing no round trip of its own)."""
        form = statement.form(self.dialect, frozenset(given))
        parameters = form.parameters(given)
        answer = Later(form)
        if self._batched:
            self._waiting.append((self._rendered(form.sql, parameters), answer))
        else:
            answer.rows = form.rows(self._call(form.sql, parameters).fetchall())
        return answer

    def first(self, statement: Prepared, given: Mapping[str, Any]) -> Any:
        found = self.rows(statement, given)
        return found[0] if found else None

    def run(self, statement: Prepared, given: Mapping[str, Any]) -> None:
        """Run a statement whose answer is not read (on PostgreSQL: send it with the next read or commit)."""
        form = statement.form(self.dialect, frozenset(given))
        parameters = form.parameters(given)
        if self._batched:
            self._waiting.append((self._rendered(form.sql, parameters), None))
        else:
            self._call(form.sql, parameters)

    def run_many(self, statement: Prepared, rows: Sequence[Mapping[str, Any]]) -> None:
        """One statement for several rows, all given the same names (the audit entries of a reply)."""
        if not rows:
            return
        form = statement.form(self.dialect, frozenset(rows[0]), many=True)
        head, values = _insert_parts(form.sql) if self._batched else (None, None)
        if head is not None and values is not None:
            # One INSERT with a row of values each: the server plans one statement, not one per row.
            rendered = ", ".join(self._rendered(values, form.parameters(row)) for row in rows)
            self._waiting.append((f"{head} VALUES {rendered}", None))
        elif self._batched:
            self._waiting.extend((self._rendered(form.sql, form.parameters(row)), None) for row in rows)
        else:
            self._call(form.sql, [form.parameters(row) for row in rows], many=True)

    def begin(self) -> None:
        """SQLite: take the write lock now (``BEGIN IMMEDIATE``), as every writer there does; PostgreSQL:
        ``BEGIN`` goes with the first read."""
        if self._batched:
            self._connection.autocommit = True  # the transaction is ours: the driver sends nothing of its own
            self._waiting.append(("BEGIN", None))
        elif self.dialect.name == "sqlite":
            self._call("BEGIN IMMEDIATE", ())

    def commit(self) -> None:
        if self._batched:
            self._waiting.append(("COMMIT", None))
            self._send()
            return
        try:
            self._connection.commit()
        except self._errors as error:
            raise self._wrapped(error, "COMMIT", (), None) from error

    def rollback(self) -> None:
        """Undo whatever was sent (nothing waiting is sent); a connection that cannot even do this is lost."""
        self._waiting.clear()
        try:
            if self._batched:
                if self._connection.info.transaction_status != self._idle:
                    self._connection.execute("ROLLBACK")
            else:
                self._connection.rollback()
        except self._errors:
            self.lost = True

    def finish(self) -> None:
        """Hand the connection back as the pool lent it (the driver running transactions again)."""
        if self._batched and not self.lost:
            try:
                self._connection.autocommit = False
            except self._errors:
                self.lost = True

    def _rendered(self, sql: str, parameters: Any) -> str:
        if self._quoting is None:
            self._quoting = self.dialect.loaded_dbapi.ClientCursor(self._connection)
        rendered: str = self._quoting.mogrify(sql, parameters)
        return rendered

    def _send(self) -> None:
        """Send the waiting statements as one query; each answer that is waited for gets its rows."""
        waiting, self._waiting = self._waiting, []
        cursor = self._call(";\n".join(sql for sql, _ in waiting), None)
        for index, (_, answer) in enumerate(waiting):  # one result per statement, in order
            if index:
                cursor.nextset()
            if answer is not None:
                answer.rows = answer.form.rows(cursor.fetchall())

    def _call(self, sql: str, parameters: Any, *, many: bool = False) -> Any:
        """One driver call on a cursor of its own (an unused client-side cursor holds nothing else)."""
        cursor = self._connection.cursor()
        try:
            if many:
                cursor.executemany(sql, parameters)
            elif parameters is None:
                cursor.execute(sql)
            else:
                cursor.execute(sql, parameters)
        except self._errors as error:
            raise self._wrapped(error, sql, parameters, cursor) from error
        return cursor

    def _wrapped(self, error: Exception, sql: str, parameters: Any, cursor: Any) -> DBAPIError:
        lost = self.dialect.is_disconnect(error, self._connection, cursor)  # type: ignore[arg-type]
        self.lost = self.lost or lost
        wrapped = DBAPIError.instance(
            sql, parameters, error, self._errors, connection_invalidated=lost, dialect=self.dialect
        )
        assert isinstance(wrapped, DBAPIError)  # a driver error always maps to one of these
        return wrapped


def _insert_parts(sql: str) -> tuple[str | None, str | None]:
    """``INSERT INTO t (…) VALUES (…)`` as its head and its row of values, or (None, None) for any
    other statement (which then goes once per row)."""
    head, separator, values = sql.partition(" VALUES (")
    if (
        not separator
        or not head.startswith("INSERT INTO ")
        or not values.endswith(")")
        or " VALUES (" in values
    ):
        return None, None
    return head, "(" + values


@contextmanager
def direct_transaction(engine: Engine) -> Iterator[DirectTransaction]:
    """A writing transaction on a connection from ``engine``'s pool: committed when the block ends,
    rolled back on any exception; a connection found lost is discarded instead of pooled."""
    pooled = engine.raw_connection()
    transaction = DirectTransaction(pooled.driver_connection, engine.dialect)
    try:
        transaction.begin()
        yield transaction
        transaction.commit()
    except BaseException:
        transaction.rollback()
        raise
    finally:
        transaction.finish()
        if transaction.lost:
            pooled.invalidate()
        pooled.close()
