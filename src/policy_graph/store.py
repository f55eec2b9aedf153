"""Load, save and hold RDF: the embedded pyoxigraph store, rdflib graphs, atomic canonical writes."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import traceback
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from .dates import DATATYPES as DATE_DATATYPES
from .dates import check_lexical
from .errors import InputError

if TYPE_CHECKING:  # rdflib is imported where it is used: loading into the store does not need it
    from rdflib import Graph

__all__ = [
    "FORMATS",
    "Store",
    "atomic_write",
    "atomic_write_all",
    "load",
    "locked",
    "rdf_files",
    "save",
    "skip_bom",
]

RdfFormatName = TypingLiteral["turtle", "nt", "json-ld"]

#: File suffix -> format name, for every format policy-graph reads and writes.
FORMATS: dict[str, RdfFormatName] = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_CHECKED_DATATYPES: dict[str, str | None] = {
    **dict.fromkeys(DATE_DATATYPES.values()),  # dates: dates.check_lexical
    "http://www.w3.org/2001/XMLSchema#integer": r"[+-]?\d+",
    "http://www.w3.org/2001/XMLSchema#boolean": r"true|false|1|0",
    "http://www.w3.org/2001/XMLSchema#decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
}


def rdf_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into the sorted list of RDF files they name.

    Raises `InputError` for a missing path or a file whose suffix is not one of `FORMATS`.

    >>> rdf_files(["no/such.ttl"])
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: no/such.ttl: file not found (check the path)
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in FORMATS and p.is_file())
            if not inside:
                raise InputError("the folder holds no RDF file", path=path, hint="use files ending in " + ", ".join(sorted(FORMATS)))
            found.extend(inside)
        elif not path.exists():
            raise InputError("file not found", path=path, hint="check the path")
        elif not path.is_file():  # reading a FIFO would wait for a writer forever
            raise InputError("is not a regular file (a FIFO, socket or device)", path=path, hint="give an RDF file")
        elif path.suffix not in FORMATS:
            raise InputError(
                f"unsupported file type {path.suffix or '(none)'!r}",
                path=path,
                hint="use one of " + ", ".join(sorted(FORMATS)),
            )
        else:
            found.append(path)
    return found


def _check_file(path: Path) -> None:
    """Refuse an empty, binary or non-UTF-8 file, streaming it once in 1 MiB blocks (never held whole)."""
    with path.open("rb") as handle:
        _check_bytes(path, iter(lambda: handle.read(1 << 20), b""))


def _check_bytes(path: Path, blocks: Iterable[bytes]) -> None:
    """Refuse an empty, binary or non-UTF-8 input given as consecutive ``blocks``."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    seen = 0
    blank = True
    for block in blocks:
        if seen == 0 and b"\x00" in block[:8192]:
            raise InputError("the file is binary, not RDF text", path=path, hint="give a Turtle, N-Triples or JSON-LD file")
        blank = blank and not block.strip()
        try:
            decoder.decode(block)
        except UnicodeDecodeError as err:
            _raise_bad_utf8(path, err.start + seen)
        seen += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        _raise_bad_utf8(path, seen - 1 if seen else 0)
    if blank:
        raise InputError("the file is empty", path=path, hint="add RDF statements or remove the file")


def _raise_bad_utf8(path: Path, offset: int) -> None:
    data = path.read_bytes() if path.exists() else b""
    try:  # find the exact first bad byte in the whole file
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        offset = err.start
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    byte = data[offset] if offset < len(data) else 0
    raise InputError(
        f"invalid UTF-8 byte 0x{byte:02x}",
        path=path,
        line=line,
        column=column,
        hint="save the file as UTF-8",
    ) from None


def _printable(text: str) -> str:
    """``text`` with control characters shown as escapes, so a message stays on one line.

    >>> _printable("'\\n' is not allowed")
    "'\\\\n' is not allowed"
    """
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


