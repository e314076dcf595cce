"""Articles: list, one article with the facts read from it, and loading a new one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from conflictkg.api.deps import IngestKeyDep, IngestorDep, QueriesDep
from conflictkg.api.errors import invalid, not_found, problem_responses
from conflictkg.api.models import ArticleCreate, ArticleCreated, ArticlePublic, ArticlesPublic
from conflictkg.api.params import ArticlePath, Limit, Offset, Since, Until, window
from conflictkg.api.params import article_id as article_id_key
from conflictkg.graph.dates import PartialDate

router = APIRouter(tags=["articles"])  # reads
write_router = APIRouter(tags=["articles"])


@router.get("/articles", name="list_articles",
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


@router.get("/articles/{article_id}", name="get_article",
            responses=problem_responses(401, 404, 422, 503))
async def get_article(article_id: ArticlePath, queries: QueriesDep) -> ArticlePublic:
    """One article's metadata and every fact and relationship read from it, with the quotes."""
    article = await queries.article(article_id_key(article_id))
    if article is None:
        raise not_found("article", article_id)
    return article


@write_router.post(
    "/articles", name="create_article", status_code=201,
    responses={
        200: {"model": ArticleCreated, "description": "This text was loaded before: nothing new."},
        **problem_responses(400, 401, 403, 413, 422, 503),
    },
)
async def create_article(
    body: ArticleCreate,
    _: IngestKeyDep,
    ingestor: IngestorDep,
    response: Response,
) -> ArticleCreated:
    """Extract the facts of an article and write them: 201 for a new article, 200 when the same
    text was loaded before (by the same extractor version the graph is left as it was; by an
    older one its facts are replaced, `status: replaced`)."""
    if body.published:
        try:
            PartialDate.parse(body.published)
        except ValueError as exc:
            raise invalid("published", str(exc), "body") from None
    # Extraction is CPU-bound and the writer is sync: both run in a worker thread.
    result = await run_in_threadpool(
        lambda: ingestor.ingest_text(body.text, name="the posted article", language=body.language,
                                     published=body.published, title=body.title, source=body.source)
    )
    created = result.status == "created"
    response.status_code = 201 if created else 200
    if created:
        response.headers["Location"] = f"/articles/{result.article_id}"
    return ArticleCreated(
        id=result.article_id, created=created, status=result.status,
        extractor=result.extractor, nodes_created=result.nodes_created,
        nodes_deleted=result.nodes_deleted, relationships_created=result.relationships_created,
        relationships_deleted=result.relationships_deleted,
        nodes=result.nodes_in_document, relationships=result.relationships_in_document,
    )
