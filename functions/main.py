"""Cloud Functions entry points; wiring only. The code lives in the `customizations` package."""

from customizations.wiring import http_app
from firebase_functions import https_fn, options

options.set_global_options(region="us-central1", memory=options.MemoryOption.MB_256)


@https_fn.on_request()
def api(req: https_fn.Request) -> https_fn.Response:
    """The HTTP API (see customizations.api for the routes)."""
    with http_app.get().request_context(req.environ):
        return http_app.get().full_dispatch_request()
