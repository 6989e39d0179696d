"""Step traces of Python code for `POST /runs/trace`, run inside the sandbox like any code."""
