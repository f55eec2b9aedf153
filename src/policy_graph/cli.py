"""The ``policy-graph`` command line: thin commands over the library.

Exit codes: 0 ok, 1 findings (validation problems, quote misses), 2 bad input or usage.
Heavy modules (rdflib, pyshacl, networkx, pyvis, pandas) are imported inside the commands that
need them, so ``policy-graph --help`` starts fast.
"""

from __future__ import annotations

import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import vocabulary
from .vocabulary import VIEWS

if TYPE_CHECKING:
    from .query import Rows

app = typer.Typer(
    name="policy-graph",
    help="Argument-mapping knowledge graph for policy analysis.\n\n"
    "Exit codes: 0 ok; 1 findings (validation problems, quote misses); 2 bad input or usage.\n\n"
    "--debug (anywhere): show the traceback of an unexpected failure instead of one line.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help renderer imports rich + markdown-it (~0.25 s), which
    # alone took `policy-graph --help` past its 0.3 s budget (benchmarks/RESULTS.md).
    rich_markup_mode=None,
)

def _print_version(wanted: bool) -> None:
    if wanted:
        from . import __version__

        typer.echo(f"policy-graph {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    pass


Paths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="RDF files or folders (Turtle, N-Triples, JSON-LD). Default: $POLICY_GRAPH_DATA, else data/claims.ttl of the current folder.",
        show_default=False,
    ),
]
EndpointOption = Annotated[
    str | None, typer.Option("--endpoint", help="Read the graph from this SPARQL 1.1 query URL instead of files.")
]
CorpusOption = Annotated[
    Path | None, typer.Option("--corpus", help="Folder of the source texts. Default: $POLICY_GRAPH_CORPUS, else ../shared/corpus.")
]


#: The projection views, as `policy_graph.vocabulary.VIEWS` lists them, as the help shows them.
VIEW_NAMES = tuple(v.name for v in VIEWS)
VIEW_METAVAR = "[" + "|".join(VIEW_NAMES) + "]"


def _view_name(value: str) -> str:
    """A view by name; a misspelt one is refused with the nearest names (exit 2).

    A plain string, not an Enum: typer before 0.29 turns what a parser returns for an Enum
    parameter into None.
    """
    from .errors import did_you_mean

    if value in VIEW_NAMES:
        return value
    near = did_you_mean(str(value), list(VIEW_NAMES))
    raise typer.BadParameter(f"{value!r} is not a view ({', '.join(VIEW_NAMES)}){'; ' + near if near else ''}")


class ShaclEngineName(str, Enum):
    native = "native"
    pyshacl = "pyshacl"


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


class RankingName(str, Enum):
    pagerank = "pagerank"
    betweenness = "betweenness"
    degree = "degree"
    support = "support"


class SemanticsName(str, Enum):
    grounded = "grounded"
    complete = "complete"
    preferred = "preferred"
    stable = "stable"


class LabelShown(str, Enum):
    all = "all"
    in_ = "in"
    out = "out"
    undec = "undec"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"policy-graph: error: {message}", err=True)
    return typer.Exit(code)


#: Input larger than this (bytes) is loaded through a persistent on-disk store kept under the
#: user's cache folder, keyed by the files' content: later commands reopen it instead of parsing.
CACHE_ABOVE_BYTES = 20_000_000


def _store(paths: list[Path] | None, *, cache: bool = True) -> Any:
    from .resources import data_file
    from .store import Store

    files = paths or [data_file()]
    large = sum(p.stat().st_size for p in files if p.is_file()) > CACHE_ABOVE_BYTES
    store = Store.from_files(files, cache_dir=_cache_dir() if cache and large else None)
    if store.note:
        typer.echo(f"policy-graph: note: {store.note}", err=True)
    return store


def _cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-graph" / "stores"


def _output(path: Path, paths: list[Path] | None = None) -> Path:
    """``path`` if a file may be written there: not a folder, not ``-``, not one of the input files."""
    from .errors import InputError
    from .resources import data_file
    from .store import rdf_files

    if str(path) == "-" or path.is_dir():
        raise InputError("the output must be a file name", path=path, hint="give a file name, e.g. -o out/map.html")
    try:
        inputs = rdf_files(paths or [data_file()])
    except InputError:  # no input to protect: reading it reports the problem
        inputs = []
    if path.exists() and path.resolve() in {p.resolve() for p in inputs}:
        raise InputError("the output is one of the input files", path=path, hint="write to another file")
    return path


