# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data generators: plain functions of an environment, called by the demo XML
through the abstract model ``amc.demo`` (models/amc_demo.py). No business rule lives here."""
