#!/usr/bin/env python3
"""The script a support engineer would write instead of PeerDesk: the reference for `make bench`.

Reads the same inputs as `peerdesk check` (message files, folders, mbox files, CSV/JSON/NDJSON/XML
exports), parses every message with the standard library (`email.message_from_bytes` with
`policy=email.policy.default`), walks every part and decodes every text body (HTML too, tags
stripped), and extracts the six details with regular expressions.

    python3 bench/reference.py [--runs N] [--json OUT] PATH...

Prints one JSON object: items, bytes, seconds per run, messages/s and MB/s of the median run, how
many items had all six details, and the peak resident memory of this process. Files are read
inside the timed loop, one at a time (as a script would stream them); Python start-up and the
folder listing are not timed.
"""

import csv
import email
import email.policy
import html
import io
import json
import os
import re
import resource
import statistics
import sys
import time
import xml.etree.ElementTree as ElementTree

ACCOUNT = re.compile(r"(?i)(?:account(?:\s*(?:id|number|no|#))?|acct)\s*(?:is|:|=|-|#)?\s*[:=]?\s*(\d{4}-?\d{4}-?\d{4})\b")
REGION = re.compile(r"\b((?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d)\b")
VPC = re.compile(r"\b(vpc-(?:[0-9a-f]{17}|[0-9a-f]{8}))\b")
CIDR = re.compile(r"\b((?:\d{1,3}\.){3}\d{1,3}/\d{1,2})\b")
ROLE_ARN = re.compile(r"\b(arn:aws:iam::\d{12}:role/[\w+=,.@/-]+)")
CLUSTER = re.compile(r"\b(c[a-z0-9]{24})\b")
TAG = re.compile(r"<(?:style|script)[^>]*>.*?</(?:style|script)>|<[^>]+>", re.S | re.I)


def extract(text):
    """The six details found in text (first match each; every CIDR)."""
    fields = {}
    for name, pattern in (("aws_account_id", ACCOUNT), ("aws_region", REGION), ("vpc_id", VPC),
                          ("peer_role_arn", ROLE_ARN), ("cluster_id", CLUSTER)):
        match = pattern.search(text)
        if match:
            fields[name] = match.group(1).replace("-", "") if name == "aws_account_id" else match.group(1)
    cidrs = CIDR.findall(text)
    if cidrs:
        fields["vpc_cidrs"] = sorted(set(cidrs))
    return fields


def message_text(message):
    """Every decoded text body of a message (attached messages included), HTML stripped."""
    texts = [str(message.get("subject", ""))]
    for part in message.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            body = part.get_content()
        except (LookupError, UnicodeError, AssertionError, ValueError):
            payload = part.get_payload(decode=True) or b""
            body = payload.decode("utf-8", "replace")
        if part.get_content_subtype() == "html":
            body = html.unescape(TAG.sub(" ", body))
        texts.append(body)
    return "\n".join(texts)


def parse_message(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    return extract(message_text(message))


def records(path, data):
    """Requests in a file: one message, an mbox, or the records of an export."""
    head = data[:512].lstrip()
    name = path.lower()
    if data.startswith(b"From "):
        for chunk in re.split(rb"\n(?=From )", data):
            body = chunk.split(b"\n", 1)[1] if b"\n" in chunk else b""
            yield parse_message(re.sub(rb"(?m)^>(>*From )", rb"\1", body))
    elif name.endswith(".csv"):
        for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig", "replace"))):
            yield extract("\n".join(f"{key}: {value}" for key, value in row.items()))
    elif name.endswith(".ndjson"):
        for line in data.splitlines():
            if line.strip():
                yield extract(json.dumps(json.loads(line)))
    elif head.startswith(b"{") or head.startswith(b"["):
        document = json.loads(data)
        tickets = document if isinstance(document, list) else next(
            (value for value in document.values() if isinstance(value, list)), [])
        for ticket in tickets:
            yield extract(json.dumps(ticket))
    elif head.startswith(b"<?xml"):
        for ticket in ElementTree.fromstring(data):
            yield extract("\n".join(f"{child.tag}: {child.text or ''}" for child in ticket))
    else:
        yield parse_message(data)


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, folders, names in os.walk(path):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                for name in sorted(names):
                    if not name.startswith("."):
                        yield os.path.join(folder, name)
        else:
            yield path


def main(argv):
    runs, output, paths = 3, None, []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--runs":
            runs = int(next(arguments))
        elif argument == "--json":
            output = next(arguments)
        else:
            paths.append(argument)
    names = list(files(paths))
    seconds, items, total, complete = [], 0, 0, 0
    for _ in range(runs):
        items, total, complete = 0, 0, 0
        start = time.perf_counter()
        for name in names:
            with open(name, "rb") as handle:
                data = handle.read()
            total += len(data)
            try:
                for fields in records(name, data):
                    items += 1
                    complete += len(fields) == 6
            except Exception:  # a damaged file is one item that found nothing, as in PeerDesk
                items += 1
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    result = {
        "items": items,
        "bytes": total,
        "runs": seconds,
        "messages_per_second": items / median,
        "megabytes_per_second": total / 1e6 / median,
        "complete": complete,
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "python": sys.version.split()[0],
    }
    text = json.dumps(result)
    if output:
        with open(output, "w") as handle:
            handle.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