def _source(paths: list[Path] | None, endpoint: str | None) -> Any:
    if endpoint:
        from .remote import Endpoint

        if paths:
            raise _fail("give either files or --endpoint, not both")
        return Endpoint(endpoint)
    return _store(paths)


def _table(title: str, columns: list[str], rows: list[Any], *, hidden: int = 0) -> None:
    """Print ``rows`` as a table, then how many more rows were left out (``hidden``)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console = Console(width=max(100, Console().width))
    console.print(table)
    if hidden > 0:
        console.print(f"... {hidden} more rows not shown (use --limit, or --format csv/json for all)")


def _print_rows(rows: Rows, fmt: OutputFormat, limit: int, title: str) -> None:
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(rows.to_python(), ensure_ascii=False, indent=2))
    elif fmt in (OutputFormat.csv, OutputFormat.tsv):
        from .tables import write_table

        write_table(sys.stdout, rows.variables, rows.to_strings(), delimiter="," if fmt is OutputFormat.csv else "\t")
    else:
        _table(title, list(rows.variables), rows.head(limit).to_strings(curies=True), hidden=len(rows) - limit)


# ---- graph files ---------------------------------------------------------------


@app.command()
def validate(
    paths: Paths = None,
    corpus: CorpusOption = None,
    no_quotes: Annotated[bool, typer.Option("--no-quotes", help="Skip checking quote anchors against the texts.")] = False,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="table or json.")] = ReportFormat.table,
    shacl_engine: Annotated[
        ShaclEngineName, typer.Option("--shacl-engine", help="native (fast) or pyshacl (the reference engine).")
    ] = ShaclEngineName.native,
) -> None:
    """Validate the graph: SHACL shapes, SPARQL quality checks, models and quote anchors."""
    from .resources import corpus_dir
    from .validate import validate as run_validate

    report = run_validate(
        _store(paths), corpus_dir=None if no_quotes else (corpus or corpus_dir()), shacl_engine=shacl_engine.value
    )
    if fmt is ReportFormat.json:
        typer.echo(report.model_dump_json(indent=2))
    elif report.findings:
        _table(
            f"{len(report.findings)} findings",
            ["severity", "focus", "path", "message", "rule"],
            [[f.severity, f.focus, f.path, f.message, f.rule] for f in report.findings],
        )
    else:
        typer.echo(f"conforms: {report.triples} triples, no findings (shapes, checks, models, quotes)")
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def stats(
    paths: Paths = None,
    endpoint: EndpointOption = None,
    coverage: Annotated[bool, typer.Option("--coverage", help="Also report quote coverage of each source text.")] = False,
    corpus: CorpusOption = None,
) -> None:
    """Counts by class and relation kind; with --coverage, how much of each text the anchors cover."""
    from .query import select

    source = _source(paths, endpoint)
    rows = select("stats-classes", source)
    _table("Nodes by class", ["class", "count"], [[str(r["class"]).rsplit("#", 1)[-1], r["count"]] for r in rows])
    if coverage:
        from .anchors import coverage as measure
        from .resources import corpus_dir

        reports = measure(source.graph(), corpus or corpus_dir())
        _table(
            "Quote coverage",
            ["source", "sentences (8+ words)", "covered", "share", "footnote markers", "attached"],
            [[r.source.rsplit("/", 1)[-1], r.sentences, r.covered, f"{r.ratio:.1%}", r.markers, r.attached] for r in reports],
        )


@app.command()
def fmt(
    files: Annotated[list[Path], typer.Argument(help="Turtle files to rewrite in canonical order.")],
    check: Annotated[bool, typer.Option("--check", help="Only report files that are not canonical (exit 1).")] = False,
    drop_comments: Annotated[bool, typer.Option("--drop-comments", help="Rewrite files that hold comments, dropping them.")] = False,
) -> None:
    """Rewrite Turtle files in canonical, diff-friendly order (atomic; running it twice changes nothing).

    Every file is read, formatted and proven to parse back to the same graph before any is
    written; a file fmt cannot rewrite without loss (comments, relative IRIs) is refused.
    """
    from .errors import InputError
    from .store import atomic_write_all, locked
    from .turtle import formatted

    for path in files:  # every file is checked before any is rewritten
        if path.suffix != ".ttl" or path.is_dir():
            raise InputError("fmt rewrites Turtle files (.ttl) only", path=path, hint="give .ttl files; other formats are left as written")
    unformatted: dict[Path, str] = {}
    with locked(*files):  # no other write may land between reading a file and replacing it
        for path in dict.fromkeys(files):
            text = formatted(path, drop_comments=drop_comments or check)
            if path.read_bytes() != text.encode("utf-8"):
                unformatted[path] = text
        if not check and unformatted:
            atomic_write_all(unformatted)
    for path in unformatted:
        typer.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    raise typer.Exit(1 if check and unformatted else 0)


@app.command("verify-quotes")
def verify_quotes(paths: Paths = None, corpus: CorpusOption = None) -> None:
    """Check every quote anchor verbatim against the source texts, and footnote placement."""
    from .anchors import anchors, find_anchor_problems
    from .resources import corpus_dir

    graph = _store(paths).graph()
    problems = find_anchor_problems(graph, corpus or corpus_dir())
    for problem in problems:
        typer.echo(f"{problem.focus}: {problem.message} [{problem.rule}]")
    typer.echo(f"{len(anchors(graph))} anchors checked, {len(problems)} problems")
    raise typer.Exit(1 if problems else 0)


# ---- SPARQL --------------------------------------------------------------------


@app.command()
def queries() -> None:
    """List the named queries with their descriptions and parameters."""
    from .query import named_queries

    rows = []
    for name, named in named_queries().items():
        params = ", ".join(f"{p.name}{'?' if p.optional else ''}:{p.kind}" for p in named.params)
        rows.append([name, named.title, params, named.description])
    _table("Named queries (queries/*.rq)", ["name", "title", "parameters", "description"], rows)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A named query, a .rq file, or - to read SPARQL from standard input.")],
    paths: Paths = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as name=value (IRI, CURIE or literal).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, csv, tsv or json.")] = OutputFormat.table,
    endpoint: EndpointOption = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, max=86400, help="Stop the query after this many seconds.")] = 30.0,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Rows shown in a table.")] = 50,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Permit SERVICE clauses (network access).")] = False,
) -> None:
    """Run a SELECT, ASK or CONSTRUCT query on the graph, with parameters bound as RDF terms."""
    from .query import ask, construct, get_query, select

    text = sys.stdin.read() if name == "-" else name
    named = get_query(text)
    params: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise _fail(f"--param {item!r}: write name=value")
        if key in params:
            raise _fail(f"--param {key} is given twice; give each parameter once")
        params[key] = value
    for path in paths or []:
        key, sep, _ = str(path).partition("=")
        if sep and not path.exists() and re.fullmatch(r"[A-Za-z_]\w*", key):
            raise _fail(f"{path}: no such file; to give a parameter, write --param {path}")
    source = _source(paths, endpoint)
    if named.form == "ask":
        typer.echo("true" if ask(named, source, params, timeout=timeout, allow_service=allow_service) else "false")
    elif named.form == "construct":
        from .turtle import canonical_turtle

        typer.echo(canonical_turtle(construct(named, source, params, timeout=timeout, allow_service=allow_service)))
    else:
        _print_rows(select(named, source, params, timeout=timeout, allow_service=allow_service), fmt, limit, named.title or named.name)


@app.command()
def push(
    files: Annotated[list[Path], typer.Argument(help="RDF files or folders to upload.")],
    endpoint: Annotated[str, typer.Option("--endpoint", help="The server's SPARQL query URL (its store URL is derived).")],
    graph: Annotated[str | None, typer.Option("--graph", help="Named graph IRI (default graph if omitted).")] = None,
    store_url: Annotated[str | None, typer.Option("--store-url", help="Graph Store Protocol URL, if not <server>/store.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, max=86400, help="Stop the upload after this many seconds.")] = 60.0,
    append: Annotated[bool, typer.Option("--append", help="Add to the graph instead of replacing it.")] = False,
) -> None:
    """Send RDF files to a SPARQL server (Graph Store Protocol): replace the target graph, or add with --append.

    Every file is checked before anything is sent, and all go in one request.
    """
    from .remote import Endpoint

    server = Endpoint(endpoint, store_url=store_url)
    sent = server.push(files, graph=graph, append=append, timeout=timeout)
    target = f"graph <{graph}>" if graph else "the default graph"
    # the store URL is shown without any credentials the given URL had
    typer.echo(f"{'added to' if append else 'replaced'} {target} at {server.store_url}: {sent:,} triples sent")


@app.command()
def serve(
    paths: Paths = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port on 127.0.0.1.")] = 7878,
    bind: Annotated[str, typer.Option("--bind", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    writable: Annotated[bool, typer.Option("--writable", help="Accept SPARQL UPDATE and Graph Store writes (push).")] = False,
) -> None:
    """Serve the graph over the SPARQL Protocol with the Oxigraph server (read-only unless --writable).

    Ctrl-C, SIGTERM and the death of the process that started it stop the server and remove its database.
    """
    from .server import serve as run_server

    run_server(paths, port=port, bind=bind, writable=writable)


# ---- analysis ------------------------------------------------------------------


@app.command()
def path(
    start: Annotated[str, typer.Argument(metavar="FROM", help="IRI, CURIE or unambiguous label.")],
    end: Annotated[str, typer.Argument(metavar="TO", help="IRI, CURIE or unambiguous label.")],
    paths: Paths = None,
    view: Annotated[str, typer.Option("--view", parser=_view_name, metavar=VIEW_METAVAR)] = "full",
    k: Annotated[int, typer.Option("--k", min=1, help="How many shortest chains.")] = 1,
    endpoint: EndpointOption = None,
) -> None:
    """The shortest (and k shortest) explanation chains between two nodes, with quotes."""
    import networkx as nx

    from .analysis import explanation_paths
    from .project import project, resolve

    graph = project(_source(paths, endpoint), vocabulary.view(view).name)
    source, target = resolve(graph, start), resolve(graph, end)
    try:
        chains = explanation_paths(graph, source, target, k=k)
    except nx.NetworkXNoPath as err:
        raise _fail(str(err), 1) from err
    for number, chain in enumerate(chains, 1):
        typer.echo(f"chain {number} ({len(chain)} steps)")
        for step in chain:
            typer.echo(f"  {graph.nodes[step['u']]['label']}")
            by = step.get("asserted_by_label") or "-"
            sign = {1: " +", -1: " -"}.get(step.get("sign") or 0, "")
            notes = f" [{', '.join(step['footnotes'])}]" if step.get("footnotes") else ""
            typer.echo(f"    --{step['kind']}{sign}--> (asserted by {by}){notes}")
            if step.get("quote"):
                typer.echo(f"      “{step['quote']}”")
        typer.echo(f"  {graph.nodes[chain[-1]['v']]['label']}" if chain else "")


@app.command()
def rank(
    paths: Paths = None,
    view: Annotated[str, typer.Option("--view", parser=_view_name, metavar=VIEW_METAVAR)] = "full",
    by: Annotated[RankingName, typer.Option("--by", help="pagerank, betweenness, degree or support.")] = RankingName.pagerank,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per node kind.")] = 10,
    endpoint: EndpointOption = None,
    each_rephrasing: Annotated[bool, typer.Option("--each-rephrasing", help="Rank a statement's rephrasings on their own (by default a statement and its rephrasings count once).")] = False,
) -> None:
    """Rank nodes by centrality, one table per node kind (a statement and its rephrasings count once)."""
    from .analysis import rank_by_kind
    from .project import project

    graph = project(_source(paths, endpoint), vocabulary.view(view).name)
    tables = rank_by_kind(graph, by=by.value, rephrasings_once=not each_rephrasing)
    if "actor" in tables:
        tables["actor: people"] = [(n, s) for n, s in tables["actor"] if graph.nodes[n].get("type") == "Person"]
    for kind, ranking in sorted(tables.items()):
        rows = [[i, graph.nodes[n]["label"], f"{score:.4f}"] for i, (n, score) in enumerate(ranking[:top], 1)]
        _table(f"{kind}: top {min(top, len(ranking))} by {by.value}", ["#", "node", by.value], rows)


@app.command()
def accept(
    paths: Paths = None,
    semantics: Annotated[
        SemanticsName, typer.Option("--semantics", help="grounded, complete, preferred or stable.")
    ] = SemanticsName.grounded,
    endpoint: EndpointOption = None,
    show: Annotated[LabelShown, typer.Option("--show", help="Which labels to list: all, in, out or undec.")] = LabelShown.all,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, help="Stop the preferred or stable search after this many seconds.")] = 60.0,
) -> None:
    """Dung's argumentation semantics over the attacks: the in/out/undecided label of every claim."""
    from .analysis import SemanticsTimeout, attack_framework, labelling
    from .project import project

    graph = project(_source(paths, endpoint), "argument")
    framework = attack_framework(graph)
    try:
        labels = labelling(framework, semantics=semantics.value, timeout=timeout)
    except SemanticsTimeout as err:
        raise _fail(str(err)) from None
    attacked = {v for _, v in framework.edges} | {u for u, _ in framework.edges}
    rows = [
        [label, graph.nodes[node].get("label", node) if node in graph else node, graph.nodes[node].get("holder_label") if node in graph else None]
        for node, label in sorted(labels.items(), key=lambda item: (item[1], str(item[0])))
        if node in attacked and show.value in ("all", label)
    ]
    counts = {label: sum(1 for v in labels.values() if v == label) for label in ("in", "out", "undec")}
    _table(f"{semantics.value} labelling of the arguments in conflicts ({counts})", ["label", "argument", "held by"], rows)


