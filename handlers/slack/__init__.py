"""The Slack channel: bolt-python listeners, the needs-report modal, App Home, HTTP and Socket Mode.

Everything a person says here goes through ``bot_app.router`` like on every other channel; this
package only translates Slack payloads to ``IncomingMessage`` and ``Reply`` to Block Kit.
Entry points: ``handlers.slack.app.create_slack_app`` and ``handlers.slack.service.slack_services``.
"""
