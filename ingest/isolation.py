"""Parse a document in a forked child process with CPU, memory and wall-clock limits.

A hostile PDF (a decompression bomb, a loop of objects) then fails its own document: the child runs out of
CPU seconds or memory, or is killed at the deadline, and the worker that forked it carries on. The child is
a fork, not a new interpreter, so it starts with the parser already imported (a few milliseconds). It
touches no database and leaves with ``os._exit``, so the parent's connections stay as they were.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import time
from dataclasses import dataclass
from typing import Any

from certificates.domain.record import ParsedCertificate
from ingest.documents import read_document
from ingest.errors import CertificateError, ExtractionError, ParseError
from ingest.parser import parse_certificate


@dataclass(frozen=True)
class Limits:
    """What one parse may use: wall-clock seconds, CPU seconds, and memory in bytes beyond the worker's own."""

    wall_seconds: float
    cpu_seconds: int
    memory_bytes: int


@dataclass(frozen=True)
class Parsed:
    """What a parse gives back: the record, the text it was read from, and the PDF's page count."""

    record: ParsedCertificate
    text: str
    pages: int | None


def read_and_parse(data: bytes, media_type: str) -> dict[str, Any]:
    """Return what the child sends back for ``data`` of ``media_type``: the record as JSON, the text, the pages."""
    document = read_document(data, media_type)
    record = parse_certificate(document.text)
    return {"record": record.to_dict(), "text": document.text, "pages": document.pages}


def parse_isolated(data: bytes, media_type: str, limits: Limits) -> Parsed:
    """Return the record of ``data`` (a file of ``media_type``) and its text, parsed in a child process within
    ``limits``; the record comes back typed (``ParsedCertificate.from_dict``).

    Raises ``ParseError`` or ``ExtractionError`` as the parser does, and ``ExtractionError`` when the child
    exceeds a limit or dies.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
        os.close(read_end)
        _child(data, media_type, limits, write_end)
    os.close(write_end)
    try:
        output = _read_until(read_end, time.monotonic() + limits.wall_seconds)
    except TimeoutError:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise ExtractionError(
            f"parsing took longer than {limits.wall_seconds:g} s; the document was given up"
        ) from None
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return _outcome(output, status, limits)


def _child(data: bytes, media_type: str, limits: Limits, write_end: int) -> None:
    """Parse under the limits and write the outcome as JSON to the pipe; never returns."""
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        # The allowance comes on top of what the fork already maps (the worker's own modules).
        ceiling = _mapped_bytes() + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
        try:
            payload = read_and_parse(data, media_type)
        except CertificateError as exc:
            payload = {"error": str(exc), "kind": type(exc).__name__}
        except MemoryError:
            payload = {"error": "the document needs more memory than a parse may use", "kind": "ExtractionError"}
        except Exception as exc:  # a parser bug must fail the document, not the worker  # noqa: BLE001
            payload = {"error": f"the document could not be read ({type(exc).__name__})", "kind": "ExtractionError"}
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(json.dumps(payload).encode())
    finally:
        os._exit(0)


def _mapped_bytes() -> int:
    """Return the address space this process maps now (Linux: the first field of /proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _read_until(fd: int, deadline: float) -> bytes:
    """Return everything written to ``fd`` until it closes; raise ``TimeoutError`` at the deadline."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _outcome(output: bytes, status: int, limits: Limits) -> Parsed:
    """Return the record the child wrote, or raise the error it wrote or the way it died."""
    if not output:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
            raise ExtractionError(f"parsing used more than {limits.cpu_seconds} s of CPU; the document was given up")
        raise ExtractionError(f"the parser process ended without a result (status {status})")
    payload = json.loads(output)
    if "error" in payload:
        raise (ParseError if payload["kind"] == "ParseError" else ExtractionError)(payload["error"])
    return Parsed(ParsedCertificate.from_dict(payload["record"]), payload["text"], payload["pages"])
