"""Starting a document and seeing what of it is still to do: ``new-source`` and ``coverage``.

`new_source` puts the text in the corpus folder (unless it is there already), registers its
author if the registry does not know them, and writes a starter authoring file listing every
sentence of the text as a to-do comment and every footnote marker. `coverage` lists, from the
authoring files, the sentences no quote overlaps yet and the footnote markers no quote carries.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..anchors import sentences
from ..dates import DateError, parse_date
from ..errors import InputError
from ..names import folded_name
from ..store import atomic_write
from .compile import REGISTRY, compile_folder
from .convert import SCHEMA_LINE
from .texts import SourceText
from .yamlfile import read

__all__ = ["SourceCoverage", "coverage", "new_source", "slug"]


def slug(text: str) -> str:
    """Lower-case words joined by ``-``, accents dropped: an id from a name.

    >>> slug("Hélène Carrère d’Encausse"), slug("sample-brief.txt")
    ('helene-carrere-dencausse', 'sample-brief-txt')
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def new_source(text_file: Path, *, title: str, author: str, date: str, sources: Path, corpus: Path, name: str | None = None) -> Path:
    """Start the document ``text_file``: returns the authoring file written.

    ``author`` is an actor of the registry (id, label or other spelling) or a new person's name,
    then added to the registry; ``date`` is the publication date (YYYY, YYYY-MM or YYYY-MM-DD).
    """
    try:
        issued = parse_date(date)
    except DateError as err:
        raise InputError(f"--date: {err}", hint="write the publication date as YYYY, YYYY-MM or YYYY-MM-DD") from err
    try:
        original = text_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the text: {err}", path=text_file, hint="give a UTF-8 plain-text file") from err
    name = name or slug(text_file.stem)
    target = sources / f"{name}.yaml"
    if target.exists():
        raise InputError("this document has an authoring file already", path=target, hint="edit it, or give another --name")
    _place_text(text_file, original, corpus)
    author_id = _author(author, sources)
    text = SourceText(original)
    atomic_write(target, _starter(name, title, author_id, issued.text, date, text_file.name, text))
    return target


def _place_text(text_file: Path, original: str, corpus: Path) -> None:
    copy = corpus / text_file.name
    if copy.exists():
        if copy.read_text(encoding="utf-8") != original:
            raise InputError("another text of this name is in the corpus folder", path=copy, hint="rename the file")
        return  # already there: nothing to copy
    corpus.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(text_file, copy)


def _author(author: str, sources: Path) -> str:
    registry = sources / REGISTRY
    value = read(registry).value if registry.exists() else {}
    actors = (value or {}).get("actors") or {}
    for actor_id, actor in actors.items():
        names = [actor_id, actor.get("label", ""), *([actor["also"]] if isinstance(actor.get("also"), str) else actor.get("also") or [])]
        if folded_name(author) in {folded_name(n) for n in names if n}:
            return str(actor_id)
    actor_id = slug(author)
    if not actor_id:
        raise InputError(f"--author {author!r} has no letter or digit to make an id from", hint="give the author's name, or an actor of sources/registry.yaml")
    entry = f"  {actor_id}:\n    kind: Person\n    label: {_quoted(author)}\n"
    text = registry.read_text(encoding="utf-8") if registry.exists() else SCHEMA_LINE.format("registry.schema.json") + "\nactors:\n"
    if "\nactors:\n" not in text:
        raise InputError("the registry has no `actors:` section", path=registry, hint="add one")
    atomic_write(registry, text.replace("\nactors:\n", "\nactors:\n" + entry + "\n", 1))
    return actor_id


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _starter(name: str, title: str, author: str, year: str, date: str, text_name: str, text: SourceText) -> str:
    lines = [
        SCHEMA_LINE.format("source.schema.json").rstrip("\n"),
        f"# {text_name}: every sentence below is a to-do; `policy-graph coverage {name}` lists those no quote covers yet.",
        "",
        "source:",
        f"  id: src-{name}",
        f"  title: {_quoted(title)}",
        f"  text: {_quoted(text_name)}",
        f"  author: {author}",
        f"  issued: '{year[:4]}'  # published {date}",
        "",
        "# Uncomment a section to start it (docs/adding-a-document.md shows every field):",
        "# events:",
        "#   ev-...:",
        "#     label: what happened",
        "#     date: 'YYYY-MM-DD'",
        "#     quote: the words of the text",
        "#",
        "# claims:",
        "#   cl-...:",
        "#     label: a plain one-sentence paraphrase",
        f"#     holder: {author}",
        "#     quote: the words of the text",
        "#     links:",
        "#     - supports: cl-...",
        f"#       by: {author}",
        "#       quote: the words that draw the link",
        "",
        "# To do, sentence by sentence (line of the text: sentence):",
    ]
    for start, end in sentences(text.folded, min_words=1):
        lines.append(f"#   {text.line_of(start)}: {text.folded[start:end]}")
    markers = text.markers()
    if markers:
        lines.append("# Footnote markers (attached by build to the quote that ends just before them):")
        lines.append("#   " + ", ".join(f"[{marker}] line {text.line_of(position)}" for marker, position in markers))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SourceCoverage:
    """What of one source's text the authoring files do not cover yet."""

    source: str
    file: str
    sentences: int
    open_sentences: list[tuple[int, str]]
    markers: int
    open_markers: list[tuple[int, str]]


def coverage(sources: Path, corpus: Path, source: str | None = None) -> list[SourceCoverage]:
    """Per source (or the one named by id, file name or slug), the sentences of 8 words or more
    that no quote overlaps and the footnote markers no quote carries, with their lines."""
    compiled = compile_folder(sources, corpus, validate=False)
    files = compiled.source_files()
    chosen = [src for src in sorted(files) if source is None or source in (src, src.removeprefix("src-"), Path(files[src]).name, Path(files[src]).stem)]
    if not chosen:
        raise InputError(f"no source {source!r}", hint=f"give one of {', '.join(sorted(files))}")
    reports = []
    for src in chosen:
        text = compiled.texts[src]
        spans = compiled.anchored.get(src, [])
        found = sentences(text.folded)
        open_sentences = [(text.line_of(a), text.folded[a:b]) for a, b in found if not any(s < b and e > a for s, e, _ in spans)]
        attached = {marker for _, _, markers in spans for marker in markers}
        markers = text.markers()
        open_markers = [(text.line_of(position), marker) for marker, position in markers if marker not in attached]
        reports.append(SourceCoverage(src, files[src], len(found), open_sentences, len(markers), open_markers))
    return reports
