"""Coach's tables. The outbox and processed-events tables come from servicekit."""

import servicekit.inbox
import servicekit.outbox  # noqa: F401  outbox
