"""Step traces for `POST /runs/trace` (Python, JavaScript, TypeScript), run inside the sandbox."""
