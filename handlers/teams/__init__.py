"""The Microsoft Teams channel: the Bot Framework protocol over our own HTTP server.

Incoming activities at ``POST /api/messages`` are authenticated (``auth``), deduplicated and translated to
the core's ``IncomingMessage``; replies go back through the Bot Connector REST API (``connector``) with the
bot's own Entra token (``token``). Proactive campaign reminders are Adaptive Cards from the Teams outbox
(``sender``). No business rules here.
"""
