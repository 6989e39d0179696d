"""Deterministic scorers for written answers, designs, debug-lab triage and bug hunts."""
