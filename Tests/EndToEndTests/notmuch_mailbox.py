#!/usr/bin/env python3
"""Writes the test mailbox for the notmuch detection test and indexes it with the real `notmuch new`.

    notmuch_mailbox.py ROOT first   # the mailbox before the first pass
    notmuch_mailbox.py ROOT together   # more of it: a mail to two people, three to a stranger
    notmuch_mailbox.py ROOT more    # new mail arriving after it

ROOT/notmuch-config names the database (ROOT/mail) and the user's addresses: me@example.org
(primary) and me@work.example (other). Dates are relative to now (days ago).
"""
import email.utils
import os
import subprocess
import sys
import time

ROOT = sys.argv[1]
STAGE = sys.argv[2]
MAIL = os.path.join(ROOT, "mail")
CONFIG = os.path.join(ROOT, "notmuch-config")
NOW = time.time()
counter = [0]


def message(folder, days_ago, sender, to, subject, cc=None, bcc=None, msgid=None, reply_to=None, headers=None, also_in=None):
    counter[0] += 1
    msgid = msgid or f"<{STAGE}-{counter[0]}@test.example>"
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {email.utils.formatdate(NOW - days_ago * 86400, localtime=False)}",
        f"Message-ID: {msgid}",
    ]
    if cc:
        lines.append(f"Cc: {cc}")
    if bcc:
        lines.append(f"Bcc: {bcc}")
    if reply_to:
        lines += [f"In-Reply-To: {reply_to}", f"References: {reply_to}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    text = "\n".join(lines) + "\n\nA body connectd never reads.\n"
    for where in [folder] + (also_in or []):
        directory = os.path.join(MAIL, where)
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(directory, sub), exist_ok=True)
        name = f"{int(NOW)}.{STAGE}{counter[0]}.test:2,S"
        with open(os.path.join(directory, "cur", name), "w") as f:
            f.write(text)
    return msgid


if STAGE == "first":
    with open(CONFIG, "w") as f:
        f.write(f"[database]\npath={MAIL}\n[user]\nname=Me\nprimary_email=me@example.org\nother_email=me@work.example\n"
                "[new]\ntags=inbox;\n[search]\nexclude_tags=\n")
    os.makedirs(MAIL, exist_ok=True)
    # Sent to Ada: proposed.
    message("sent", 3, "Me <me@example.org>", '"Lovelace, Ada" <ADA@Example.ORG>', "onboarding")
    # Sent from the other address, Grace in Cc: proposed.
    message("sent", 5, "Me <me@work.example>", "someone@else.example", "the plan", cc="Grace Hopper <grace@example.org>")
    # A list: I wrote to it, Hedy answered through it (List-Id): not proposed.
    started = message("sent", 7, "me@example.org", "dev@lists.example", "release?")
    message("lists", 7, "Hedy Lamarr <hedy@example.org>", "dev@lists.example", "Re: release?", reply_to=started,
            headers={"List-Id": "<dev.lists.example>"})
    # 30 recipients, Katherine among them: not proposed.
    many = ", ".join([f"p{n}@crowd.example" for n in range(29)] + ["katherine@example.org"])
    message("sent", 8, "me@example.org", many, "party")
    # A thread: Barbara wrote, I answered the same day (one proposal), she answered two days later (another).
    first = message("inbox", 6, "Barbara Liskov <barbara@example.org>", "me@example.org", "question")
    mine = message("sent", 6, "me@example.org", "barbara@example.org", "Re: question", reply_to=first)
    message("inbox", 4, "Barbara Liskov <barbara@example.org>", "me@example.org", "Re: question", reply_to=mine)
    # Bcc: not read, so Linus is not proposed.
    message("sent", 2, "me@example.org", "newsletter@else.example", "news", bcc="linus@example.org")
    # Received only: Margaret wrote, I did not answer: not proposed.
    message("inbox", 1, "Margaret Hamilton <margaret@example.org>", "me@example.org", "hello")
    # One message in two folders: one proposal for Edsger.
    message("sent", 2, "me@example.org", "edsger@example.org", "goto", also_in=["archive"])
    # Older than the window (90 days): not proposed.
    message("sent", 100, "me@example.org", "ada@example.org", "long ago")
    # Bulk mail I sent (Precedence: bulk): not proposed.
    message("sent", 3, "me@example.org", "grace@example.org", "announcement", headers={"Precedence": "bulk"})
elif STAGE == "together":
    # To Ada and Barbara at once: two proposals, one interaction with both when accepted.
    message("sent", 9, "me@example.org", "ada@example.org, Barbara Liskov <barbara@example.org>", "lunch on friday?")
    # Three mails within a month to someone who is none of my people: proposed as someone to add.
    for days in (12, 20, 26):
        message("sent", days, "me@example.org", "Jean Sammet <jean.sammet@else.example>", f"FORMAC, part {days}")
elif STAGE == "more":
    # New mail after the first pass: Katherine, alone.
    message("sent", 0, "me@example.org", "Katherine Johnson <katherine@example.org>", "orbits")
else:
    sys.exit(f"unknown stage {STAGE}")

subprocess.run(["notmuch", f"--config={CONFIG}", "new", "--quiet"], check=True)
