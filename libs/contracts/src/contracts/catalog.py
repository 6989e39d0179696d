"""Import every event module so the registry knows all of them."""

from contracts import coach, content, evaluation, identity, interview, practice

MODULES = (identity, content, practice, evaluation, coach, interview)
