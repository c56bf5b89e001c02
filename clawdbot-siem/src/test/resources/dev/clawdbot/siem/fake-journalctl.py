#!/usr/bin/env python3
# A stand-in for `journalctl -o json --follow`: prints the entries of ENTRIES (one JSON object a line, as
# journalctl writes them) after --after-cursor=C, or from the end with --lines=0, then follows the file.
# Fault directives in ENTRIES, each acted on once: "#DIE" exits with status 3; "#PARTIAL" writes the first half
# of the next entry without its newline and exits. Every start appends its options to ENTRIES.argv.
import json, os, sys, time

entries = sys.argv[1]
opts = sys.argv[2:]
def lines():
    with open(entries) as f:
        return f.read().split("\n")[:-1]

after = next((o.split("=", 1)[1] for o in opts if o.startswith("--after-cursor=")), None)
current = lines()
if after is not None:
    i = 0
    for n, l in enumerate(current):
        if not l.startswith("#") and l.startswith("{") and json.loads(l).get("__CURSOR") == after:
            i = n + 1
    pos = i
elif "--lines=0" in opts:
    pos = len(current)
else:
    pos = 0

# Logged once the start position is known: a test that waits for this line may append at once.
with open(entries + ".argv", "a") as f:
    f.write(" ".join(opts) + "\n")

out = sys.stdout.buffer
while True:
    current = lines()
    while pos < len(current):
        l = current[pos]
        flag = "%s.done.%d" % (entries, pos)
        if l in ("#DIE", "#PARTIAL"):
            if os.path.exists(flag):
                pos += 1
                continue
            open(flag, "w").close()
            if l == "#PARTIAL" and pos + 1 < len(current):
                nxt = current[pos + 1].encode()
                out.write(nxt[: len(nxt) // 2])
                out.flush()
            sys.exit(3)
        out.write(l.encode() + b"\n")
        out.flush()
        pos += 1
    time.sleep(0.05)
