"""Prints "N passed, N failed[, N skipped]" for meson testlog.json files.

A test that printed TAP counts each of its "ok"/"not ok" lines; any other test counts once by its result.
Exits 1 when anything failed or a file is missing.
"""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as error:
        print(f"summarize-tests: {error}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        test = json.loads(line)
        results = re.findall(r"^(not ok|ok) \d+(.*)$", test.get("stdout") or "", re.M)
        if results:
            for verdict, rest in results:
                if re.search(r"#\s*SKIP", rest, re.I):
                    skipped += 1
                elif verdict == "ok" or re.search(r"#\s*TODO", rest, re.I):
                    passed += 1
                else:
                    failed += 1
            # A crash after the last TAP line leaves the run failed without a "not ok".
            if test["result"] in ("FAIL", "TIMEOUT", "ERROR") and all(v == "ok" for v, _ in results):
                failed += 1
        elif test["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif test["result"] == "SKIP":
            skipped += 1
        else:
            failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
