"""Reads the Maildir that aiosmtpd's Mailbox handler wrote and prints every message as
JSON (envelope, headers decoded, and each MIME part with its decoded content), so a Rust
test can check what Foorumi really sent.
Usage: python3 read_maildir.py DIR"""
import json
import mailbox
import sys
from email import policy
from email.parser import BytesParser

box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
messages = []
for key in box.keys():
    message = BytesParser(policy=policy.default).parsebytes(box.get_bytes(key))
    parts = []
    for part in message.walk():
        entry = {"type": part.get_content_type()}
        if not part.is_multipart():
            content = part.get_content()
            if isinstance(content, bytes):
                content = content.decode("utf-8")
            entry.update({
                "method": part.get_param("method"),
                "charset": part.get_content_charset(),
                "filename": part.get_filename(),
                "attachment": part.get_content_disposition() == "attachment",
                "content": content,
            })
        parts.append(entry)
    messages.append({
        "rcpt_to": message["X-RcptTo"],
        "mail_from": message["X-MailFrom"],
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "content_language": message["Content-Language"],
        "message_id": message["Message-ID"],
        "parts": parts,
    })
messages.sort(key=lambda m: (m["rcpt_to"], m["message_id"]))
print(json.dumps(messages, ensure_ascii=False))
