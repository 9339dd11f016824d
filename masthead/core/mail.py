"""The embedded email backend: each message is a file in the outbox folder."""

import logging

from django.core.mail.backends.filebased import EmailBackend

logger = logging.getLogger("masthead.mail")


class OutboxFileBackend(EmailBackend):
    """Writes each message to the outbox and logs one line, so nothing is lost and
    an operator running the demo sees that mail was 'sent' and where it went."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        for message in email_messages or ():
            logger.info(
                "email to %s (%s) written to %s",
                ", ".join(message.recipients()),
                message.subject,
                self.file_path,
            )
        return sent
