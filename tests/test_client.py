"""The sync client against the real API over a real socket (uvicorn in a thread, real Neo4j).

The database holds the seed article: two agreements, two attacks, mutual accusations, a summit,
a proposal and statements; enough for paging (more than a dozen events) with small pages. Counts
come from the graph itself, so better extraction does not break these tests.
"""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys
from collections.abc import Iterator

import httpx
import matplotlib
import neo4j
import pytest

import conflictkg.client as client_package
from conflictkg.api.models import (
    AccusationPublic,
    ActorDetailPublic,
    ActorPublic,
    AgreementPublic,
    ArticlePublic,
    ArticleSummary,
    AttackPublic,
    EventPublic,
    NetworkPublic,
    PathPublic,
    ViolationsPublic,
)
from conflictkg.client import (
    AsyncClient,
    BadRequest,
    Client,
    ConflictKGClientError,
    Forbidden,
    Invalid,
    Network,
    NotFound,
    Page,
    Pager,
    Path,
    PayloadTooLarge,
    ServerError,
    Unauthorized,
    Unavailable,
    UnexpectedResponse,
)
from conflictkg.errors import ConflictKGError
from conflictkg.settings import Settings
from tests.api_support import API_KEY
from tests.client_support import MAX_BODY, SEED, SHORT, load_seed, serve
from tests.neo4j_server import free_port

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def base_url(driver: neo4j.Driver, settings: Settings) -> Iterator[str]:
    load_seed(driver, settings.neo4j_database)
    with serve(settings) as base:
        yield base


@pytest.fixture
def kg(base_url: str) -> Iterator[Client]:
    with Client(base_url, api_key=API_KEY, retries=0) as client:
        yield client


@pytest.fixture
def requests(kg: Client) -> list[httpx.Request]:
    """Every request the `kg` client sends, as httpx saw it."""
    sent: list[httpx.Request] = []
    kg._http.event_hooks["request"].append(sent.append)
    return sent


def black_sea(kg: Client) -> AgreementPublic:
    found = kg.agreements(topic="black_sea_shipping").to_list()
    assert len(found) == 1, found
    return found[0]


# -- the package ---------------------------------------------------------------------------------


def test_public_surface_is_pinned() -> None:
    assert sorted(client_package.__all__) == sorted([
        "AsyncClient", "AsyncPager", "AsyncPathPager", "BadRequest", "Client",
        "ConflictKGClientError", "CypherRows", "Forbidden", "Invalid", "Network", "NotFound",
        "Page", "Pager", "Path", "PathPager", "PayloadTooLarge", "Retry", "RetryEvent",
        "ServerError", "Timeout", "Unauthorized", "Unavailable", "UnexpectedResponse",
        "network_to_networkx", "paths_to_networkx", "plot_network", "to_dataframe",
    ])
    for name in client_package.__all__:
        assert getattr(client_package, name) is not None


def test_importing_the_client_starts_nothing_and_needs_no_database() -> None:
    code = (
        "import sys\n"
        "from conflictkg.client import Client\n"
        "kg = Client('http://127.0.0.1:9')\n"
        "pager = kg.attacks(method='drone')\n"  # lazy: nothing is sent
        "heavy = [m for m in ('fastapi', 'starlette', 'uvicorn', 'neo4j', 'conflictkg.api.main',"
        " 'pandas', 'networkx', 'matplotlib') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        # plain data of the graph package: the event types (registry), the date syntax (dates)
        "graph = sorted(m for m in sys.modules if m.startswith(('conflictkg.graph.', 'conflictkg.loaders')))\n"
        "assert graph == ['conflictkg.graph.dates', 'conflictkg.graph.registry'], graph\n"
        "print(repr(kg), repr(pager))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env={"PATH": "", "CONFLICTKG_URL": "http://example.invalid"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ("Client('http://127.0.0.1:9', api_key=none) "
                                  "Pager('/attacks?method=drone', page_size=100)")


def test_results_are_the_api_models() -> None:
    assert issubclass(Network, NetworkPublic) and issubclass(Path, PathPublic)
    hints = inspect.get_annotations(Client.actor, eval_str=True)
    assert hints["return"] is ActorDetailPublic
    assert inspect.get_annotations(Client.violations, eval_str=True)["return"] is ViolationsPublic


