"""The email channel: IMAP intake and SMTP sending (the only code that imports imap_tools/aiosmtplib).

Business rules live in ``bot.mail``; this package moves bytes between the servers and those rules.
"""
