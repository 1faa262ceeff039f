"""Coverage matrix: which articles carry each shared fact, lead with it, or omit it."""

from __future__ import annotations

LEAD_CLAIMS = 3  # the first claims of an article (headline, lede) are its lead


def coverage(groups: list[dict], article_ids: list[str], lead_rank: dict[tuple[str, int], int]) -> dict:
    """Rows for facts reported by ≥ 2 articles or disputed; cells lead|carries|absent.

    ``lead_rank`` maps (article id, unit id) -> rank of the claim in its article.
    """
    rows = []
    for g in groups:
        if len(g["articles"]) < 2 and g["verdict"] not in ("conflicting", "revision"):
            continue
        cells = {}
        by_article: dict[str, list[dict]] = {}
        for m in g["members"]:
            by_article.setdefault(m["article_id"], []).append(m)
        for aid in article_ids:
            ms = by_article.get(aid)
            if not ms:
                cells[aid] = {"status": "absent"}
                continue
            first = min(ms, key=lambda m: m["start"])
            rank = min(lead_rank.get((aid, m["uid"]), 99) for m in ms)
            cells[aid] = {"status": "lead" if rank < LEAD_CLAIMS else "carries",
                          "sentence": first["sentence"], "start": first["start"], "end": first["end"]}
        rows.append({"group": g["id"], "label": g["label"], "verdict": g["verdict"], "cells": cells})
    counts = {aid: {s: 0 for s in ("lead", "carries", "absent")} for aid in article_ids}
    for r in rows:
        for aid, cell in r["cells"].items():
            counts[aid][cell["status"]] += 1
    return {"articles": list(article_ids), "rows": rows, "totals": counts}
