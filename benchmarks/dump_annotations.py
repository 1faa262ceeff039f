"""Annotate every real article at hand and write the annotations as sorted JSON lines.

For speed work that must not change output: dump before and after, then ``cmp`` the
files (publication-date inference depends on today's date: compare dumps of one day).

Reproduce: .venv/bin/python benchmarks/dump_annotations.py OUT.jsonl
Articles: GVC val, ECB+ dev, MEANTIME (from ../shared/data) and the seeds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import SHARED  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)



def articles():
    from storyline.records import Article

    data = SHARED / "data"
    for path in (data / "gvc" / "val.jsonl", data / "ecbplus" / "dev.jsonl"):
        if path.exists():
            for line in path.open(encoding="utf-8"):
                r = json.loads(line)
                yield Article(id=r["id"], raw_text=r["text"], text=r["text"], published=r.get("published"), title=r.get("title"))
    for p in sorted((SHARED / "seeds").glob("*")):
        if p.is_file():
            t = p.read_text(encoding="utf-8", errors="replace")
            yield Article(id=p.name, raw_text=t, text=t)
    m = data / "meantime" / "timex.jsonl"
    if m.exists():
        for line in m.open(encoding="utf-8"):
            r = json.loads(line)
            if r.get("text"):
                yield Article(id=f"mt-{r.get('id')}", raw_text=r["text"], text=r["text"], published=r.get("published") or r.get("dct"))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: dump_annotations.py OUT.jsonl", file=sys.stderr)
        return 2
    from storyline.annotate import annotate_articles
    from storyline.options import Options

    n = 0
    with open(argv[0], "w", encoding="utf-8") as f:
        for ann in annotate_articles(articles(), Options(processes=2, batch_size=32)):
            f.write(json.dumps(ann, sort_keys=True, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} articles -> {argv[0]}")
    print(f"command: .venv/bin/python benchmarks/dump_annotations.py {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
