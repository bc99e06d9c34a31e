"""``GET /-/docs``: the OpenAPI documentation, drawn by Swagger UI served from this server.

FastAPI's own page loads Swagger UI from a CDN; pvgraph loads nothing from another host, so the
page is FastAPI's with the pinned copy under ``static/vendor/swagger-ui`` (installed and checked
by ``scripts/install-assets.sh``) and the online spec validator turned off.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from pvgraph.server.templating import static_url

SWAGGER_UI_VERSION = "5.35.0"  # keep in step with scripts/install-assets.sh
DOCS_PATH = "/-/docs"
OPENAPI_PATH = "/-/openapi.json"

router = APIRouter(include_in_schema=False)


@router.get(DOCS_PATH)
def api_docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=OPENAPI_PATH,
        title="pvgraph — API",
        swagger_js_url=static_url(f"vendor/swagger-ui/swagger-ui-bundle-{SWAGGER_UI_VERSION}.js"),
        swagger_css_url=static_url(f"vendor/swagger-ui/swagger-ui-{SWAGGER_UI_VERSION}.css"),
        swagger_favicon_url=static_url("favicon.svg"),
        swagger_ui_parameters={"validatorUrl": None},
    )
