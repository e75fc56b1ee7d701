"""What the bot can do, one module per use case; the router asks each in order."""
