"""Bounded body decoding: every offered encoding decodes, and nothing grows past the limit."""

from __future__ import annotations

import gzip
import zlib

import pytest

from schedlink.net.bodies import BadEncoding, BodyTooBig, BoundedBody

TEXT = b'{"slots": ["2026-03-12T09:00:00Z"]}' * 200


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def feed_in_chunks(body: BoundedBody, data: bytes, size: int = 97) -> bytes:
    for index in range(0, len(data), size):
        body.feed(data[index : index + size])
    return body.finish()


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("", TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT, mtime=0)),
        ("x-gzip", gzip.compress(TEXT, mtime=0)),
        ("GZIP", gzip.compress(TEXT, mtime=0)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),  # sent without the zlib header, as some servers do
    ],
)
def test_each_offered_encoding_decodes(encoding: str, encoded: bytes) -> None:
    assert feed_in_chunks(BoundedBody(encoding, 1_000_000), encoded) == TEXT


@pytest.mark.parametrize("encoding", ["", "gzip", "deflate"])
def test_decoded_size_is_bounded(encoding: str) -> None:
    payload = b"\0" * 1_000_000
    encoded = {"": payload, "gzip": gzip.compress(payload), "deflate": zlib.compress(payload)}[encoding]
    with pytest.raises(BodyTooBig):
        feed_in_chunks(BoundedBody(encoding, 10_000), encoded, size=4096)


def test_limit_is_inclusive() -> None:
    assert feed_in_chunks(BoundedBody("gzip", len(TEXT)), gzip.compress(TEXT)) == TEXT


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_encodings_we_never_offered_are_refused(encoding: str) -> None:
    with pytest.raises(BadEncoding, match="unsupported content encoding"):
        BoundedBody(encoding, 1000)


def test_damaged_compressed_body_is_reported() -> None:
    damaged = gzip.compress(TEXT)[:30] + b"\xff" * 40
    with pytest.raises(BadEncoding, match="damaged"):
        feed_in_chunks(BoundedBody("gzip", 1_000_000), damaged)
