"""The HTTP API (FastAPI): a thin translation between JSON over HTTP and the inbound service."""