@app.command()
def ach(
    explanations: Annotated[list[str], typer.Argument(help="Rival explanations (IRI, CURIE or label), or one explanation whose parts compete.")],
    paths: Annotated[list[Path] | None, typer.Option("--data", help="RDF files or folders (default: $POLICY_GRAPH_DATA, else data/claims.ttl).")] = None,
    endpoint: EndpointOption = None,
) -> None:
    """Heuer's Analysis of Competing Hypotheses: evidence x hypotheses matrix from the graph."""
    from .analysis import ach_from_graph
    from .project import project, resolve

    graph = project(_source(paths, endpoint), "full")
    hypotheses = [resolve(graph, e) for e in explanations]
    if len(hypotheses) == 1:
        whole = hypotheses[0]
        hypotheses = [u for u, _, d in sorted(graph.in_edges(whole, data=True), key=lambda e: e[2].get("position") or 0) if d["kind"] == "part"]
        if not hypotheses:
            raise _fail(f"{graph.nodes[whole]['label']!r} has no parts to compare; give two or more rival explanations")
    result = ach_from_graph(graph, hypotheses)
    if not result.evidence:
        raise _fail("no claim supports or attacks these hypotheses; give rival explanations (or one whose parts compete)")

    def label(node: Any) -> str:
        return str(graph.nodes[node]["label"])[:60]

    columns = ["evidence", "diagnosticity"] + [label(h) for h in result.hypotheses]
    rows = [[label(e), result.diagnosticity[e]] + [result.ratings[e][h] for h in result.hypotheses] for e in result.evidence]
    rows.append(["inconsistency score", ""] + [result.inconsistency[h] for h in result.hypotheses])
    _table("Analysis of Competing Hypotheses (C consistent, I inconsistent, N neutral)", columns, rows)


