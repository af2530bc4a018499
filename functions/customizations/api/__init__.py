"""The HTTP API: routes (one table), handlers, schemas (pydantic), the OpenAPI document, ID-token
authentication, and JSON in and out behind one error boundary."""
