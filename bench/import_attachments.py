"""Attachment import throughput against the floor: a raw COPY of the same bytes into bytea.

    uv run python bench/import_attachments.py [--conversations 500] [--images 4] [--kb 512]

Writes a ChatGPT-shaped export zip whose conversations show 2,000 images (random bytes
behind a PNG signature, about 1 GB; deflated at level 1 like any zip tool would, which
leaves random bytes as they are), imports it with `store.importers.import_paths` into a
fresh data dir in a child process (its peak RSS is the import's alone), then COPYs the same
bytes from memory into a bytea table of the same storage in one transaction. The figure is
import MB/s divided by COPY MB/s (issue 15: at least 0.5), and the import's peak RSS.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import struct
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.common import OUT, machine
from store.backup import libpq_url

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def generate(path: Path, conversations: int, images: int, size: int) -> int:
    """Write the zip; return the bytes of its images."""
    import json

    total = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        export = []
        for c in range(conversations):
            cid = f"bench-{c:06d}"
            parts: list[object] = []
            for i in range(images):
                file_id = f"file-Bench{c:012d}x{i:06d}"
                data = _SIGNATURE + os.urandom(size - len(_SIGNATURE))
                out.writestr(f"{file_id}-image{i}.png", data)
                total += len(data)
                parts.append(
                    {
                        "content_type": "image_asset_pointer",
                        "asset_pointer": f"file-service://{file_id}",
                        "size_bytes": size,
                    }
                )
            parts.append("what is in these pictures?")
            user = {
                "id": f"{cid}-u",
                "author": {"role": "user", "name": None, "metadata": {}},
                "create_time": 1.7e9 + c,
                "content": {"content_type": "multimodal_text", "parts": parts},
                "metadata": {},
            }
            reply = {
                "id": f"{cid}-a",
                "author": {"role": "assistant", "name": None, "metadata": {}},
                "create_time": 1.7e9 + c + 5,
                "content": {"content_type": "text", "parts": ["Pictures of noise."]},
                "metadata": {"model_slug": "gpt-4o"},
            }
            mapping = {
                f"{cid}-u": {
                    "id": f"{cid}-u",
                    "message": user,
                    "parent": None,
                    "children": [f"{cid}-a"],
                },
                f"{cid}-a": {
                    "id": f"{cid}-a",
                    "message": reply,
                    "parent": f"{cid}-u",
                    "children": [],
                },
            }
            export.append(
                {
                    "title": f"Pictures {c}",
                    "create_time": 1.7e9 + c,
                    "mapping": mapping,
                    "current_node": f"{cid}-a",
                    "conversation_id": cid,
                    "id": cid,
                }
            )
        out.writestr("conversations.json", json.dumps(export))
    return total


def _import(export: str, queue: multiprocessing.Queue) -> None:
    import shutil

    from bench.common import use_home
    from store import open_store
    from store.importers import import_paths
    from store.server import EmbeddedServer

    home = use_home("import_attachments")
    EmbeddedServer(home).stop()
    shutil.rmtree(home, ignore_errors=True)
    store = open_store()
    with store._engine.begin() as conn:
        conn.exec_driver_sql("CHECKPOINT")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    summary = import_paths(store, [Path(export)])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stored = sum(f.attachments for f in summary.files)
    url = libpq_url(store.connection.url)
    # The floor runs here, after the peak is read: it holds every image in memory, and the
    # embedded server lives as long as this process.
    copy_seconds, copied = copy_floor(url, Path(export))
    store.close()
    queue.put((seconds, stored, before, peak, summary.ok, copy_seconds, copied))


def copy_floor(url: str, export: Path) -> tuple[float, int]:
    """Seconds to COPY the same image bytes, from memory, into a bytea table."""
    with zipfile.ZipFile(export) as archive:
        blobs = [archive.read(i) for i in archive.infolist() if i.filename.endswith(".png")]
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS floor_blobs")
        conn.execute("CREATE TABLE floor_blobs (data bytea NOT NULL)")
        conn.execute("ALTER TABLE floor_blobs ALTER COLUMN data SET STORAGE EXTERNAL")
        conn.commit()
        conn.execute("CHECKPOINT")
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy("COPY floor_blobs (data) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.write(b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0))
            for data in blobs:
                copy.write(struct.pack("!hi", 1, len(data)))
                copy.write(data)
            copy.write(struct.pack("!h", -1))
        conn.commit()
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE floor_blobs")
        conn.commit()
    return seconds, sum(len(b) for b in blobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=500)
    parser.add_argument("--images", type=int, default=4)
    parser.add_argument("--kb", type=int, default=512)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / "import-attachments.zip"
    count = args.conversations * args.images
    print(f"generating {count} images of {args.kb} KB …", flush=True)
    total = generate(export, args.conversations, args.images, args.kb * 1024)
    print(f"  {total / 2**20:.0f} MB of images, zip {export.stat().st_size / 2**20:.0f} MB")

    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_import, args=(str(export), queue))
    child.start()
    seconds, stored, before, peak, ok, copy_seconds, copied = queue.get()
    child.join()
    assert ok and stored == count, (ok, stored, count)
    assert copied == total
    mb = total / 2**20
    print(f"machine:  {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(
        f"import:   {stored} attachments, {mb:.0f} MB in {seconds:.1f} s = {mb / seconds:.1f} MB/s"
    )
    print(
        f"  peak RSS of the importing process: {before / 1024:.0f} MB before, {peak / 1024:.0f} MB after"
    )
    print(f"COPY:     same bytes in {copy_seconds:.1f} s = {mb / copy_seconds:.1f} MB/s")
    print(f"ratio:    {copy_seconds / seconds:.2f} (budget >= 0.5)")


if __name__ == "__main__":
    main()