@app.command()
def timeline(
    paths: Paths = None,
    endpoint: EndpointOption = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Show this actor's stance over time instead.")] = None,
) -> None:
    """Events in date order with their precision; with --actor, the actor's claims over time."""
    from .analysis import stance
    from .analysis import timeline as events_in_order
    from .project import project, resolve

    graph = project(_source(paths, endpoint), "full")
    if actor:
        rows = [[r.get("date"), r.get("precision"), r["label"]] for r in stance(graph, resolve(graph, actor))]
        _table(f"Stance of {actor} over time", ["date", "precision", "claim"], rows)
    else:
        rows = [[r["date"], r["precision"], _certainty(r), r["label"]] for r in events_in_order(graph)]
        _table("Timeline", ["date", "precision", "date is", "event"], rows)


def _certainty(event: dict[str, Any]) -> str:
    """"stated", or "inferred" with the bounds the text gives ("inferred, 2017-05-29..2018")."""
    if event.get("certainty") != "inferred":
        return "stated"
    return f"inferred, {event.get('not_before') or ''}..{event.get('not_after') or ''}"


# ---- maps and interchange --------------------------------------------------------


class MapFormat(str, Enum):
    html = "html"
    dot = "dot"
    svg = "svg"
    png = "png"


@app.command()
def render(
    view: Annotated[str, typer.Argument(parser=_view_name, metavar="VIEW", help=f"The projection view: {VIEW_METAVAR} (docs/vocabulary.md lists what each includes).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    paths: Paths = None,
    focus: Annotated[str | None, typer.Option("--focus", help="Only the neighbourhood of this node.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Steps around --focus.")] = 2,
    size_by: Annotated[str | None, typer.Option("--size-by", help="pagerank, betweenness, degree or support.")] = None,
    fmt: Annotated[MapFormat | None, typer.Option("--format", help="html, dot, svg or png (default: from the file's suffix, else html).")] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, help="Refuse larger maps (use --focus instead).")] = 5000,
    endpoint: EndpointOption = None,
) -> None:
    """Write an interactive argument map (HTML), a figure (SVG, PNG) or a Graphviz DOT file."""
    from . import render as maps
    from .errors import InputError
    from .project import focus as neighbourhood
    from .project import project, resolve

    implied = {".html": MapFormat.html, ".htm": MapFormat.html, ".dot": MapFormat.dot, ".gv": MapFormat.dot, ".svg": MapFormat.svg,
               ".png": MapFormat.png}.get(output.suffix.lower())
    if fmt is not None and implied is not None and fmt is not implied:
        raise InputError(f"--format {fmt.value} does not match the file's suffix {output.suffix}", path=output, hint="change one of them")
    _output(output, None if endpoint else paths)
    if implied is None and output.suffix and fmt is None:
        raise InputError(f"cannot write a map as {output.suffix}", path=output,
                         hint="use .html, .htm, .dot, .gv, .svg or .png, or give --format")
    fmt = fmt or implied or MapFormat.html
    graph = project(_source(paths, endpoint), vocabulary.view(view).name)
    if focus:
        graph = neighbourhood(graph, resolve(graph, focus), depth)
    if fmt is MapFormat.dot:
        from .store import atomic_write

        atomic_write(output, maps.to_dot(graph))
    elif fmt in (MapFormat.svg, MapFormat.png):
        if graph.number_of_nodes() > max_nodes:
            raise maps.TooLargeError(graph.number_of_nodes(), max_nodes)
        figure = maps.render_svg if fmt is MapFormat.svg else maps.render_png
        figure(graph, output, title=f"policy-graph: {view} map")
    else:
        maps.render_html(graph, output, title=f"policy-graph: {view} map", size_by=size_by, max_nodes=max_nodes)  # type: ignore[arg-type]  # checked by render_html
    typer.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")


