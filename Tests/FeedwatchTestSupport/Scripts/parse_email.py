#!/usr/bin/env python3
"""Parses one email message (a file argument, or stdin) with Python's standard MIME parser and prints
what feedwatch's tests check, as JSON: decoded headers, parser defects, the parts' decoded text, and
facts about the raw bytes (CRLF line ends, longest line, 7-bit clean).
"""
import email
import email.policy
import json
import sys


def main():
    raw = open(sys.argv[1], "rb").read() if len(sys.argv) > 1 else sys.stdin.buffer.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    result = {
        "headers": {},
        "header_names": [name for name in message.keys()],
        "defects": [type(d).__name__ for d in message.defects],
        "parts": [],
        "content_type": message.get_content_type(),
        "crlf_only": b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b""),
        "longest_line": max(len(line) for line in lines),
        "seven_bit": all(byte < 128 for byte in raw),
        "raw_header_lines": len(header_block.split(b"\r\n")),
    }
    for name in set(message.keys()):
        result["headers"][name.lower()] = [str(value) for value in message.get_all(name)]
    for part in message.walk():
        result["defects"] += [type(d).__name__ for d in part.defects]
        if part.is_multipart():
            continue
        result["parts"].append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "content": part.get_content(),
        })
    # Addresses as the parser understands them (display name, address) for each address header.
    for name in ("from", "to"):
        header = message.get(name)
        if header is not None:
            result[name + "_addresses"] = [[a.display_name, a.addr_spec] for a in header.addresses]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
