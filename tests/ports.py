"""Ports for servers a test starts itself, and for ports nothing must listen on.

A port picked by binding port 0 comes from the kernel's ephemeral range, which every outgoing connection
on the machine draws from too: between picking it and a server process binding it, a client connection
of another test process can take it (the server then never starts), and a port a stopped test's server
had can be handed to the next one while a lingering client still knows it. These ports come from below
the ephemeral range — the kernel never hands them out on its own — and each test process (each xdist
worker) has its own slice, so no other process picks them.
"""

from __future__ import annotations

import itertools
import os
import random
import socket
from pathlib import Path

_FIRST = 20_000
_SLICE = 1_500


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def _slice() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    slices = max(1, (_ephemeral_start() - _FIRST) // _SLICE)
    index = int(worker) % slices if worker.isdigit() else 0
    return range(_FIRST + index * _SLICE, _FIRST + (index + 1) * _SLICE)


_PORTS = _slice()
_NEXT = itertools.count(random.randrange(len(_PORTS)))


def free_port() -> int:
    """A loopback port of this process's slice that nothing listens on now (taken in turn, so a port
    is not handed out again until the whole slice has been)."""
    for _ in range(len(_PORTS)):
        port = _PORTS[next(_NEXT) % len(_PORTS)]
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError(f"no free port in {_PORTS.start}–{_PORTS.stop - 1}")
