# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipped translations: i18n/sv.po translates every term of i18n/addon_amc.pot, placeholders intact.

The .pot itself is checked against a real Odoo export by ``npm run check:i18n``.
"""

import ast
import re
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-+ #0]*\.?\d*[sdf]|%[sd]|\{[a-z_]+\}|\{\{[^}]+\}\}|t-[a-z-]+=\"[^\"]*\"")


def read_po(path):
    """``{msgid: msgstr}`` of a .po/.pot file (plain entries, no plurals or contexts)."""
    entries, current, key = {}, {}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if line.startswith(("msgid ", "msgstr ")):
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line:
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", "")
            current, key = {}, None
    return entries


class TestTranslations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pot = read_po(ROOT / "i18n" / "addon_amc.pot")
        cls.sv = read_po(ROOT / "i18n" / "sv.po")

    def test_pot_has_terms(self):
        self.assertGreater(len(self.pot), 100)
        self.assertTrue(all(value == "" for value in self.pot.values()), "a template has no translations")

    def test_swedish_is_complete(self):
        missing = sorted(set(self.pot) - {msgid for msgid, msgstr in self.sv.items() if msgstr})
        self.assertEqual(missing, [], f"{len(missing)} terms of addon_amc.pot have no Swedish translation")

    def test_swedish_has_no_stale_terms(self):
        stale = sorted(set(self.sv) - set(self.pot))
        self.assertEqual(stale, [], "sv.po translates terms the module no longer has: merge it with the .pot")

    def test_placeholders_are_kept(self):
        for msgid, msgstr in self.sv.items():
            with self.subTest(msgid=msgid[:60]):
                self.assertEqual(sorted(PLACEHOLDER.findall(msgid)), sorted(PLACEHOLDER.findall(msgstr)))


if __name__ == "__main__":
    unittest.main()
