"""Pure graph analyses over the networkx projection: paths, ranks, extensions, matrices, timelines."""

from policy_graph.analysis.ach import RATINGS, ACHResult, ach_from_graph, ach_matrix
from policy_graph.analysis.argumentation import (
    SemanticsTimeout,
    attack_framework,
    complete_extensions,
    grounded_extension,
    labelling,
    preferred_extensions,
    stable_extensions,
)
from policy_graph.analysis.causal import imbalanced_pairs, path_effects, total_effect
from policy_graph.analysis.centrality import LARGE_GRAPH_EDGES, SMALL_GRAPH_NODES, rank, rank_by_kind
from policy_graph.analysis.paths import DEFAULT_KINDS, EDGE_KINDS, explanation_paths
from policy_graph.analysis.rephrase import merge_rephrasings, rephrase_groups
from policy_graph.analysis.timeline import stance, timeline

__all__ = [
    "ACHResult",
    "DEFAULT_KINDS",
    "EDGE_KINDS",
    "LARGE_GRAPH_EDGES",
    "RATINGS",
    "SMALL_GRAPH_NODES",
    "SemanticsTimeout",
    "ach_from_graph",
    "ach_matrix",
    "attack_framework",
    "complete_extensions",
    "explanation_paths",
    "grounded_extension",
    "imbalanced_pairs",
    "labelling",
    "merge_rephrasings",
    "path_effects",
    "preferred_extensions",
    "rank",
    "rank_by_kind",
    "rephrase_groups",
    "stable_extensions",
    "stance",
    "timeline",
    "total_effect",
]
