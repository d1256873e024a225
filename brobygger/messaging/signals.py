"""What messaging tells the apps above it, which it does not import: a reply from a person was
received (meetings reads it as an answer to her invitation). A receiver that acted on the reply
returns True; the reply is then marked handled, so it does not wait in anyone's work list."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``reply`` (InboundMessage) and ``person`` (her, matched by her number).
reply_received = Signal()
