"""Swagger UI served from an installed package, so `/docs` works offline (no CDN).

The assets come from `fastapi-swagger`, which ships a Swagger UI 5 dist: it renders the
OpenAPI 3.1 documents FastAPI emits (Swagger UI 4 refuses them as having no valid version).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"
ASSETS_PACKAGE = ("fastapi_swagger", "resources")


def install_docs(app: FastAPI, title: str, openapi_url: str = "/openapi.json") -> None:
    app.mount(ASSETS, StaticFiles(packages=[ASSETS_PACKAGE]), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )
