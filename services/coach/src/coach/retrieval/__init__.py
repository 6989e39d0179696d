"""Full-text retrieval of passages: SQLite FTS5 locally, PostgreSQL full-text in production."""