def _parse_error(path: Path, err: SyntaxError) -> InputError:
    message = _printable(str(err.msg if hasattr(err, "msg") else err))
    message = re.sub(r"^Parser error (at|between) line \d+[^:]*: ", "", message)
    hint = "fix the syntax at that place"
    if "prefix" in message and "not been declared" in message:
        hint = "declare the prefix with @prefix or use a full <IRI>"
    if "LoadDocumentCallback" in message:  # pyoxigraph's words for a context it would have to fetch
        message = "the JSON-LD names a context document to fetch, and policy-graph never fetches one while loading"
        hint = "put the context object itself in the file, e.g. ontology/context.jsonld's"
    return InputError(message, path=path, line=err.lineno, column=err.offset, hint=hint)


def _check_literals(store: ox.Store, path: Path, text: str | None) -> None:
    """Refuse ill-typed literals such as ``"2022-13-45"^^xsd:date`` with the line they are on.

    ``text`` is the file's text, or None to read it from ``path`` only when a literal is bad.
    """
    # One comparison per triple, the rest in Python: ``DATATYPE(?o) IN (...six IRIs...)`` made
    # this scan take 1.2 s instead of 0.8 s at 1M triples.
    query = "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#string>) }"
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    for solution in solutions:
        literal = solution["o"]
        datatype = literal.datatype.value
        if datatype not in _CHECKED_DATATYPES:
            continue
        pattern = _CHECKED_DATATYPES[datatype]
        short = datatype.rsplit("#", 1)[1]
        if pattern is None:  # a date: one parser for the whole project, which says what is wrong
            reason = check_lexical(literal.value, datatype)
            problem = None if reason is None else f'"{literal.value}" is not a valid xsd:{short} ({reason.split(": ", 1)[-1]})'
        else:
            problem = None if re.fullmatch(pattern, literal.value) else f'"{literal.value}" is not a valid xsd:{short}'
        if problem is not None:
            if text is None:
                text = path.read_text(encoding="utf-8")
            found = re.search(re.escape(f'"{literal.value}"') + r"\s*\^\^", text)
            line = text.count("\n", 0, found.start()) + 1 if found else None
            raise InputError(problem, path=path, line=line, hint=f"write a valid xsd:{short} value or change the datatype")


_BOM = b"\xef\xbb\xbf"

def skip_bom(data: bytes) -> bytes:
    """``data`` without a leading UTF-8 byte order mark (it is not part of the text).

    >>> skip_bom(b"\\xef\\xbb\\xbf<urn:a>")
    b'<urn:a>'
    """
    return data.removeprefix(_BOM)


#: The longest single token (literal, IRI) pyoxigraph's parsers accept: 16 MiB.
_MAX_TOKEN = 16 * 1024 * 1024


def _parse_into(
    scratch: ox.Store, data: bytes | Path, fmt: RdfFormatName, path: Path, base_iri: str | None, *, bulk: bool = False
) -> None:
    """Parse ``data`` (bytes, or a file to stream) into ``scratch``; every failure is an `InputError` on ``path``.

    ``bulk`` streams a file with pyoxigraph's ``bulk_load``: not transactional, but it writes an
    on-disk store's tables directly instead of through its log (2.5x faster at 1M triples).
    JSON-LD is first held to what its parser reads safely (`policy_graph.jsonld.check_jsonld`).
    """
    if fmt == "json-ld":
        from .jsonld import check_jsonld

        check_jsonld(path, skip_bom(data.read_bytes() if isinstance(data, Path) else data))
    try:
        if isinstance(data, Path):
            load = scratch.bulk_load if bulk else scratch.load
            with data.open("rb") as handle:
                if handle.read(len(_BOM)) != _BOM:  # a UTF-8 byte order mark is not part of the text
                    handle.seek(0)
                load(handle, format=_OX_FORMATS[fmt], base_iri=base_iri)
        else:
            scratch.load(skip_bom(data), format=_OX_FORMATS[fmt], base_iri=base_iri)
    except SyntaxError as err:
        raise _parse_error(path, err) from err
    except MemoryError as err:  # pyoxigraph refuses a token longer than its 16 MiB buffer
        raise InputError(
            "a single literal or IRI is longer than the parser's 16 MiB limit",
            path=path,
            line=_long_line(data.read_bytes() if isinstance(data, Path) else data, _MAX_TOKEN),
            hint="shorten it, or keep the long text in a corpus file and quote from it",
        ) from err
    except (ValueError, OSError) as err:  # JSON-LD and I/O errors carry no position
        raise InputError(_printable(str(err)) or type(err).__name__, path=path, hint="fix the file's syntax") from err
    _refuse_triple_terms(scratch, data, path)