@app.command()
def atlas(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for index.html and the maps.")] = Path("out/atlas"),
    paths: Paths = None,
    endpoint: EndpointOption = None,
) -> None:
    """Write the atlas: an index page and one small map per question an analyst asks."""
    from .errors import InputError
    from .project import project
    from .render.atlas import write_atlas

    if output.exists() and not output.is_dir():
        raise InputError("the output must be a folder", path=output, hint="give a folder name (it is created if missing)")
    index = write_atlas(project(_source(paths, endpoint), "full"), output)
    typer.echo(f"wrote {index} and {len(list(output.glob('*.html'))) - 1} maps")


class ImportFormat(str, Enum):
    aif = "aif"
    argdown = "argdown"


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The AIF JSON or Argdown file.")],
    source_format: Annotated[ImportFormat, typer.Option("--from", help="aif or argdown.")],
    into: Annotated[Path | None, typer.Option("--into", help="Merge into this Turtle file (atomic); else print Turtle.")] = None,
    slug: Annotated[str | None, typer.Option("--slug", help="Namespace of the imported nodes (default: from the file name); another one lets two files of the same name go into one graph.")] = None,
) -> None:
    """Import an argument map written by another tool (AIF JSON, Argdown); report what has no place."""
    from .interop.aif import import_file

    triples, report = import_file(file, fmt=source_format.value, into=into, slug=slug)
    typer.echo(report.summary(), err=True)
    if into:
        typer.echo(f"merged {len(triples)} triples from {file} into {into}")
    else:
        sys.stdout.buffer.write(triples.turtle())


