"""What a learner sees of a catalogue item in practice: the public model contracts defines.

One rule for content and practice alike (contracts.catalogue.public). What a flow earns
later, a bug hunt's hint or a debug lab's taxonomy, is not in the public models: practice
shows it on the attempt once earned.
"""

from __future__ import annotations

from typing import TypeVar

from contracts.catalogue import CatalogueItem, public_view
from contracts.catalogue.items import Item

PublicT = TypeVar("PublicT", bound=Item)


def learner_view(item: CatalogueItem, public: type[PublicT]) -> PublicT:
    """The item's public view, checked to be `public`, the model the route documents."""
    view = public_view(item)
    if not isinstance(view, public):
        raise TypeError(f"a {item.kind} item is not shown as {public.__name__}")
    return view
