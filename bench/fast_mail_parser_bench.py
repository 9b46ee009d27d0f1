#!/usr/bin/env python3
"""The parse-only reference of `make bench`: `fast_mail_parser.parse_email` (Rust, PyPI
`fast-mail-parser==0.10.0`) on the same message files as PeerDesk's real-world intake row.

    .build/bench-venv/bin/python bench/fast_mail_parser_bench.py [--runs N] [--json OUT] PATH...

PATH is a message file or a folder of them (read recursively, sorted). Every file is read into
memory first, as `peerdesk-bench intake` does; each run then parses every message once and the
median run is reported. A message the parser refuses counts as parsed (it did the work) and is
reported under `errors`. Prints one JSON object: items, bytes, seconds per run, messages/s and
MB/s of the median run, errors, the package's version.
"""

import argparse
import json
import os
import statistics
import sys
import time
from importlib import metadata

import fast_mail_parser


def message_files(paths):
    """Every file under PATH..., sorted within each folder."""
    for path in paths:
        if os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders.sort()
                for name in sorted(names):
                    yield os.path.join(folder, name)
        else:
            yield path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", dest="output")
    parser.add_argument("paths", nargs="+")
    arguments = parser.parse_args()

    messages = []
    for path in message_files(arguments.paths):
        with open(path, "rb") as handle:
            messages.append(handle.read())
    if not messages:
        sys.exit("fast_mail_parser_bench: no message files in " + " ".join(arguments.paths))

    seconds = []
    errors = 0
    for run in range(arguments.runs):
        failed = 0
        start = time.perf_counter()
        for message in messages:
            try:
                fast_mail_parser.parse_email(message)
            except Exception:  # the parser's own errors: counted, not fatal
                failed += 1
        seconds.append(time.perf_counter() - start)
        if run == 0:
            errors = failed

    median = statistics.median(seconds)
    size = sum(len(message) for message in messages)
    result = {
        "items": len(messages),
        "bytes": size,
        "seconds": seconds,
        "messages_per_second": len(messages) / median,
        "megabytes_per_second": size / 1e6 / median,
        "errors": errors,
        "version": metadata.version("fast-mail-parser"),
    }
    text = json.dumps(result, indent=2)
    if arguments.output:
        with open(arguments.output, "w") as handle:
            handle.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
