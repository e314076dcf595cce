"""Articles: list, one article with the facts read from it, and loading a new one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from starlette.concurrency import run_in_threadpool

from conflictkg.api.deps import ApiKeyDep, QueriesDep, ReadAccess, SettingsDep, WriterDep
from conflictkg.api.errors import invalid, not_found, problem_responses
from conflictkg.api.models import ArticleCreate, ArticleCreated, ArticlePublic, ArticlesPublic
from conflictkg.api.params import Limit, Offset, Since, Until, window
from conflictkg.api.params import article_id as article_id_key
from conflictkg.graph.dates import PartialDate
from conflictkg.graph.model import GraphDocument
from conflictkg.graph.writer import WriteResult, write_document
from conflictkg.loaders.extract import extract_text
from conflictkg.loaders.source import parse_article

router = APIRouter(tags=["articles"])
ArticleId = Annotated[str, Path(max_length=80, description="sha256:<64 hex digits>")]


@router.get("/articles", name="list_articles", dependencies=[ReadAccess],
            responses=problem_responses(401, 422, 503))
async def list_articles(
    queries: QueriesDep,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2}$", examples=["nl"])] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ArticlesPublic:
    """Loaded articles, newest publication date first."""
    start, end = window(since, until)
    return await queries.articles(language=language, since=start, until=end, limit=limit,
                                  offset=offset)


@router.get("/articles/{article_id}", name="get_article", dependencies=[ReadAccess],
            responses=problem_responses(401, 404, 422, 503))
async def get_article(article_id: ArticleId, queries: QueriesDep) -> ArticlePublic:
    """One article's metadata and every fact and relationship read from it, with the quotes."""
    article = await queries.article(article_id_key(article_id))
    if article is None:
        raise not_found("article", article_id)
    return article


def _extract(body: ArticleCreate) -> tuple[GraphDocument, int]:
    """CPU-bound: runs in a worker thread. The text length is what evidence offsets index."""
    doc = extract_text(body.text, name="the posted article", language=body.language,
                       published=body.published)
    meta = {k: v for k, v in (("title", body.title), ("source", body.source)) if v is not None}
    if meta:
        doc = doc.model_copy(update={"article": doc.article.model_copy(update=meta)})
    return doc, len(parse_article(body.text, published=body.published).text)


@router.post(
    "/articles", name="create_article", status_code=201,
    responses={
        200: {"model": ArticleCreated, "description": "This text was loaded before: nothing new."},
        **problem_responses(401, 413, 422, 503),
    },
)
async def create_article(
    body: ArticleCreate,
    _: ApiKeyDep,
    queries: QueriesDep,
    writer: WriterDep,
    settings: SettingsDep,
    response: Response,
) -> ArticleCreated:
    """Extract the facts of an article and write them: 201 for a new article, 200 when the same
    text was loaded before (the graph is left as it was)."""
    if body.published:
        try:
            PartialDate.parse(body.published)
        except ValueError as exc:
            raise invalid("published", str(exc), "body") from None
    doc, length = await run_in_threadpool(_extract, body)
    existed = await queries.article_exists(doc.article.id)
    result: WriteResult = await run_in_threadpool(
        lambda: write_document(writer, doc, database=settings.neo4j_database, text_length=length)
    )
    response.status_code = 200 if existed else 201
    if not existed:
        response.headers["Location"] = f"/articles/{doc.article.id}"
    return ArticleCreated(
        id=result.article_id, created=not existed, nodes_created=result.nodes_created,
        relationships_created=result.relationships_created,
        nodes=result.nodes_in_document, relationships=result.relationships_in_document,
    )