def test_sync_and_async_clients_have_the_same_methods() -> None:
    def public(cls: type) -> dict[str, inspect.Signature]:
        return {name: inspect.signature(getattr(cls, name)) for name in dir(cls)
                if not name.startswith("_") and callable(getattr(cls, name))}

    sync, aio = public(Client), public(AsyncClient)
    assert set(sync) - {"close"} == set(aio) - {"aclose"}
    for name in set(sync) - {"close"}:
        assert list(sync[name].parameters) == list(aio[name].parameters), name
        assert getattr(AsyncClient, name).__doc__ == getattr(Client, name).__doc__, name
    assert {"actors", "actor", "network", "agreements", "agreement", "violations", "attacks",
            "accusations", "events", "paths", "articles", "article", "add_article", "cypher",
            "health", "stats"} <= set(sync)


def test_errors_form_one_hierarchy() -> None:
    for cls in (BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, Invalid,
                ServerError, Unavailable, UnexpectedResponse):
        assert issubclass(cls, ConflictKGClientError)
    assert issubclass(ConflictKGClientError, ConflictKGError)


# -- configuration ------------------------------------------------------------------------------


def test_url_and_key_from_the_environment(base_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTKG_URL", base_url + "/")
    monkeypatch.setenv("CONFLICTKG_API_KEY", API_KEY)
    with Client() as kg:
        assert kg.base_url == base_url and kg.has_api_key
        assert kg.cypher("RETURN 1 AS one").rows == [{"one": 1}]
    with Client(api_key="") as anonymous:  # an argument wins over the environment
        assert not anonymous.has_api_key
    monkeypatch.delenv("CONFLICTKG_URL")
    assert Client().base_url == "http://localhost:8000"


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="http"):
        Client("localhost:8000")
    with pytest.raises(ValueError, match="page_size"):
        Client("http://localhost:8000", page_size=5000)
    with pytest.raises(ValueError, match="actor_id"):
        Client("http://localhost:8000").actor("")


# -- every method -------------------------------------------------------------------------------


def test_health_and_stats(kg: Client) -> None:
    assert kg.health().status == "ok"
    stats = kg.stats()
    # the Black Sea deal, the energy-strike moratorium and "een mogelijk vredesakkoord" (proposed)
    assert stats.labels["Article"] == 1 and stats.labels["Agreement"] == 3
    assert stats.nodes_total == sum(stats.labels.values())


def test_actors_and_actor(kg: Client) -> None:
    by_alias = kg.actors("rusland").to_list()
    assert [a.id for a in by_alias] == ["actor:russia"]
    assert isinstance(by_alias[0], ActorPublic)
    countries = kg.actors(kind="country")
    assert countries.total >= 4 and all(a.kind == "country" for a in countries)
    russia = kg.actor("russia")
    assert isinstance(russia, ActorDetailPublic)
    assert "Rusland" in russia.aliases and russia.activity.party_to == 2
    assert russia.evidence and russia.evidence[0].article.startswith("sha256:")
    assert kg.actor("actor:russia").id == kg.actor(by_alias[0]).id == "actor:russia"
    macron = kg.actor("Emmanuel Macron")
    assert "actor:france" in {a.id for a in macron.affiliations}


def test_network(kg: Client) -> None:
    one = kg.network("russia")
    assert isinstance(one, Network) and one.root == "actor:russia" and one.depth == 1
    ids = {n.id for n in one.nodes}
    assert any(i.startswith("agreement:") for i in ids)
    assert all(e.source in ids and e.target in ids for e in one.edges)
    two = kg.network("russia", depth=2)
    assert "actor:ukraine" in {n.id for n in two.nodes} and len(two.nodes) > len(one.nodes)
    capped = kg.network("russia", depth=2, max_nodes=3)
    assert len(capped.nodes) == 3 and capped.truncated


def test_agreements_agreement_and_violations(kg: Client) -> None:
    deal = black_sea(kg)
    assert {"actor:russia", "actor:ukraine"} <= {p.id for p in deal.parties}
    assert [m.id for m in deal.mediators] == ["actor:united-states"]
    assert kg.agreement(deal.id) == deal
    assert kg.agreement(deal.id.removeprefix("agreement:")).id == deal.id
    assert {g.id for g in kg.agreements(mediator="united-states")} >= {deal.id}
    assert kg.agreements(since="2025-05", until=dt.date(2025, 5, 31)).total == 2
    assert kg.agreements(until="2025-04").total == 0

    violations = kg.violations(deal)  # the agreement itself, or its id
    assert violations.agreement == deal.id and violations.name == deal.name
    pairs = {(a.accusers[0].name, a.accused[0].name) for a in violations.accusations}
    assert pairs == {("Ukraine", "Russia"), ("Russia", "Ukraine")}
    assert all(a.violation_evidence for a in violations.accusations)


