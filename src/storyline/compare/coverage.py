"""Coverage matrix: which articles carry each shared fact, lead with it, or omit it."""

from __future__ import annotations

LEAD_CLAIMS = 3  # the first claims of an article (headline, lede) are its lead


def coverage(groups: list[dict], article_ids: list[str], lead_rank: dict[tuple[str, int], int]) -> dict:
    """Rows for facts reported by ≥ 2 articles or disputed; cells lead|carries.

    A row's cells hold only the articles that carry its fact: an article of ``articles``
    missing from them is absent (counted in the totals), so the table grows with the
    members, not with rows x articles. ``lead_rank`` maps (article id, unit id) -> rank
    of the claim in its article.
    """
    rows = []
    pos = {aid: i for i, aid in enumerate(article_ids)}
    for g in groups:
        if len(g["articles"]) < 2 and g["verdict"] not in ("conflicting", "revision"):
            continue
        cells = {}
        by_article: dict[str, list[dict]] = {}
        for m in g["members"]:
            by_article.setdefault(m["article_id"], []).append(m)
        for aid in sorted((a for a in by_article if a in pos), key=pos.__getitem__):  # in story order
            ms = by_article[aid]
            first = min(ms, key=lambda m: m["start"])
            rank = min(lead_rank.get((aid, m["uid"]), 99) for m in ms)
            cells[aid] = {"status": "lead" if rank < LEAD_CLAIMS else "carries",
                          "sentence": first["sentence"], "start": first["start"], "end": first["end"]}
        rows.append({"group": g["id"], "label": g["label"], "verdict": g["verdict"], "cells": cells})
    counts = {aid: {s: 0 for s in ("lead", "carries", "absent")} for aid in article_ids}
    for r in rows:
        for aid, cell in r["cells"].items():
            counts[aid][cell["status"]] += 1
    for c in counts.values():
        c["absent"] = len(rows) - c["lead"] - c["carries"]
    return {"articles": list(article_ids), "rows": rows, "totals": counts}
