# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/http_body.py (stdlib unittest, no Odoo)."""

import io
import os
import sys
import unittest

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

from http_body import BadBody, BodyTooLarge, json_depth, loads_bounded, read_bounded  # noqa: E402


class CountingStream(io.RawIOBase):
    """An endless stream of spaces that counts what was read from it."""

    def __init__(self, size=None):
        self.size = size
        self.read_bytes = 0

    def read(self, n=-1):
        if self.size is not None:
            n = min(n, self.size - self.read_bytes)
        self.read_bytes += n
        return b" " * n


class TestReadBounded(unittest.TestCase):
    def test_endless_chunked_body_reads_limit_plus_one(self):
        stream = CountingStream()
        with self.assertRaises(BodyTooLarge):
            read_bounded(stream, 1000)
        self.assertEqual(stream.read_bytes, 1001)

    def test_announced_length_over_the_limit_reads_nothing(self):
        stream = CountingStream()
        with self.assertRaises(BodyTooLarge):
            read_bounded(stream, 1000, length=5000)
        self.assertEqual(stream.read_bytes, 0)

    def test_body_within_the_limit(self):
        self.assertEqual(read_bounded(CountingStream(size=1000), 1000), b" " * 1000)
        stream = CountingStream()
        self.assertEqual(read_bounded(stream, 1000, length=10), b" " * 10)
        self.assertEqual(stream.read_bytes, 10, "never past the Content-Length")


class TestLoadsBounded(unittest.TestCase):
    def test_depth_ignores_brackets_in_strings(self):
        self.assertEqual(json_depth(b'{"a": "[[[[{{{", "b": [1, [2]]}'), 3)
        self.assertEqual(json_depth(b'{"a": "\\"[[["}'), 1)

    def test_too_deep_is_bad_not_recursion(self):
        for body in (b"[" * 100000 + b"]" * 100000, b'{"a":' * 50 + b"1" + b"}" * 50):
            with self.assertRaises(BadBody):
                loads_bounded(body)
        self.assertEqual(loads_bounded(b'{"a": [[1]]}'), {"a": [[1]]})

    def test_not_json(self):
        for body in (b"{not json", b"\xff\xfe"):
            with self.assertRaises(BadBody):
                loads_bounded(body)


if __name__ == "__main__":
    unittest.main()
