from firebase_functions import https_fn


@https_fn.on_request()
def api(req: https_fn.Request) -> https_fn.Response:
    return https_fn.Response('{"status":"ok"}', content_type="application/json")
