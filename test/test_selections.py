# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""ts_src/lib/selections.ts is what build/selections.py writes from addon_amc/lib."""

import importlib.util
import os
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_generator():
    spec = importlib.util.spec_from_file_location("amc_build_selections", os.path.join(ROOT, "build", "selections.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestGeneratedSelections(unittest.TestCase):
    def test_typescript_selections_are_current(self):
        generator = _load_generator()
        with open(generator.TARGET, encoding="utf-8") as handle:
            committed = handle.read()
        self.assertEqual(committed, generator.render(), "ts_src/lib/selections.ts is stale: npm run gen:selections")

    def test_keys_come_from_the_python_selections(self):
        generator = _load_generator()
        text = generator.render()
        self.assertIn('export const SCOPES = ["included", "first_line", "config", "billable", "needs_review"]', text)
        self.assertIn('export const SLA_STATUSES = ["ongoing", "paused", "met", "breached"]', text)


if __name__ == "__main__":
    unittest.main()