def _refuse_triple_terms(store: ox.Store, data: bytes | Path, path: Path) -> None:
    """Raise `InputError` if ``store`` holds a quoted triple (Turtle's ``<< s p o >>``): no shape,
    query or map of the model expects one, and converting it to rdflib fails. The text is
    searched for ``<<`` first, so a file without one is not scanned."""
    text = data.read_bytes() if isinstance(data, Path) else data
    if b"<<" not in text or not bool(store.query("ASK { ?s ?p ?o FILTER(isTRIPLE(?o)) }")):
        return
    raise InputError(
        "a quoted triple (RDF-star, RDF 1.2), which the graph's model has no place for",
        path=path,
        line=text[: text.index(b"<<")].count(b"\n") + 1,
        hint="state the triple itself; to say who holds or reports a statement, make it a pg:Claim with prov:wasAttributedTo",
    )


def _long_line(data: bytes, limit: int) -> int | None:
    """The number of the first line of ``data`` longer than ``limit`` bytes, if any."""
    start, line = 0, 1
    while True:
        end = data.find(b"\n", start)
        stop = len(data) if end < 0 else end
        if stop - start > limit:
            return line
        if end < 0:
            return None
        start, line = end + 1, line + 1


def _load_file(store: ox.Store, path: Path, *, direct: bool = False, bulk: bool = False, relative_iris: bool = True) -> None:
    """Parse ``path`` into ``store``, refusing bad input with file, line and reason.

    With ``direct`` (``store`` is new and is thrown away if this fails), the file is streamed
    straight into ``store``: no copy of its bytes or text, no scratch store to copy from, which
    keeps the peak memory of a large load near the size of the store itself; ``bulk`` streams
    it with ``bulk_load`` (see `_parse_into`).
    """
    _check_file(path)
    base = path.resolve().as_uri() if relative_iris else None
    if direct:
        _parse_into(store, path, FORMATS[path.suffix], path, base, bulk=bulk)
        _check_literals(store, path, None)
        return
    scratch = ox.Store()
    _parse_into(scratch, path, FORMATS[path.suffix], path, base)
    _check_literals(scratch, path, None)
    store.extend(scratch)


class Store:
    """An embedded RDF store (pyoxigraph) filled from files; fast to load and to query.

    >>> store = Store.from_text('<urn:a> <urn:p> "x" .', format="nt")
    >>> len(store)
    1
    """

    #: Queries run in this process (`policy_graph.sources.DataSource`).
    remote = False

    def __init__(self, store: ox.Store | None = None, *, files: tuple[Path, ...] = ()) -> None:
        self.ox = store if store is not None else ox.Store()
        self.files = files
        #: Why the on-disk cache was not used, when it could not be (one line for the user), else None.
        self.note: str | None = None

    @classmethod
    def from_files(cls, paths: Iterable[Path | str], *, cache_dir: Path | None = None, relative_iris: bool = True) -> Store:
        """Load every RDF file under ``paths``; with ``cache_dir``, reuse an on-disk store keyed by content.

        The whole load is refused if any file is bad: nothing is half-loaded. A relative IRI is
        resolved against the file's own location, or refused with ``relative_iris=False``.
        """
        files = tuple(rdf_files(paths))
        note = None
        if cache_dir is not None and relative_iris:
            try:
                return cls(_cached_store(files, cache_dir), files=files)
            except (OSError, RuntimeError) as err:  # full, read-only, a file in the way, corrupt twice
                note = f"the cache store in {cache_dir} cannot be used ({_printable(str(err))[:200]}); loaded in memory instead"
        store = ox.Store()
        for number, path in enumerate(files):
            try:
                _load_file(store, path, direct=number == 0, relative_iris=relative_iris)
            except InputError as err:
                if relative_iris or "No scheme found in an absolute IRI" not in err.problem:
                    raise
                raise InputError(
                    "a relative IRI, which rewriting the file would turn into an absolute one",
                    path=path,
                    line=err.line,
                    column=err.column,
                    hint="write the full IRI, or declare @base <...> before it",
                ) from err
        loaded = cls(store, files=files)
        loaded.note = note
        return loaded

    @classmethod
    def from_text(cls, text: str, *, format: RdfFormatName = "turtle") -> Store:
        """Load RDF given as a string (handy in tests and notebooks)."""
        where = Path("<text>")
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise InputError(f"the text holds an unencodable character {text[err.start]!r}", path=where, hint="give valid Unicode text") from err
        store = ox.Store()
        _parse_into(store, data, format, where, None)
        _check_literals(store, where, text)
        return cls(store)

    @classmethod
    def from_graph(cls, graph: Graph) -> Store:
        """Copy an rdflib graph into a new embedded store."""
        store = ox.Store()
        from .terms import to_oxigraph

        # an rdflib triple has a subject, an IRI and an object where the terms' union types say any term
        store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)  # type: ignore[arg-type]
        return cls(store)

    def __len__(self) -> int:
        return len(self.ox)

    def graph(self) -> Graph:
        """The whole store as an rdflib `Graph` (for validation, models and serialisation)."""
        from rdflib import Graph

        from .namespaces import bind_prefixes
        from .terms import from_oxigraph

        graph = bind_prefixes(Graph())
        for quad in self.ox:
            graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
        return graph


