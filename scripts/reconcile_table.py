#!/usr/bin/env python3
"""Prints `hengjie reconcile --format jsonl` (standard input) as a readable warning list:
red first, then orange, then yellow; then each household's changed decisions and the counts."""

import json
import sys

ORDER = {"red": 0, "orange": 1, "yellow": 2}
MARK = {"red": "红", "orange": "橙", "yellow": "黄"}


def main() -> None:
    signals, changes, last = [], [], None
    for line in sys.stdin:
        doc = json.loads(line)
        if "signal" in doc:
            signals.append(doc["signal"])
        elif "household_id" in doc:
            signals.extend(doc.get("signals") or [])
            for c in doc.get("changes") or []:
                changes.append((doc["household_id"], c))
            if "errors" in doc:
                print(f"{doc['household_id']}: invalid household, {len(doc['errors'])} errors")
        else:
            last = doc
    signals.sort(key=lambda s: ORDER[s["severity"]])
    print(f"{'':2} {'household':9} {'person':6} {'code':29} {'declared':12} {'roster':20} message")
    for s in signals:
        where = s["household_id"] or (f"{s['file']}:{s['row']}" if s["file"] else "")
        print(
            f"{MARK[s['severity']]:2} {where:9} {s['person_id'] or '':6} {s['code']:29} "
            f"{s['declared'] or '—':12} {s['roster'] or '—':20} {s['message_zh']}"
        )
    if changes:
        print("\nwhat the departments' data would change:")
        for hid, c in changes:
            before = json.dumps(c["declared"], ensure_ascii=False)
            after = json.dumps(c["reconciled"], ensure_ascii=False)
            print(f"  {hid:8} {c['person_id'] or '':4} {c['decision']:34} {before} → {after}")
    if last:
        print("\nrosters:")
        for r in last["rosters"]:
            files = ", ".join(f or "" for f in r["files"])
            print(
                f"  {r['kind']:16} rows {r['rows']:>5}  matched {r['matched']:>5}  "
                f"invalid {r['invalid']}  duplicates {r['duplicates']}  {files}"
            )
        print("summary:", json.dumps(last["summary"], ensure_ascii=False))


if __name__ == "__main__":
    main()
