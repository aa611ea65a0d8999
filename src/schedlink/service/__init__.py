"""The inbound service: use cases over storage, shared by the HTTP API and the command line."""
