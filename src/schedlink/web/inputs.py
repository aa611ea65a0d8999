"""One check on everything the pages read from a request: every query parameter and every form field.

Text that cannot be stored (a NUL character, an unpaired surrogate; ``domain/bounds.py``) is refused with
a 422 page before any route reads it, so no form or filter can carry it to the database. It runs as a
dependency of every page router (``web.install``), after FastAPI has parsed the form, which Starlette
keeps, so the form is read once. Uploaded files are not text fields; their routes check their content.
"""

from __future__ import annotations

from fastapi import Request

from schedlink.domain.bounds import storable


class UnstorableInput(Exception):
    """A query parameter or form field holds text that cannot be stored; ``fields`` names them."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


async def refuse_unstorable_input(request: Request) -> None:
    """Raise ``UnstorableInput`` if any query parameter or form field holds unstorable text."""
    values = list(request.query_params.multi_items())
    if request.method not in ("GET", "HEAD"):
        form = await request.form()
        values += [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
    bad = sorted({name for name, value in values if not storable(value) or not storable(name)})
    if bad:
        raise UnstorableInput([_shown(name) for name in bad[:5]])


def _shown(name: str) -> str:
    """A field's name as the error page may show it (it came from the request, so it is cut short)."""
    return name.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\x00", "\ufffd")[:40]
