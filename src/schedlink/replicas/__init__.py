"""Local replicas of scheduler providers' public APIs, for tests, benchmarks and the demo.

A replica answers the same paths, queries and bodies as the real provider, failures included, so the
product's clients can be exercised without the network. Replicas are never pointed at, nor used in place
of, a real provider in production.
"""
