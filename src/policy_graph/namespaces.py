"""The ``pg`` vocabulary as a closed namespace, and the prefix map used everywhere.

A misspelt term fails at once instead of minting a new IRI:

>>> PG.Claim
rdflib.term.URIRef('https://w3id.org/policy-graph/ns#Claim')
>>> PG.Claimm
Traceback (most recent call last):
...
AttributeError: term 'Claimm' not in namespace 'https://w3id.org/policy-graph/ns#'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

from .vocabulary import RELATION_KINDS

__all__ = [
    "AIF",
    "BIBO",
    "DCTERMS",
    "ID",
    "OA",
    "OWL",
    "PG",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SH",
    "SKOS",
    "TIME",
    "WD",
    "XSD",
    "bind_prefixes",
]


class PG(DefinedNamespace):
    """The policy-graph vocabulary (``ontology/policy-graph.ttl``)."""

    _NS = Namespace("https://w3id.org/policy-graph/ns#")
    _fail = True

    # classes
    Source: URIRef
    ExternalSource: URIRef
    Actor: URIRef
    Person: URIRef
    State: URIRef
    Organization: URIRef
    Group: URIRef
    Place: URIRef
    Event: URIRef
    Claim: URIRef
    Explanation: URIRef
    Relation: URIRef
    # the subclasses of Relation come from the vocabulary (see _extras)
    LinkedArgument: URIRef
    DatePrecision: URIRef
    DateCertainty: URIRef
    ConfidenceLevel: URIRef
    FactorWeight: URIRef

    # properties
    corpusFile: URIRef
    unnamed: URIRef
    date: URIRef
    endDate: URIRef
    datePrecision: URIRef
    dateText: URIRef
    dateCertainty: URIRef
    notBefore: URIRef
    notAfter: URIRef
    agent: URIRef
    target: URIRef
    host: URIRef
    participant: URIRef
    quote: URIRef
    inSource: URIRef
    footnote: URIRef
    statedAt: URIRef
    about: URIRef
    hedge: URIRef
    hedgedBy: URIRef
    confidence: URIRef
    weight: URIRef
    explains: URIRef
    parts: URIRef
    explanationType: URIRef
    competesWith: URIRef
    scheme: URIRef
    sign: URIRef
    to: URIRef
    # ``from`` is a Python keyword: use ``PG["from"]``; the relation classes (``PG.Support``...)
    # are the vocabulary's, stated once there
    _extras = ["from", *(kind.rdf_class for kind in RELATION_KINDS)]  # noqa: RUF012 - rdflib reads this list

    # individuals
    day: URIRef
    month: URIRef
    year: URIRef
    stated: URIRef
    inferred: URIRef
    certain: URIRef
    likely: URIRef
    possible: URIRef
    unlikely: URIRef
    decisive: URIRef
    mostImportant: URIRef
    contributing: URIRef
    explanationTypes: URIRef
    Diagnosis: URIRef
    CausalAccount: URIRef
    Interpretation: URIRef
    Structure: URIRef


ID = Namespace("https://w3id.org/policy-graph/id/")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")
OA = Namespace("http://www.w3.org/ns/oa#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "": ID,
    "pg": Namespace(str(PG._NS)),
    "aif": AIF,
    "prov": Namespace(str(PROV)),
    "sem": SEM,
    "time": TIME,
    "oa": OA,
    "bibo": BIBO,
    "dcterms": Namespace(str(DCTERMS)),
    "skos": Namespace(str(SKOS)),
    "schema": SCHEMA,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "wd": WD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it.

    >>> g = bind_prefixes(Graph())
    >>> g.namespace_manager.compute_qname(str(PG.Claim))[:2]
    ('pg', rdflib.term.URIRef('https://w3id.org/policy-graph/ns#'))
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
