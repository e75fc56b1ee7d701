"""Block Kit limits in one place (https://docs.slack.dev/reference/block-kit/blocks)."""

from __future__ import annotations

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_TEXT = 3000
PRIVATE_METADATA = 3000
BLOCK_ID = 255
VIEW_TITLE = 24
BUTTON_TEXT = 75
INPUT_LABEL = 2000
INPUT_HINT = 2000
OPTION_TEXT = 75
OPTIONS = 100
PLAIN_INPUT = 3000
# `msg_blocks_too_long` comes near 13k characters of block text in one message; stay well below.
MESSAGE_TEXT_BUDGET = 11_000
# The notification text that goes with blocks (shown in push notifications and old clients).
FALLBACK_TEXT = 300