class ExportFormat(str, Enum):
    aif = "aif"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    argdown = "argdown"


@app.command()
def export(
    target: Annotated[ExportFormat, typer.Option("--to", help="aif, jsonld, graphml, gexf, csv or argdown.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write (for csv: the nodes file; edges go beside it).")],
    paths: Paths = None,
    view: Annotated[str, typer.Option("--view", parser=_view_name, metavar=VIEW_METAVAR, help="Projection view for graphml, gexf and csv.")] = "full",
) -> None:
    """Export the graph for other tools: AIF JSON, JSON-LD, GraphML, GEXF, CSV tables, Argdown."""
    from .interop import exports  # aif and argdown only when asked for: they import the models
    from .store import atomic_write

    _output(output, paths)
    store = _store(paths)
    if target is ExportFormat.aif:
        from .interop.aif import write_aif

        atomic_write(output, json.dumps(write_aif(store.graph()), ensure_ascii=False, indent=2))
    elif target is ExportFormat.jsonld:
        atomic_write(output, exports.to_jsonld(store.graph()))
    elif target is ExportFormat.argdown:
        atomic_write(output, exports.to_argdown(store.graph()))
    else:
        from .project import project

        graph = project(store, vocabulary.view(view).name)
        if target is ExportFormat.graphml:
            exports.to_graphml(graph, output)
        elif target is ExportFormat.gexf:
            exports.to_gexf(graph, output)
        else:
            exports.to_csv(graph, output, output.with_name(output.stem + "-edges.csv"))
    typer.echo(f"wrote {output}")


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the maps and answers.")] = Path("out"),
    corpus: CorpusOption = None,
    paths: Annotated[list[Path] | None, typer.Option("--data", help="RDF files or folders (default: $POLICY_GRAPH_DATA, else data/claims.ttl).")] = None,
) -> None:
    """The main job: validate the graph, answer the competency questions, write the maps."""
    from .demo import run_demo
    from .errors import InputError

    if output.exists() and not output.is_dir():
        raise InputError("the output must be a folder", path=output, hint="give a folder name (it is created if missing)")
    raise typer.Exit(run_demo(output, corpus_dir=corpus, files=paths))


