pytest_plugins = ["servicekit.testing.fixtures"]

# The content pack's debug labs ship their own test suites: the sandbox runs those, not pytest.
collect_ignore_glob = ["services/content/pack/*"]