def test_attacks_accusations_events(kg: Client) -> None:
    drones = kg.attacks(method="drone").to_list()
    assert len(drones) == 1 and isinstance(drones[0], AttackPublic)
    assert drones[0].injured == 20 and drones[0].injured_qualifier == "more_than"
    assert [p.id for p in drones[0].perpetrators] == ["actor:russia"]
    assert kg.attacks(location="kherson").items[0].method == "shelling"
    assert kg.attacks(perpetrator="france").total == 0

    accusations = kg.accusations(accuser="ukraine", accused="russia").to_list()
    assert len(accusations) == 1 and isinstance(accusations[0], AccusationPublic)
    deal = black_sea(kg)
    assert deal.id in {g.id for g in accusations[0].agreements}
    assert kg.accusations(agreement=deal).total == 2

    timeline = kg.events().to_list()
    assert all(isinstance(e, EventPublic) for e in timeline)
    assert {"attack", "agreement", "accusation", "meeting", "proposal", "statement"} == \
        {e.type for e in timeline}
    russia = kg.events(actor="russia", type="attack").to_list()
    assert [e.id for e in russia] == [drones[0].id]


def test_paths(kg: Client) -> None:
    paths = kg.paths("russia", "united-states", max_hops=2)
    found = paths.to_list()
    assert found and all(isinstance(p, Path) for p in found)
    for p in found:
        assert p.nodes[0].id == "actor:russia" and p.nodes[-1].id == "actor:united-states"
        assert len(p.edges) == p.length <= 2
    assert kg.paths("russia", "united-states", max_hops=1).total == 0


def test_articles_and_article(kg: Client) -> None:
    listing = kg.articles(language="nl")
    assert listing.total == 1 and isinstance(listing.items[0], ArticleSummary)
    assert kg.articles(language="en").total == 0
    article = kg.article(listing.items[0].id)
    assert isinstance(article, ArticlePublic) and article.published == "2025-05"
    assert {f.label for f in article.facts} >= {"Actor", "Agreement", "Attack"}


def _events_in_graph(kg: Client) -> int:
    """The number of events in the graph, counted by Cypher rather than by the events endpoint."""
    rows = kg.cypher(
        "MATCH (e) WHERE e:Attack OR e:Agreement OR e:Accusation OR e:Meeting OR e:Proposal "
        "OR e:Statement RETURN count(e) AS n"
    ).rows
    return int(rows[0]["n"])


# -- paging -------------------------------------------------------------------------------------


def test_lists_page_lazily_through_limit_and_offset(kg: Client,
                                                    requests: list[httpx.Request]) -> None:
    everything = kg.events(page_size=1000).to_list()
    n = len(everything)
    assert n >= 12 and n == _events_in_graph(kg)
    requests.clear()

    events = kg.events(page_size=4)
    assert requests == [], "nothing is fetched before it is needed"
    assert isinstance(events, Pager) and events.total == n
    first = events.first_page()
    assert isinstance(first, Page) and len(first) == 4 and first.next_offset == 4
    assert events.items == first.items and len(requests) == 1  # the first page is kept

    assert [e.id for e in events] == [e.id for e in everything]
    offsets = [int(r.url.params["offset"]) for r in requests]
    assert offsets == list(range(0, n, 4))  # the first page was not fetched again
    assert {r.url.params["limit"] for r in requests} == {"4"}
    assert [len(p) for p in events.pages()] == [min(4, n - o) for o in range(0, n, 4)]

    requests.clear()
    some = kg.events(page_size=4, offset=2, max_items=7).to_list()
    assert [e.id for e in some] == [e.id for e in everything[2:9]]
    assert [(r.url.params["offset"], r.url.params["limit"]) for r in requests] == \
        [("2", "4"), ("6", "3")]  # the last page asks only what is still wanted
    assert kg.events(max_items=0).to_list() == []
    assert list(kg.events(offset=n)) == []


