"""Test WARC files made from the real pages in ../shared (never committed: third-party text).

    python make_test_warcs.py SHARED_DIR OUT_DIR

- `a-pages.warc.gz`: the article-extraction benchmark's 181 news and blog pages as HTTP
  responses under their own URLs, with a request record, a 404 and an image among them (records
  a reader must skip and count).
- `b-stories.warc.gz`: the articles of the first 40 Multi-News-200 stories (several outlets each)
  as HTML pages, so that the stream holds stories with several sources to brief.
"""

import gzip
import html
import io
import json
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def response(writer, url, body, content_type="text/html; charset=utf-8", status="200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)


def page_of(title, text):
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{html.escape(title)}</h1>\n"
        f"{paragraphs}</article><footer>Copyright</footer></body></html>"
    ).encode()


def main(shared, out):
    shared, out = Path(shared), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    bench = shared / "data" / "article_extraction_benchmark"
    with open(out / "a-pages.warc.gz", "wb") as f:
        w = WARCWriter(f, gzip=True)
        req = w.create_warc_record("https://example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        w.write_record(req)
        for line in open(bench / "article_extraction_benchmark.jsonl", encoding="utf-8"):
            page = json.loads(line)
            body = gzip.decompress((bench / page["html_file"]).read_bytes())
            response(w, page["url"], body)
        response(w, "https://example.org/gone", b"<p>Not found</p>", status="404 Not Found")
        response(w, "https://example.org/logo.png", b"\x89PNG\r\n", content_type="image/png")
    stories = shared / "data" / "multi_news" / "multi_news_test_longbench200.jsonl"
    with open(out / "b-stories.warc.gz", "wb") as f:
        w = WARCWriter(f, gzip=True)
        for n, line in enumerate(open(stories, encoding="utf-8")):
            if n == 40:
                break
            story = json.loads(line)
            for d, text in enumerate(story["documents"]):
                first = next((l.strip() for l in text.split("\n") if len(l.split()) >= 5), "Untitled")
                title = " ".join(first.split()[:12])
                response(w, f"https://news.example/{story['id']}/{d}", page_of(title, text))


if __name__ == "__main__":
    main(*sys.argv[1:3])