SourcesOption = Annotated[
    Path | None, typer.Option("--sources", help="Folder of the authoring files. Default: sources/.")
]


@app.command()
def build(
    sources: SourcesOption = None,
    corpus: CorpusOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Graph file to write. Default: data/claims.ttl.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the graph file is out of date.")] = False,
) -> None:
    """Compile the authoring files (sources/*.yaml) into the graph, checking quotes, references and shapes."""
    import os

    from .authoring import BuildError
    from .authoring import build as run_build
    from .authoring.compile import display_path
    from .resources import DEFAULT_DATA, corpus_dir, sources_dir

    try:
        graph_file = output or Path(os.environ.get("POLICY_GRAPH_DATA") or DEFAULT_DATA)
        result = run_build(sources or sources_dir(), corpus or corpus_dir(), graph_file, check=check)
    except BuildError as err:
        for problem in err.problems:
            typer.echo(f"policy-graph: error: {problem}", err=True)
        raise typer.Exit(2) from err
    for warning in result.warnings:
        typer.echo(f"policy-graph: {warning}", err=True)
    if check:
        typer.echo(f"{display_path(result.output)} is {'out of date: run policy-graph build' if result.changed else 'up to date'}")
        raise typer.Exit(1 if result.changed else 0)
    typer.echo(f"{'wrote' if result.changed else 'unchanged:'} {display_path(result.output)} ({result.triples} triples, {len(result.warnings)} warnings)")


