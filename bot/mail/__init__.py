"""Email business rules, free of any mail library: decoding, classification, correlation, reply text,
reply tokens, the outbox, sending policy, and forms by email. ``handlers.email`` does the I/O."""
