"""Test support: real brokers and databases for integration and end-to-end tests."""