@app.command("new-source")
def new_source(
    text_file: Annotated[Path, typer.Argument(help="The document as a UTF-8 plain-text file.")],
    title: Annotated[str, typer.Option("--title", help="The title as printed.")],
    author: Annotated[str, typer.Option("--author", help="An actor of the registry (id or name), or a new person's name.")],
    date: Annotated[str, typer.Option("--date", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")],
    name: Annotated[str | None, typer.Option("--name", help="File name of the authoring file (default: from the text's).")] = None,
    sources: SourcesOption = None,
    corpus: CorpusOption = None,
) -> None:
    """Start a document: put its text in the corpus, register it, write a starter authoring file listing its sentences."""
    from .authoring.compile import display_path
    from .authoring.scaffold import new_source as start
    from .resources import corpus_dir, sources_dir

    written = start(text_file, title=title, author=author, date=date, sources=sources or sources_dir(), corpus=corpus or corpus_dir(), name=name)
    typer.echo(f"wrote {display_path(written)}: quote the sentences listed in it, then run policy-graph build")


@app.command()
def coverage(
    source: Annotated[str | None, typer.Argument(help="A source id or file name (default: every source).")] = None,
    sources: SourcesOption = None,
    corpus: CorpusOption = None,
) -> None:
    """Sentences (8+ words) no quote covers yet and footnote markers not attached, with their lines (exit 1 if any)."""
    from .authoring import BuildError
    from .authoring.scaffold import coverage as measure
    from .resources import corpus_dir, sources_dir

    try:
        reports = measure(sources or sources_dir(), corpus or corpus_dir(), source)
    except BuildError as err:
        for problem in err.problems:
            typer.echo(f"policy-graph: error: {problem}", err=True)
        raise typer.Exit(2) from err
    for report in reports:
        typer.echo(f"{report.file}: {report.sentences - len(report.open_sentences)}/{report.sentences} sentences of 8+ words quoted, "
                   f"{report.markers - len(report.open_markers)}/{report.markers} footnote markers attached")
        for line, sentence in report.open_sentences:
            typer.echo(f"  line {line}: {sentence}")
        for line, marker in report.open_markers:
            typer.echo(f"  line {line}: footnote [{marker}] not attached")
    raise typer.Exit(1 if any(r.open_sentences or r.open_markers for r in reports) else 0)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to look for (case, accents and apostrophes do not matter).")],
    paths: Paths = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many hits.")] = 20,
) -> None:
    """Find nodes by label, other spelling, quote or footnote marker, to reuse an id instead of minting a second one."""
    from .authoring.search import search as run_search

    hits = run_search(_store(paths), text, limit=limit)
    if not hits:
        typer.echo(f"nothing matches {text!r}")
        raise typer.Exit(1)
    _table(f"{len(hits)} hits for {text!r}", ["id", "kind", "source", "in", "matching words"], [[h.node, h.kind, h.source, h.field, " ".join(h.words)] for h in hits])


def main() -> None:
    """Entry point: run the app; every failure is one line on stderr and exit 2.

    The project's errors say what is wrong and how to fix it. Any other exception (a fault in
    policy-graph or a library it uses) is also one line, naming the command, its input files and
    the exception; ``--debug`` anywhere on the command line prints the traceback instead.
    """
    from .bulk import collector_paused
    from .errors import PolicyGraphError

    debug = _take_debug_flag(sys.argv)
    try:
        # The command's own process: the collector's passes over the millions of cycle-free
        # objects a large graph makes took about a third of loading and projecting 100k triples
        # (benchmarks/RESULTS.md). Library calls leave the collector alone; the CLI pauses it.
        with collector_paused():
            app()
    except PolicyGraphError as err:
        typer.echo(f"policy-graph: error: {_one_line(str(err))}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:
        if debug:
            import traceback

            traceback.print_exc()
        else:
            typer.echo(f"policy-graph: error: {_unexpected(err, sys.argv[1:])}", err=True)
        sys.exit(2)


def _take_debug_flag(argv: list[str]) -> bool:
    """Remove ``--debug`` from ``argv`` (before any ``--``) and say whether it was there."""
    end = argv.index("--") if "--" in argv else len(argv)
    found = "--debug" in argv[1:end]
    if found:
        argv[:] = [argv[0]] + [a for a in argv[1:end] if a != "--debug"] + argv[end:]
    return found


def _unexpected(err: Exception, args: list[str]) -> str:
    """One line for an exception policy-graph did not foresee: the command, its input files, the exception.

    >>> _unexpected(RecursionError("maximum recursion depth exceeded"), ["fmt", "README.md", "--check"])
    'README.md: fmt failed unexpectedly: RecursionError: maximum recursion depth exceeded (run it again with --debug to see the traceback, and please report it)'
    """
    inputs = [a for a in args[1:] if not a.startswith("-") and Path(a).exists()]
    where = ", ".join(inputs[:3]) + (f" and {len(inputs) - 3} more" if len(inputs) > 3 else "")
    what = _one_line(f"{type(err).__name__}: {err}" if str(err) else type(err).__name__)[:300]
    command = args[0] if args else "policy-graph"
    hint = "run it again with --debug to see the traceback, and please report it"
    return f"{where + ': ' if where else ''}{command} failed unexpectedly: {what} ({hint})"


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")
