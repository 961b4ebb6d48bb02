#!/usr/bin/env python3
"""Writes fixture.safetensors without any safetensors library, from the format's public description:
an unsigned little-endian 64-bit header length N, N bytes of UTF-8 JSON (padded with spaces), then the
raw little-endian data. SafeTensorsTest reads the result and checks every value.

Run from this folder:  python3 make_fixture.py
"""
import json
import math
import struct

# name -> (dtype, shape, values); the data is laid out in this order.
TENSORS = [
    ("matrix", "F64", [2, 3], [0.5, -1.25, 2.0 ** -20, math.pi, -math.e, 1e300]),
    ("vector", "F32", [4], [1.5, -0.375, 2.0 ** -15, math.pi]),  # math.pi is rounded to float32 by struct
    ("scalar", "F64", [], [math.sqrt(2.0)]),
]
METADATA = {"format": "pt", "note": "caf\u00e9 \"quoted\" \u2211"}


def main():
    data = b""
    entries = {}
    for name, dtype, shape, values in TENSORS:
        code = {"F64": "d", "F32": "f"}[dtype]
        raw = struct.pack("<%d%s" % (len(values), code), *values)
        entries[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    # The header lists the tensors in another order than the data, metadata last, with json's
    # default separators (", " and ": ") and \u escapes for non-ASCII text.
    header = {}
    for name in ["scalar", "matrix", "vector"]:
        header[name] = entries[name]
    header["__metadata__"] = METADATA
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((-len(text)) % 8)
    with open("fixture.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(data)


if __name__ == "__main__":
    main()
