"""Compiler tiers: from module IR to executable code."""
