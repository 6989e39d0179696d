"""Coach's tables. The outbox and processed-events tables come from servicekit."""

import servicekit.inbox  # noqa: F401  processed_events
import servicekit.outbox  # noqa: F401  outbox