def test_page_size_of_the_client_is_the_default(base_url: str) -> None:
    with Client(base_url, api_key=API_KEY, page_size=5) as kg:
        pages = list(kg.events().pages())
        n = _events_in_graph(kg)
    assert [p.limit for p in pages] == [5] * -(-n // 5)
    assert sum(len(p) for p in pages) == n


# -- errors -------------------------------------------------------------------------------------


def test_404_is_not_found_with_the_problem(kg: Client) -> None:
    with pytest.raises(NotFound) as caught:
        kg.actor("atlantis")
    error = caught.value
    assert error.status == 404 and error.detail == "no actor with id 'atlantis'"
    assert error.type is not None and error.type.endswith("not-found")
    assert error.problem is not None and error.problem.instance == "/actors/atlantis"
    assert "404" in str(error) and "/actors/atlantis" in str(error)
    with pytest.raises(NotFound):
        kg.violations("0123456789abcdef")
    with pytest.raises(NotFound, match="no actor"):
        kg.paths("russia", "atlantis").to_list()


def test_401_without_or_with_a_wrong_key(base_url: str) -> None:
    with Client(base_url, api_key="") as anonymous, pytest.raises(Unauthorized) as caught:
        anonymous.add_article(SHORT)
    assert caught.value.status == 401 and "missing X-API-Key" in (caught.value.detail or "")
    assert "CONFLICTKG_API_KEY" in str(caught.value)
    with Client(base_url, api_key="wrong") as wrong, pytest.raises(Unauthorized, match="wrong"):
        wrong.cypher("RETURN 1")
    with Client(base_url) as anonymous:  # reads are open
        assert anonymous.actors().total > 0


def test_403_for_a_write_through_cypher(kg: Client) -> None:
    with pytest.raises(Forbidden, match="read-only"):
        kg.cypher("MATCH (a:Actor) DETACH DELETE a")
    assert kg.actors(kind="country").total >= 4


def test_422_is_invalid_with_the_field_errors(kg: Client) -> None:
    with pytest.raises(Invalid) as caught:
        kg.events(page_size=1000, since="yesterday").to_list()
    assert caught.value.status == 422 and set(caught.value.fields) == {"since"}
    assert caught.value.errors[0].in_ == "query"
    with pytest.raises(Invalid) as caught:
        kg.add_article("", language="Dutch")
    assert set(caught.value.fields) == {"text", "language"}
    with pytest.raises(Invalid, match="near"):
        kg.attacks(near=(91.0, 30.0)).first_page()
    with pytest.raises(Invalid):
        kg.network("russia", depth=9)


def test_413_is_payload_too_large(kg: Client) -> None:
    with pytest.raises(PayloadTooLarge) as caught:
        kg.add_article("Russia attacked Kherson. " * (MAX_BODY // 20))
    assert caught.value.status == 413 and f"{MAX_BODY:,}" in (caught.value.detail or "")
    assert kg.articles().total == 1  # nothing was written


def test_503_is_unavailable_when_the_database_is_away(settings: Settings) -> None:
    closed = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    with serve(closed) as base, Client(base, retries=0) as kg, pytest.raises(Unavailable) as caught:
        kg.actor("russia")
    error = caught.value
    assert error.status == 503 and error.attempts == 1
    assert error.type is not None and error.type.endswith("database-unavailable")
    assert error.retry_after == 5
    assert "not reachable" in (error.detail or "")


def test_nothing_listening_is_unavailable() -> None:
    with (
        Client(f"http://127.0.0.1:{free_port()}", retries=0) as kg,
        pytest.raises(Unavailable, match="cannot reach the conflictkg API") as caught,
    ):
        kg.health()
    assert caught.value.status is None and caught.value.problem is None


def _answer(status: int, body: bytes, content_type: str) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(
        status, content=body, headers={"content-type": content_type}))


def test_answers_that_are_not_problem_json() -> None:
    """What a proxy in front of the API may answer: no problem body, the text is the detail."""
    gateway = _answer(502, b"<html><body>Bad gateway</body></html>", "text/html")
    with (
        Client("http://api.test", transport=gateway, retries=0) as kg,
        pytest.raises(ServerError, match="Bad gateway") as caught,
    ):
        kg.health()
    assert caught.value.status == 502 and caught.value.problem is None
    teapot = _answer(418, b"short and stout", "text/plain")
    with Client("http://api.test", transport=teapot) as kg, pytest.raises(BadRequest):
        kg.stats()
    wrong_shape = _answer(200, b'{"items": "not a list"}', "application/json")
    with Client("http://api.test", transport=wrong_shape) as kg, pytest.raises(UnexpectedResponse, match="version"):
        kg.actors().first_page()


# -- analysis -----------------------------------------------------------------------------------


def test_lists_to_dataframe(kg: Client) -> None:
    frame = kg.events(page_size=5).to_dataframe()
    assert len(frame) == _events_in_graph(kg) and frame["id"].is_unique
    assert {"date", "date_start", "type", "title", "actors", "places"} <= set(frame.columns)
    assert "evidence" not in frame.columns
    assert str(frame["date_start"].dtype).startswith("datetime64")
    attack = frame[frame["title"] == "drone"].iloc[0]
    assert "Russia" in attack["actors"]  # participants by name

    attacks = kg.attacks().to_dataframe(evidence=True)
    assert len(attacks) == 2 and attacks["evidence"].map(len).min() >= 1
    assert set(attacks["method"]) == {"drone", "shelling"}

    empty = kg.attacks(method="nuclear").to_dataframe()
    assert empty.empty and {"id", "method", "perpetrators", "targets"} <= set(empty.columns)
    first = kg.events(page_size=3).first_page().to_dataframe()
    assert len(first) == 3

    detail = client_package.to_dataframe([kg.actor("russia")])
    assert detail.loc[0, "activity.party_to"] == 2


def test_cypher_rows_and_dataframe(kg: Client) -> None:
    result = kg.cypher(
        "MATCH (a:Actor)-[:PARTY_TO]->(g:Agreement {topic: $topic}) "
        "RETURN a.name AS party, g.name AS agreement ORDER BY party",
        {"topic": "black_sea_shipping"},
    )
    assert result.columns == ["party", "agreement"] and not result.truncated
    frame = result.to_dataframe()
    assert list(frame["party"]) == ["Russia", "Ukraine"]


def test_network_and_paths_to_networkx(kg: Client) -> None:
    network = kg.network("russia", depth=2)
    graph = network.to_networkx()
    assert graph.number_of_nodes() == len(network.nodes)
    assert graph.number_of_edges() == len(network.edges)
    assert graph.graph["root"] == "actor:russia"
    assert graph.nodes["actor:russia"]["name"] == "Russia"
    deal = black_sea(kg)
    assert graph.has_edge("actor:russia", deal.id, key="PARTY_TO")
    assert graph.edges["actor:russia", deal.id, "PARTY_TO"]["evidence"][0]["quote"]

    paths = kg.paths("russia", "united-states", max_hops=2)
    joined = paths.to_networkx()
    assert {"actor:russia", "actor:united-states"} <= set(joined)
    single = paths.items[0].to_networkx()
    assert single.number_of_nodes() == paths.items[0].length + 1
    import networkx as nx

    assert nx.has_path(joined.to_undirected(), "actor:russia", "actor:united-states")


def test_network_plot(kg: Client) -> None:
    from matplotlib.axes import Axes

    network = kg.network("russia", depth=2)
    ax = network.plot()
    assert isinstance(ax, Axes)
    labels = {t.get_text() for t in ax.texts}
    assert {"Russia", "Ukraine", "Black Sea shipping agreement"} <= labels
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"country", "Agreement", "Accusation"} <= legend
    by_label = network.plot(color_by="label", edge_labels=True)
    assert {"Actor", "Agreement"} <= {t.get_text() for t in by_label.get_legend().get_texts()}
    assert "PARTY_TO" in {t.get_text() for t in by_label.texts}
    import matplotlib.pyplot as plt

    plt.close("all")


def test_missing_analysis_libraries_say_what_to_install(
    kg: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = kg.network("russia")
    attacks = kg.attacks()
    for module in ("pandas", "networkx", "matplotlib.pyplot"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(ImportError, match=r'needs pandas.*pip install "conflictkg\[analysis\]"'):
        attacks.to_dataframe()
    with pytest.raises(ImportError, match=r'needs networkx.*pip install "conflictkg\[analysis\]"'):
        network.to_networkx()
    with pytest.raises(ImportError, match=r"conflictkg\[analysis\]"):
        network.plot()


# -- writes (last: they change the graph) --------------------------------------------------------


def test_add_article_is_idempotent_and_reads_files(kg: Client) -> None:
    # A pathlib.Path is read; the seed is loaded already. (Giving the language saves detecting it.)
    again = kg.add_article(SEED, language="nl")
    assert again.created is False and again.nodes_created == 0
    created = kg.add_article(SHORT, language="en", title="Kherson", source="test wire")
    assert created.created is True and created.id.startswith("sha256:")
    article = kg.article(created.id)
    assert article.title == "Kherson" and article.published == "2025-03-18"
    assert kg.articles().total == 2
    assert kg.articles(language="en").items[0].id == created.id
