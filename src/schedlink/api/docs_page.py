"""The API reference at ``/docs``, served by the app itself: no CDN, no inline script.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, so it is blank
without internet and would break under a strict Content-Security-Policy. Here Swagger UI's files come
from an installed package (``fastapi-offline`` ships its distribution), the initializer is a served
script, and the page and its files carry the Booking tab's policy (``script-src 'self'``).
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.metadata import version
from importlib.resources import files
from typing import Final

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from schedlink.web.headers import CONTENT_SECURITY_POLICY

DOCS_PATH: Final = "/docs"
ASSETS_PATH: Final = "/docs/assets"
INITIALIZER: Final = "swagger-initializer.js"
ASSET_PACKAGE: Final = "fastapi_offline"
_PACKAGED: Final = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon.png": "image/png",
}
_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Swagger UI's start, as a file of its own (the policy refuses inline script). The page names the OpenAPI
# document in a data attribute, so the script holds no per-request value. No validator badge: it would
# send the document to an outside service.
_INITIALIZER_JS: Final = """\
"use strict";
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
"""
_PAGE: Final = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — API reference</title>
<link rel="icon" type="image/png" href="{assets}/favicon.png?v={version}">
<link rel="stylesheet" href="{assets}/swagger-ui.css?v={version}">
</head>
<body>
<noscript><p>The API reference needs JavaScript; the OpenAPI document itself is at
<a href="{openapi}">{openapi}</a>.</p></noscript>
<div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js?v={version}"></script>
<script src="{assets}/{initializer}?v={version}"></script>
</body>
</html>
"""


def install_api_reference(app: FastAPI) -> None:
    """Serve Swagger UI for ``app``'s OpenAPI document at ``/docs`` (create the app with
    ``docs_url=None`` so FastAPI's CDN page is not registered too)."""
    openapi_url = app.openapi_url or "/openapi.json"
    title = app.title

    @app.get(DOCS_PATH, include_in_schema=False)
    def api_reference(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = _PAGE.format(
            title=escape(title),
            assets=escape(root + ASSETS_PATH),
            openapi=escape(root + openapi_url),
            version=escape(_assets_version()),
            initializer=INITIALIZER,
        )
        return HTMLResponse(page, headers={**_HEADERS, "Cache-Control": "no-cache"})

    @app.get(f"{ASSETS_PATH}/{{name}}", include_in_schema=False)
    def api_reference_asset(name: str) -> Response:
        if name == INITIALIZER:
            content, media_type = _INITIALIZER_JS.encode(), "text/javascript; charset=utf-8"
        elif name in _PACKAGED:
            content, media_type = _packaged(name), _PACKAGED[name]
        else:
            raise HTTPException(status_code=404)  # answered in the API's error shape
        # The page asks for each file with the package's version, so a cached copy is never stale.
        cache_control = "public, max-age=86400"
        return Response(content, media_type=media_type, headers={**_HEADERS, "Cache-Control": cache_control})


@cache
def _packaged(name: str) -> bytes:
    """One of Swagger UI's files from the package, read once per process."""
    return files(ASSET_PACKAGE).joinpath("static", name).read_bytes()


@cache
def _assets_version() -> str:
    return version("fastapi-offline")