def _content_key(files: tuple[Path, ...]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(str(path.resolve()).encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _stamp_file(files: tuple[Path, ...], cache_dir: Path) -> Path:
    """Where the content key of ``files`` is remembered for their current size, times and inode.

    Hashing a 1M-triple file takes longer than reopening its store, so the key is memoised under
    the files' ``stat``: any write changes ``st_ctime_ns`` (and usually size and mtime), which
    misses the memo and hashes the content again. The store itself stays keyed by content.
    """
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        info = path.stat()
        digest.update(f"{path.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\0{info.st_dev}\n".encode())
    return cache_dir / "stamps" / digest.hexdigest()


def _cached_store(files: tuple[Path, ...], cache_dir: Path) -> ox.Store:
    stamp = _stamp_file(files, cache_dir)
    try:
        remembered = stamp.read_text(encoding="ascii").strip()
    except OSError:
        remembered = ""
    if re.fullmatch(r"[0-9a-f]{32}", remembered) and (cache_dir / remembered / "complete").exists():
        reopened = _reopen(cache_dir / remembered)
        if reopened is not None:
            return reopened
    key = _content_key(files)
    target = cache_dir / key
    if (target / "complete").exists():
        reopened = _reopen(target)
        if reopened is not None:
            _remember(stamp, key)
            return reopened
    building = Path(tempfile.mkdtemp(prefix="building-", dir=_ensure_dir(cache_dir)))
    try:
        _build_store(files, building / "db")
        (building / "complete").write_text("ok\n")
        building.rename(target)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not (target / "complete").exists():  # not another process building the same key first
            raise
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _remember(stamp, key)
    return ox.Store.read_only(str(target / "db"))


def _reopen(folder: Path) -> ox.Store | None:
    """The complete store in ``folder``; a corrupt one is deleted (to be built again) and None returned."""
    try:
        return ox.Store.read_only(str(folder / "db"))
    except (OSError, RuntimeError):  # pyoxigraph: RuntimeError("Corruption: ..."), OSError for missing files
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _build_store(files: tuple[Path, ...], folder: Path) -> None:
    """Load ``files`` into a new on-disk store at ``folder``, closed on return (even on failure,
    so that the caller can delete the folder)."""
    store = ox.Store(str(folder))
    try:
        for number, path in enumerate(files):
            _load_file(store, path, direct=number == 0, bulk=True)
        store.flush()
        store.optimize()  # compacts bulk_load's tables: the store is queried many times
    except BaseException as err:
        del store
        traceback.clear_frames(err.__traceback__)  # the parsers' frames hold the store open
        raise


def _remember(stamp: Path, key: str) -> None:
    """Write the stamp -> content key memo atomically; a failure only costs a re-hash next time."""
    try:
        _ensure_dir(stamp.parent)
        _replace_atomically(stamp, key.encode("ascii") + b"\n")
    except OSError:
        pass


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def load(paths: Iterable[Path | str]) -> Graph:
    """Load Turtle, N-Triples or JSON-LD files (or folders of them) into one rdflib `Graph`.

    >>> graph = load(["data/claims.ttl"])  # doctest: +SKIP
    """
    return Store.from_files(paths).graph()


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never a half file.

    On any failure the previous file is left as it was and the temporary file is removed; an
    operating-system failure (disk full, no permission) is raised as `InputError` naming ``path``.
    A symbolic link is written through (its target is replaced, the link stays); a device,
    FIFO or socket is refused, never replaced. See `atomic_write_all`.
    """
    atomic_write_all({Path(path): data})


def atomic_write_all(files: Mapping[Path, str | bytes]) -> None:
    """Write several files all or nothing: each through a temporary file, renamed only when all are written.

    Every target is checked, then every temporary file is written and flushed to disk, and only
    then are they renamed over their targets; if a rename fails, the files already replaced are
    put back. The targets are locked (`locked`) meanwhile, so a concurrent read-merge-write of
    the same file waits.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> atomic_write_all({folder / "nodes.csv": "id\\n", folder / "edges.csv": "from,to\\n"})
    >>> sorted(p.name for p in folder.iterdir())
    ['edges.csv', 'nodes.csv']
    >>> atomic_write_all({folder / "nodes.csv": "x", folder / "edges.csv": "y", folder: "z"})
    Traceback (most recent call last):
    ...
    policy_graph.errors.InputError: ...: cannot write over a folder (give a file name; no file was changed)
    >>> (folder / "nodes.csv").read_text()
    'id\\n'
    """
    several = len(files) > 1
    unchanged = "no file was changed" if several else "the previous file, if any, is unchanged"
    given = {_write_target(Path(path), unchanged): Path(path) for path in files}
    payloads = [data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data for data in files.values()]
    with locked(*given):
        staged: list[tuple[Path, str]] = []
        current = next(iter(given))
        try:
            for target, payload in zip(given, payloads):
                current = target
                staged.append((target, _staged(target, payload)))
            _replace_all(staged)
        except OSError as err:
            raise InputError(f"could not write the file: {err.strerror or err}", path=given[current], hint=unchanged) from err
        finally:
            for _, temp in staged:
                Path(temp).unlink(missing_ok=True)


@contextmanager
def locked(*paths: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold an exclusive lock on each of ``paths`` (a ``.NAME.lock`` file beside it, ``flock``) inside the block.

    A read-merge-write of a file (``import --into``, ``fmt``) holds its lock from the read to
    the rename, so two processes updating the same file take turns instead of one losing the
    other's change. Locks are taken in sorted order (no deadlock) and are re-entrant within a
    thread; the lock file is removed on release. Waiting longer than ``timeout`` seconds
    raises `InputError`.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "claims.ttl"
    >>> with locked(target):
    ...     sorted(p.name for p in target.parent.iterdir())
    ['.claims.ttl.lock']
    >>> sorted(p.name for p in target.parent.iterdir())
    []
    """
    held: set[Path] = _held.__dict__.setdefault("paths", set())
    wanted = sorted({_real(Path(p)) for p in paths} - held)
    taken: list[tuple[Path, int]] = []
    try:
        for path in wanted:
            taken.append((path, _acquire(path.with_name(f".{path.name}.lock"), timeout)))
            held.add(path)
        yield
    finally:
        for path, handle in reversed(taken):
            held.discard(path)
            Path(path.with_name(f".{path.name}.lock")).unlink(missing_ok=True)
            os.close(handle)


#: The files whose lock this thread holds (``paths``): taking one again does not wait for itself.
_held = threading.local()


def _acquire(lock_file: Path, timeout: float) -> int:
    """Lock ``lock_file`` (created if missing), retrying if another process removed it meanwhile."""
    import fcntl
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            handle = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as err:
            raise InputError(f"could not write the file: {err.strerror or err}", path=lock_file.with_name(lock_file.name[1:-5]), hint="the previous file, if any, is unchanged") from err
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            if time.monotonic() > deadline:
                raise InputError(
                    f"another process has been writing the file for over {timeout:.0f} s", path=lock_file.with_name(lock_file.name[1:-5]), hint="try again when it is done"
                ) from None
            time.sleep(0.02)
            continue
        try:  # the lock file may have been removed (and made anew) between open and flock
            if os.stat(lock_file).st_ino == os.fstat(handle).st_ino:
                return handle
        except FileNotFoundError:
            pass
        os.close(handle)


def _real(path: Path) -> Path:
    """``path`` with its folder and any symbolic links resolved (where a write really lands)."""
    return Path(os.path.realpath(path))


def _write_target(path: Path, unchanged: str) -> Path:
    """The file a write to ``path`` replaces: a link's target; refused if it is not a regular file."""
    target = _real(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as err:
        raise InputError(f"could not write the file: {err.strerror or err}", path=path, hint=unchanged) from err
    if stat.S_ISDIR(info.st_mode):
        raise InputError("cannot write over a folder", path=path, hint=f"give a file name; {unchanged}")
    if not stat.S_ISREG(info.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode) else "device"
        raise InputError(f"is a {kind}, not a regular file: policy-graph never replaces one", path=path, hint=f"write to a regular file; {unchanged}")
    return target


def _staged(path: Path, payload: bytes) -> str:
    """A temporary file beside ``path`` holding ``payload``, on disk, with the mode ``path`` will have."""
    handle, temp = _new_temp_file(path)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():  # keep the mode of the file replaced
            os.chmod(temp, path.stat().st_mode & 0o777)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def _replace_all(staged: list[tuple[Path, str]]) -> None:
    """Rename each temporary file over its target; if one rename fails, put back those already done."""
    if len(staged) == 1:
        os.replace(staged[0][1], staged[0][0])
        return
    backups: list[str] = []
    replaced: list[tuple[Path, str | None]] = []
    try:
        for target, temp in staged:
            backup = None
            if target.exists():
                backup = f"{temp}.old"
                os.link(target, backup)
                backups.append(backup)
            os.replace(temp, target)
            replaced.append((target, backup))
    except BaseException as err:
        stuck = []
        for target, backup in reversed(replaced):
            try:
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(backup, target)
            except OSError:
                stuck.append(target)
        if stuck:  # never claim that nothing changed when something did
            raise InputError(
                f"could not write the files, nor put back {', '.join(map(str, stuck))}: {err}",
                path=stuck[0],
                hint="restore it from a copy; the other files are unchanged",
            ) from err
        raise
    finally:
        for backup in backups:
            Path(backup).unlink(missing_ok=True)


def _replace_atomically(path: Path, payload: bytes) -> None:
    temp = _staged(path, payload)
    try:
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _new_temp_file(path: Path) -> tuple[int, str]:
    """Create a fresh temporary file beside ``path`` and open it for writing.

    Made with mode 0666 for the kernel to apply the umask, as for any other new file (mkstemp's
    0600 would need the umask read back, and reading it means setting it, for the whole process).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    while True:  # a name taken by another writer is skipped; 48 random bits make that rare
        temp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue


def save(graph: Graph, path: Path | str, *, format: RdfFormatName | None = None) -> Path:
    """Save ``graph`` atomically; Turtle is written in canonical order. Returns the path."""
    path = Path(path)
    fmt = format or FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"cannot tell the format of {path.name}", path=path, hint="use .ttl, .nt or .jsonld")
    if fmt == "turtle":
        from .turtle import canonical_turtle

        data = canonical_turtle(graph)
    elif fmt == "nt":
        # split on "\n" only: str.splitlines() also breaks at U+0085, U+2028, \v ... inside literals
        data = "".join(sorted(line + "\n" for line in graph.serialize(format="nt").split("\n") if line))
    else:
        data = _expanded_jsonld(graph)
    if fmt != "json-ld":
        # raw control characters can only be inside literals here; escape them (\u0000) so the file
        # stays text (the loader refuses NUL bytes as binary) and every parser reads them back
        data = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04X}", data)
    if fmt != "json-ld" and not data.strip():
        data = "# no triples\n"  # an empty file is refused on load as a likely mistake; this one loads
    atomic_write(path, data)
    return path


def _expanded_jsonld(graph: Graph) -> str:
    """Expanded JSON-LD written by pyoxigraph, in sorted order.

    rdflib's JSON-LD serializer drops a blank node that refers to itself and writes big integers
    as JSON numbers that come back as doubles; pyoxigraph's writer keeps both.
    """
    import json

    from .terms import to_oxigraph

    triples = sorted((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph), key=str)  # type: ignore[arg-type]
    document = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
