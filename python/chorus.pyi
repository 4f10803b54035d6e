"""Type stubs for `chorus`, the Python binding of the Chorus library (see python/README.md).

Briefs, cleaning results, pages and scores are plain dicts and lists: the JSON the CLI prints,
parsed. The TypedDicts below name their main keys.
"""
from typing import Any, Dict, Iterable, List, Optional, Sequence, TypedDict, Union

METHODS: List[str]

class ChorusError(ValueError):
    """Input Chorus cannot use, or an option it does not know; the message says which."""

class ArticleDict(TypedDict, total=False):
    text: str
    html: str
    title: str
    outlet: str
    url: str
    published: str

Article = Union[str, ArticleDict]

class Support(TypedDict):
    source: int
    sentence: int
    start: int
    end: int

class SummaryItem(TypedDict):
    text: str
    words: int
    support: List[Support]

class Brief(TypedDict, total=False):
    story: str
    method: str
    budget: Dict[str, int]
    sources: List[Dict[str, Any]]
    summary: List[SummaryItem]
    quotes: List[Dict[str, Any]]
    facts: List[Dict[str, Any]]
    entities: List[Dict[str, Any]]
    timeline: List[Dict[str, Any]]
    coverage: List[Dict[str, Any]]
    warnings: List[str]

def brief(
    articles: Union[Article, Sequence[Article]],
    method: str = "ilp",
    words: Optional[int] = None,
    sentences: Optional[int] = None,
    id: Optional[str] = None,
    embeddings: Union[None, bool, str] = None,
) -> Brief:
    """`embeddings`: True for the model `chorus model install` put in place, or its directory:
    paraphrases then count as the same point (citations, coverage), as `--embeddings` does."""
def brief_text(
    articles: Union[Article, Sequence[Article]],
    method: str = "ilp",
    words: Optional[int] = None,
    sentences: Optional[int] = None,
    id: Optional[str] = None,
    format: str = "json",
    embeddings: Union[None, bool, str] = None,
) -> str: ...
def brief_many(
    stories: Iterable[Sequence[Article]],
    method: str = "ilp",
    words: Optional[int] = None,
    sentences: Optional[int] = None,
    embeddings: Union[None, bool, str] = None,
) -> List[Union[Brief, Dict[str, str]]]: ...
def evaluate(
    dataset: Union[str, Sequence[Dict[str, Any]]],
    method: str = "ilp",
    words: int = 250,
    stem: bool = True,
) -> Dict[str, Any]: ...
def brief_story(
    story: Dict[str, Any],
    method: str = "ilp",
    words: Optional[int] = None,
    sentences: Optional[int] = None,
    format: Optional[str] = None,
    embeddings: Union[None, bool, str] = None,
) -> Any:
    """A story closed by `Clusterer(keep_articles=True)`, briefed as `chorus cluster --brief`:
    a dict, or with `format` the CLI's text byte for byte."""
def read_warc(data: bytes) -> Dict[str, Any]:
    """`{"articles": [...], "skipped": {why: n}, "errors": [...]}`: the HTML pages of a WARC
    file as articles `Clusterer.add` takes, in file order."""
def clean(text: str) -> Dict[str, Any]: ...
def extract(html: bytes, url: Optional[str] = None) -> Dict[str, Any]: ...
def rouge(
    references: Union[str, Sequence[str]], hypothesis: str, stem: bool = True
) -> Dict[str, Dict[str, float]]: ...

class Clusterer:
    """Stories from a stream of articles, online (`chorus cluster` as a class)."""

    def __init__(
        self,
        window_hours: Optional[float] = None,
        window_articles: Optional[int] = None,
        threshold: Optional[float] = None,
        keep_articles: bool = False,
    ) -> None:
        """`keep_articles`: each closed story's event carries `sources`, the articles
        `brief_story` reads."""
    def add(self, article: Article) -> List[Dict[str, Any]]: ...
    def close(self) -> List[Dict[str, Any]]: ...
