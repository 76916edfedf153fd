#!/usr/bin/python3
"""Run a check command over one series of a local mbox the way b4 hands messages to one.

b4 (Debian's 0.12.0 here) reads the mbox offline (LoreMailbox, get_series), and each message
is serialised with LoreMessage.get_msg_as_bytes(), which is what b4 >= 0.15 pipes to
b4.review-perpatch-check-cmd (each patch) and b4.review-series-check-cmd (the cover letter).
The command runs in `topdir`, as b4 runs check commands at the top of the git tree.

usage: b4-run-checks.py MBOX REVISION TOPDIR CMD [ARG...]
prints JSON: [{msgid, counter, code, stdout, stderr}], cover letter (counter 0) first.
"""
import email
import json
import mailbox
import subprocess
import sys

import b4


def main() -> None:
    path, revision, topdir, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    b4.logger.setLevel(50)
    mbx = b4.LoreMailbox()
    for msg in mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(f, policy=b4.emlpolicy)):
        mbx.add_message(msg)
    lser = mbx.get_series(revision=revision)
    if lser is None:
        sys.exit('no series v%d in %s' % (revision, path))
    out = []
    for lmsg in lser.patches:
        if lmsg is None:
            continue
        data = b4.LoreMessage.get_msg_as_bytes(lmsg.msg)
        sp = subprocess.run(cmd, input=data, capture_output=True, cwd=topdir)
        out.append({
            'msgid': lmsg.msgid,
            'counter': lmsg.counter,
            'code': sp.returncode,
            'stdout': sp.stdout.decode('utf-8', errors='replace'),
            'stderr': sp.stderr.decode('utf-8', errors='replace'),
        })
    print(json.dumps(out))


if __name__ == '__main__':
    main()
