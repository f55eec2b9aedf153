"""Read Analysis of Competing Hypotheses matrices written as XHTML with RDFa (dstl/eleatics)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from policy_graph.errors import InputError

__all__ = ["ACHDocument", "ACHFormatError", "read_ach_xhtml"]

_XHTML = "{http://www.w3.org/1999/xhtml}"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_HYPOTHESIS_SCHEME = "urn:eleatics:hypothesis"
_EVIDENCE_SCHEME = "urn:eleatics:evidence"
#: Cell marks as the eleatics files and Heuer's Figure 15 write them, and our codes.
_MARKS = {
    "++": "CC", "+": "C", "-": "I", "--": "II", "": "N", "0": "N", "N": "N",
    "NA": "NA", "N/A": "NA", "CC": "CC", "C": "C", "I": "I", "II": "II",
}


class ACHFormatError(InputError, ValueError):
    """An ACH XHTML file cannot be read; the message names the file and the element."""


@dataclass(frozen=True)
class ACHDocument:
    """An ACH matrix read from a file.

    Attributes
    ----------
    ratings : dict
        ``ratings[evidence_iri][hypothesis_iri]``, one of ``CC C N NA I II``;
        pass it to :func:`policy_graph.analysis.ach_matrix`.
    hypotheses : dict
        Hypothesis IRI -> its definition, in column order.
    evidence : dict
        Evidence IRI -> its definition, in row order.
    names : dict
        IRI -> the short name shown in the table (``"H1"``, ``"E1"``).
    title : str or None
        The document title.
    """

    ratings: dict[str, dict[str, str]]
    hypotheses: dict[str, str]
    evidence: dict[str, str]
    names: dict[str, str]
    title: str | None


def read_ach_xhtml(path: Path | str) -> ACHDocument:
    """Read an ACH matrix from an eleatics-style XHTML+RDFa file.

    Parameters
    ----------
    path : Path or str
        The ``.xhtml`` file. Hypotheses are ``skos:Concept`` elements under an
        element ``about="urn:eleatics:hypothesis"``; the matrix is a ``table``
        whose header cells carry ``about`` (one per hypothesis column) and whose
        rows ``about="urn:eleatics:evidence"`` hold one ``th`` naming the
        evidence and one ``td`` per hypothesis with a mark ``++ + - -- 0 NA``
        (or the codes ``CC C N NA I II``).

    Returns
    -------
    ACHDocument

    Raises
    ------
    ACHFormatError
        (a ``ValueError``) if the file is not well-formed XML, not XHTML, or
        the matrix is incomplete; the message names the file and the element.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import tempfile
    >>> text = '''<html xmlns="http://www.w3.org/1999/xhtml"><body>
    ... <dl about="urn:eleatics:hypothesis"><dd about="#H1">It rains.</dd></dl>
    ... <table><tr><th/><th scope="col" about="#H1">H1</th></tr>
    ... <tr about="urn:eleatics:evidence"><th about="#E1"><span>E1</span>.
    ... <span property="skos:definition">Wet street.</span></th><td>+</td></tr></table>
    ... </body></html>'''
    >>> with tempfile.NamedTemporaryFile("w", suffix=".xhtml", delete=False) as f:
    ...     _ = f.write(text)
    >>> read_ach_xhtml(f.name).ratings
    {'#E1': {'#H1': 'C'}}

    Notes
    -----
    CURIEs in ``about`` (``this:#H1``) are expanded with the ``xmlns:``
    prefixes of the root element; an unknown prefix is kept as written. The
    standard library parser is used; it does not fetch external entities.

    References
    ----------
    .. [1] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8, fig. 15.
    .. [2] dstl/eleatics, "Analysis of Competing Hypotheses" (RDFa markup).
    """
    path = Path(path)
    raw = path.read_bytes()
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as err:
        line, column = err.position
        raise ACHFormatError(
            f"not well-formed XML: {err}", path=path, line=line, column=column + 1
        ) from err
    if root.tag != f"{_XHTML}html":
        raise ACHFormatError(
            f"root element is <{_local(root.tag)}>, expected XHTML <html>", path=path,
            hint="the file must declare xmlns=\"http://www.w3.org/1999/xhtml\"",
        )
    prefixes = _prefixes(raw)

    def iri(el: ET.Element) -> str:
        about = el.get("about")
        if not about:
            raise ACHFormatError(f"<{_local(el.tag)}> has no 'about' attribute", path=path)
        head, sep, tail = about.partition(":")
        if sep and head in prefixes and not tail.startswith("//"):
            return prefixes[head] + tail
        return about

    hypotheses: dict[str, str] = {}
    names: dict[str, str] = {}
    for scheme in root.iter():
        if scheme.get("about") != _HYPOTHESIS_SCHEME:
            continue
        short = None
        for el in scheme:
            if el.get("about") is None:
                short = _text(el)
                continue
            h = iri(el)
            hypotheses[h] = _definition(el)
            if short:
                names[h] = short
                short = None
    tables = [t for t in root.iter(f"{_XHTML}table") if _has_evidence(t)]
    if not tables:
        raise ACHFormatError(
            f"no <table> with rows about={_EVIDENCE_SCHEME!r}", path=path,
            hint="the matrix rows must carry RDFa about=\"urn:eleatics:evidence\"",
        )
    table = tables[0]
    rows = list(table.iter(f"{_XHTML}tr"))
    header = [r for r in rows if r.get("about") != _EVIDENCE_SCHEME]
    columns = [iri(th) for r in header for th in r.findall(f"{_XHTML}th") if th.get("about")]
    if not columns:
        raise ACHFormatError(
            "the matrix has no header cells <th about=...> naming the hypotheses", path=path
        )
    for th in (th for r in header for th in r.findall(f"{_XHTML}th") if th.get("about")):
        h = iri(th)
        hypotheses.setdefault(h, _text(th))
        names.setdefault(h, _text(th))
    evidence: dict[str, str] = {}
    ratings: dict[str, dict[str, str]] = {}
    for r in rows:
        if r.get("about") != _EVIDENCE_SCHEME:
            continue
        heads = [th for th in r.findall(f"{_XHTML}th") if th.get("about")]
        if len(heads) != 1:
            raise ACHFormatError(
                f"evidence row <tr> has {len(heads)} <th about=...> cells, expected 1", path=path
            )
        e = iri(heads[0])
        evidence[e] = _definition(heads[0])
        enum = heads[0].find(f"{_XHTML}span")
        if enum is not None and enum.get("property") is None:
            names[e] = _text(enum)
        cells = r.findall(f"{_XHTML}td")
        if len(cells) != len(columns):
            raise ACHFormatError(
                f"evidence row {heads[0].get('about')!r} has {len(cells)} <td> cells, "
                f"expected {len(columns)} (one per hypothesis)", path=path,
            )
        row: dict[str, str] = {}
        for h, td in zip(columns, cells):
            mark = _text(td).upper()
            if mark not in _MARKS:
                raise ACHFormatError(
                    f"evidence row {heads[0].get('about')!r}, column {h!r}: unknown mark "
                    f"{_text(td)!r}", path=path,
                    hint=f"use one of {' '.join(m for m in _MARKS if m)} or leave it empty",
                )
            row[h] = _MARKS[mark]
        ratings[e] = row
    title_el = root.find(f"{_XHTML}head/{_XHTML}title")
    return ACHDocument(
        ratings=ratings,
        hypotheses={h: hypotheses[h] for h in columns},
        evidence=evidence,
        names=names,
        title=_text(title_el) if title_el is not None else None,
    )


# ---------------------------------------------------------------- helpers


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _definition(el: ET.Element) -> str:
    if el.get("property") == "skos:definition":
        return _text(el)
    for child in el.iter():
        if child.get("property") == "skos:definition":
            return _text(child)
    return _text(el)


def _has_evidence(table: ET.Element) -> bool:
    return any(r.get("about") == _EVIDENCE_SCHEME for r in table.iter(f"{_XHTML}tr"))


def _prefixes(raw: bytes) -> dict[str, str]:
    """The ``xmlns:p`` declarations of the document, as RDFa 1.0 uses them."""

    found: dict[str, str] = {}
    for _, (prefix, uri) in ET.iterparse(io.BytesIO(raw), events=("start-ns",)):
        if prefix:
            found.setdefault(prefix, uri)
    return found
