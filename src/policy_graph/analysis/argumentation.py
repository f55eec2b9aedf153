"""Dung's abstract argumentation semantics: grounded, complete, preferred and stable extensions."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from itertools import product
from typing import Any, Literal

import networkx as nx

__all__ = [
    "SemanticsTimeout",
    "attack_framework",
    "complete_extensions",
    "grounded_extension",
    "labelling",
    "preferred_extensions",
    "stable_extensions",
]

Semantics = Literal["grounded", "complete", "preferred", "stable"]
Label = Literal["in", "out", "undec"]
_SEMANTICS = ("grounded", "complete", "preferred", "stable")


class SemanticsTimeout(TimeoutError):
    """The extensions were not found within the time allowed (``timeout=`` seconds)."""


def attack_framework(G: nx.Graph) -> nx.DiGraph:
    """Return the abstract argumentation framework (Dung 1995) of a projected graph.

    Parameters
    ----------
    G : networkx graph
        A projection following the attribute contract: nodes with ``kind``,
        edges with ``kind``. A ``MultiDiGraph`` is usual.

    Returns
    -------
    networkx.DiGraph
        One node per argument, one edge ``a -> b`` per "a attacks b". The
        arguments are every node incident to an edge of kind ``"attack"`` plus
        every node of kind ``"claim"``. Node attributes ``kind`` and ``label``
        are copied. An attack on a relation node (``kind="relation"``, an
        undercut) makes that relation an argument in its own right.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["a", "b", "c"], kind="claim")
    >>> G.add_edge("a", "b", kind="attack")
    0
    >>> G.add_edge("c", "b", kind="support")
    0
    >>> af = attack_framework(G)
    >>> sorted(af), list(af.edges)
    (['a', 'b', 'c'], [('a', 'b')])

    Notes
    -----
    Support, causal and other edges are not attacks and are dropped: Dung's
    frameworks know only attack. Parallel attacks collapse into one edge.

    References
    ----------
    .. [1] Dung, P. M. (1995). On the acceptability of arguments and its
       fundamental role in nonmonotonic reasoning, logic programming and
       n-person games. Artificial Intelligence 77(2), 321-357.
    """
    af = nx.DiGraph()
    for n, data in G.nodes(data=True):
        if data.get("kind") == "claim":
            af.add_node(n, kind="claim", label=data.get("label"))
    for u, v, kind in G.edges(data="kind"):
        if kind != "attack":
            continue
        for n in (u, v):
            if n not in af:
                data = G.nodes[n]
                af.add_node(n, kind=data.get("kind"), label=data.get("label"))
        af.add_edge(u, v)
    return af


def grounded_extension(af: nx.DiGraph) -> frozenset[Hashable]:
    """Return the grounded extension: the least fixed point of the characteristic function.

    Parameters
    ----------
    af : networkx.DiGraph
        An argumentation framework; every edge ``a -> b`` means "a attacks b".

    Returns
    -------
    frozenset
        The arguments accepted under the most sceptical Dung semantics.

    Examples
    --------
    Dung's chain: ``a`` attacks ``b``, ``b`` attacks ``c``; ``a`` reinstates ``c``.

    >>> af = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> sorted(grounded_extension(af))
    ['a', 'c']

    Notes
    -----
    Computed by label propagation in time linear in the size of ``af``:
    unattacked arguments are in, what they attack is out, and arguments whose
    attackers are all out become in, until nothing changes [1]_.

    References
    ----------
    .. [1] Dung, P. M. (1995). On the acceptability of arguments ..., AIJ 77.
    """
    _check_framework(af)
    return frozenset(_grounded_labels(af)[0])


def complete_extensions(af: nx.DiGraph, *, timeout: float | None = None) -> list[frozenset[Hashable]]:
    """Return every complete extension (admissible sets containing all they defend).

    Parameters
    ----------
    af : networkx.DiGraph
        An argumentation framework; every edge ``a -> b`` means "a attacks b".
    timeout : float, optional
        Seconds the search may take; None (default) for no limit.

    Returns
    -------
    list of frozenset
        Sorted by size, then by the sorted string forms of their members.

    Raises
    ------
    SemanticsTimeout
        If ``timeout`` seconds pass first.

    Examples
    --------
    >>> af = nx.DiGraph([("a", "b"), ("b", "a")])  # Nixon diamond
    >>> [sorted(e) for e in complete_extensions(af)]
    [[], ['a'], ['b']]

    Notes
    -----
    The grounded extension is computed first; it belongs to every complete
    extension, so the search runs only on the undecided remainder (the reduct),
    split into weakly connected components whose extensions combine freely.
    Each component is searched by backtracking over in/out/undec labellings
    with Caminada's local conditions checked as labels are placed. The number
    of complete extensions can be exponential (``k`` disjoint two-cycles have
    ``3**k``); the search is exponential only in that case.

    References
    ----------
    .. [1] Dung, P. M. (1995). AIJ 77, 321-357.
    .. [2] Caminada, M. (2006). On the issue of reinstatement in
       argumentation. JELIA 2006, LNCS 4160, 111-123.
    """
    _check_framework(af)
    return _combine(af, _complete_component, _Deadline(timeout, "complete"))


def preferred_extensions(af: nx.DiGraph, *, timeout: float | None = None) -> list[frozenset[Hashable]]:
    """Return every preferred extension (maximal admissible sets).

    Parameters
    ----------
    af : networkx.DiGraph
        An argumentation framework; every edge ``a -> b`` means "a attacks b".
    timeout : float, optional
        Seconds the search may take; None (default) for no limit.

    Returns
    -------
    list of frozenset
        Sorted by size, then by the sorted string forms of their members.
        Never empty: the empty set is admissible.

    Raises
    ------
    SemanticsTimeout
        If ``timeout`` seconds pass first.

    Examples
    --------
    An odd cycle has only the empty preferred extension; an even one has two.

    >>> preferred_extensions(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    [frozenset()]
    >>> af = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")])
    >>> [sorted(e) for e in preferred_extensions(af)]
    [['a', 'c'], ['b', 'd']]

    Notes
    -----
    After removing the grounded extension and what it attacks, each weakly
    connected component is decomposed into its strongly connected components,
    solved one at a time in topological order for each extension of those
    before it (the SCC-recursive schema of Baroni, Giacomin and Guida [4]_):
    a framework with few extensions is solved piece by piece. Each piece is
    solved by the labelling-based backtracking search
    of Modgil and Caminada [2]_ in the form of Nofal, Atkinson and Dunne [3]_:
    arguments are labelled in (with their attackers "must-out" and their
    targets out) or undec, a branch dies when a must-out argument has no
    attacker left that could become in, and a branch is pruned when everything
    it could still accept lies inside a preferred extension already found.
    Because preferred extensions are complete, labels are propagated after
    each choice: an argument whose attackers are all out is forced in (or
    kills the branch if it was set undec), and a must-out argument with a
    single possible attacker forces that attacker in.

    References
    ----------
    .. [1] Dung, P. M. (1995). AIJ 77, 321-357.
    .. [2] Modgil, S., Caminada, M. (2009). Proof theories and algorithms for
       abstract argumentation frameworks. In Argumentation in Artificial
       Intelligence, Springer, 105-129.
    .. [3] Nofal, S., Atkinson, K., Dunne, P. E. (2014). Algorithms for decision
       problems in argument systems under preferred semantics. AIJ 207, 23-51.
    .. [4] Baroni, P., Giacomin, M., Guida, G. (2005). SCC-recursiveness: a
       general schema for argumentation semantics. AIJ 168, 162-210.

    Neither search recurses: a framework of any size runs without
    Python's recursion limit.
    """
    _check_framework(af)
    return _combine(af, _preferred_component, _Deadline(timeout, "preferred"))


def stable_extensions(af: nx.DiGraph, *, timeout: float | None = None) -> list[frozenset[Hashable]]:
    """Return every stable extension (conflict-free sets attacking every outsider).

    Parameters
    ----------
    af : networkx.DiGraph
        An argumentation framework; every edge ``a -> b`` means "a attacks b".
    timeout : float, optional
        Seconds the search may take; None (default) for no limit.

    Returns
    -------
    list of frozenset
        Sorted as by :func:`preferred_extensions`; empty when there is none
        (an odd cycle has no stable extension).

    Raises
    ------
    SemanticsTimeout
        If ``timeout`` seconds pass first.

    Examples
    --------
    >>> stable_extensions(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    []
    >>> [sorted(e) for e in stable_extensions(nx.DiGraph([("a", "b"), ("b", "a")]))]
    [['a'], ['b']]

    Notes
    -----
    Every stable extension is preferred, so these are the preferred extensions
    of each component that leave no argument undecided.

    References
    ----------
    .. [1] Dung, P. M. (1995). AIJ 77, 321-357.
    """
    _check_framework(af)
    return _combine(af, _stable_component, _Deadline(timeout, "stable"))


def labelling(af: nx.DiGraph, semantics: Semantics = "grounded", *, timeout: float | None = None) -> dict[Hashable, Label]:
    """Label each argument ``"in"``, ``"out"`` or ``"undec"`` under a semantics.

    Parameters
    ----------
    af : networkx.DiGraph
        An argumentation framework; every edge ``a -> b`` means "a attacks b".
    semantics : {"grounded", "complete", "preferred", "stable"}
        Which extensions to label from.
    timeout : float, optional
        Seconds the preferred or stable search may take; None (default) for no limit.

    Returns
    -------
    dict
        Argument -> label, for every argument of ``af``.

    Raises
    ------
    ValueError
        If ``semantics`` is not one of the four names.
    SemanticsTimeout
        If ``timeout`` seconds pass first.

    Examples
    --------
    >>> af = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "e"), ("e", "d")])
    >>> labelling(af)
    {'a': 'in', 'b': 'out', 'c': 'in', 'd': 'undec', 'e': 'undec'}
    >>> labelling(af, "preferred")["d"]
    'undec'

    Notes
    -----
    For ``"grounded"`` this is the grounded labelling [2]_. For the
    multi-extension semantics it is the *sceptical* labelling: an argument is
    ``"in"`` if it belongs to every extension, ``"out"`` if it is attacked by an
    argument that belongs to every extension, ``"undec"`` otherwise. The
    sceptical complete labelling equals the grounded one. When there is no
    extension at all (stable semantics on an odd cycle) every argument is
    ``"undec"`` rather than vacuously ``"in"``.

    References
    ----------
    .. [1] Dung, P. M. (1995). AIJ 77, 321-357.
    .. [2] Caminada, M. (2006). On the issue of reinstatement in argumentation.
       JELIA 2006, LNCS 4160, 111-123.
    """
    if semantics not in _SEMANTICS:
        raise ValueError(
            f"unknown semantics {semantics!r}; choose one of {', '.join(_SEMANTICS)}"
        )
    _check_framework(af)
    if semantics in ("grounded", "complete"):
        accepted: set[Hashable] | frozenset[Hashable] = _grounded_labels(af)[0]
    else:
        search = preferred_extensions if semantics == "preferred" else stable_extensions
        exts = search(af, timeout=timeout)
        if not exts:
            return dict.fromkeys(af, "undec")
        accepted = frozenset.intersection(*exts)
    return {
        a: "in" if a in accepted else "out" if any(p in accepted for p in af.pred[a]) else "undec"
        for a in af
    }


# ---------------------------------------------------------------- helpers


def _check_framework(af: nx.Graph) -> None:
    if not af.is_directed():
        raise nx.NetworkXNotImplemented(
            "an argumentation framework is a directed graph (a -> b: a attacks b); "
            "build one with attack_framework(G)"
        )


def _grounded_labels(af: nx.DiGraph) -> tuple[set[Hashable], set[Hashable]]:
    """Return (in, out) of the grounded labelling by linear-time propagation."""
    live_attackers = {a: len(af.pred[a]) for a in af}
    inn: set[Hashable] = set()
    out: set[Hashable] = set()
    queue = [a for a, n in live_attackers.items() if n == 0]
    while queue:
        a = queue.pop()
        inn.add(a)
        for b in af.succ[a]:
            if b in out:
                continue
            out.add(b)
            for c in af.succ[b]:
                live_attackers[c] -= 1
                if live_attackers[c] == 0 and c not in out and c not in inn:
                    queue.append(c)
    return inn, out


def _combine(
    af: nx.DiGraph, solve: Callable[[nx.DiGraph, _Deadline], list[frozenset[Hashable]]], deadline: _Deadline
) -> list[frozenset[Hashable]]:
    """Solve each component of the grounded reduct and take the product."""
    inn, out = _grounded_labels(af)
    rest = af.subgraph(a for a in af if a not in inn and a not in out)
    parts = [solve(rest.subgraph(c).copy(), deadline) for c in nx.weakly_connected_components(rest)]
    base = frozenset(inn)
    exts = set()
    for combo in product(*parts):
        deadline.check()
        exts.add(base.union(*combo))
    return sorted(exts, key=_ext_key)


def _ext_key(ext: Iterable[Hashable]) -> tuple[int, list[str]]:
    members = sorted(str(a) for a in ext)
    return (len(members), members)


class _Deadline:
    """When a search must stop; ``check`` raises `SemanticsTimeout` once it has passed."""

    def __init__(self, timeout: float | None, semantics: str) -> None:
        self.at = None if timeout is None else time.monotonic() + timeout
        self.timeout = timeout
        self.semantics = semantics
        self.calls = 0

    def check(self) -> None:
        self.calls += 1
        if self.at is not None and self.calls % 256 == 0 and time.monotonic() > self.at:
            raise SemanticsTimeout(
                f"the {self.semantics} extensions were not found within {self.timeout:g} s "
                "(their number or the search can grow exponentially); allow more time, or use "
                "the grounded semantics (linear time)"
            )


def _complete_component(af: nx.DiGraph, deadline: _Deadline) -> list[frozenset[Hashable]]:
    """All complete labellings of a framework, by backtracking with checks (no recursion)."""
    order = list(af)
    pos = {a: i for i, a in enumerate(order)}
    pred = {a: tuple(af.pred[a]) for a in order}
    touched = {a: (a, *af.succ[a]) for a in order}
    label: dict[Hashable, Label] = {}
    found: list[frozenset[Hashable]] = []

    def consistent(a: Hashable) -> bool:
        # Check argument a against its attackers, as far as they are labelled.
        lab = label.get(a)
        if lab is None:
            return True
        attackers = [label.get(p) for p in pred[a]]
        done = None not in attackers
        if lab == "in":
            return all(x in ("out", None) for x in attackers) and (not done or all(x == "out" for x in attackers))
        if lab == "out":
            return "in" in attackers or not done
        return "in" not in attackers and (not done or "undec" in attackers)

    # next_choice[i]: which of in / out / undec to try next for order[i]
    labels: tuple[Label, ...] = ("in", "out", "undec")
    next_choice = [0] * len(order)
    i = 0
    while i >= 0:
        deadline.check()
        if i == len(order):
            found.append(frozenset(a for a, lab in label.items() if lab == "in"))
            i -= 1
            continue
        a = order[i]
        if next_choice[i] == len(labels):
            next_choice[i] = 0
            label.pop(a, None)
            i -= 1
            continue
        label[a] = labels[next_choice[i]]
        next_choice[i] += 1
        if all(consistent(b) for b in touched[a] if pos[b] <= i):
            i += 1
    return found


def _preferred_component(af: nx.DiGraph, deadline: _Deadline) -> list[frozenset[Hashable]]:
    return [frozenset(inn) for inn, _ in _by_scc(af, deadline)]


def _stable_component(af: nx.DiGraph, deadline: _Deadline) -> list[frozenset[Hashable]]:
    return [frozenset(inn) for inn, stable in _by_scc(af, deadline) if stable]


class _Undecided:
    """A stand-in for the undecided arguments upstream of a strongly connected component: it
    attacks itself (so it is never in nor out) and every argument they attack."""

    def __repr__(self) -> str:
        return "<undecided upstream>"


def _by_scc(af: nx.DiGraph, deadline: _Deadline) -> list[tuple[set[Hashable], bool]]:
    """Preferred extensions of ``af``, and whether each is stable, one strongly connected
    component at a time in topological order (Baroni, Giacomin and Guida 2005).

    For each partial extension ``E`` of the components before it, a component ``S`` loses the
    arguments ``E`` attacks (out); those attacked from outside by an argument neither in ``E`` nor
    attacked by it can never be in (an undecided stand-in attacks them); the preferred
    extensions of what is left extend ``E``. A stable extension leaves no argument undecided.
    """
    cond = nx.condensation(af)
    partial: list[tuple[set[Hashable], set[Hashable], bool]] = [(set(), set(), True)]  # in, out, stable so far
    for c in nx.topological_sort(cond):
        members = cond.nodes[c]["members"]
        attackers_outside = {a: [p for p in af.pred[a] if p not in members] for a in members}
        extended = []
        for inn, out, stable in partial:
            deadline.check()
            beaten = {a for a, ps in attackers_outside.items() if any(p in inn for p in ps)}
            blocked = {a for a, ps in attackers_outside.items() if a not in beaten and any(p not in out for p in ps)}
            sub = nx.DiGraph(af.subgraph(members - beaten))
            if blocked:
                undecided = _Undecided()  # self-attacking: never in, so never in an extension
                sub.add_edges_from([(undecided, undecided), *((undecided, a) for a in blocked)])
            for ext, all_decided in _preferred_search(sub, deadline):
                attacked = {b for a in ext for b in af.succ[a] if b in members}
                extended.append((inn | ext, out | beaten | attacked, stable and all_decided))
        partial = extended
    return [(inn, stable) for inn, _, stable in partial]


def _preferred_search(af: nx.DiGraph, deadline: _Deadline) -> list[tuple[set[Hashable], bool]]:
    """Preferred extensions of ``af`` and whether each is stable (Nofal et al. 2014), by an
    explicit stack of choices (no recursion)."""
    IN, OUT, MUST_OUT, BLANK, UNDEC = range(5)
    succ = {a: tuple(af.succ[a]) for a in af}
    pred = {a: tuple(af.pred[a]) for a in af}
    args = tuple(af)
    lab = {a: (UNDEC if a in succ[a] else BLANK) for a in args}
    found: list[set[Hashable]] = []
    Changes = list[tuple[Hashable, int]]

    def in_trans(a: Hashable, changes: Changes) -> None:
        changes.append((a, lab[a]))
        lab[a] = IN
        for b in succ[a]:
            if lab[b] != OUT:
                changes.append((b, lab[b]))
                lab[b] = OUT
        for b in pred[a]:
            if lab[b] not in (OUT, MUST_OUT):
                changes.append((b, lab[b]))
                lab[b] = MUST_OUT

    def undo(changes: Changes) -> None:
        for a, old in reversed(changes):
            lab[a] = old

    def propagate(changes: Changes) -> bool:
        # Preferred extensions are complete: whatever IN defends must be IN too.
        changed = True
        while changed:
            changed = False
            deadline.check()
            for a in args:
                state = lab[a]
                if state in (BLANK, UNDEC) and all(lab[p] == OUT for p in pred[a]):
                    if state == UNDEC:
                        return False  # defended but excluded: no preferred extension here
                    in_trans(a, changes)
                    changed = True
                elif state == BLANK and any(
                    lab[p] == UNDEC and not any(lab[q] == BLANK for q in pred[p]) for p in pred[a]
                ):
                    # An attacker that can never be out keeps a from ever being in.
                    changes.append((a, BLANK))
                    lab[a] = UNDEC
                    changed = True
                elif state == MUST_OUT:
                    candidates = [p for p in pred[a] if lab[p] == BLANK]
                    if not candidates:
                        return False  # must be out, but nothing left can attack it
                    if len(candidates) == 1:
                        in_trans(candidates[0], changes)
                        changed = True
        return True

    def pruned() -> bool:
        reach = {a for a in args if lab[a] in (IN, BLANK)}
        return any(reach <= ext for ext in found)

    def pick() -> Hashable | None:
        blanks = [a for a in args if lab[a] == BLANK]
        if not blanks:
            return None
        # Prefer turning must-out attackers out, then arguments that attack more than they are attacked.
        chosen: Hashable = min(blanks, key=lambda a: (-sum(lab[b] == MUST_OUT for b in succ[a]), len(pred[a]) - len(succ[a])))
        return chosen

    # One frame per open choice: [stage, changes made on entry, argument chosen, changes of its "in" branch].
    # Stage 0: entered; 1: the "in" branch is done, try "undec"; 2: both done, leave.
    stack: list[list[Any]] = [[0, [], None, []]]
    while stack:
        deadline.check()
        frame = stack[-1]
        stage, changes, a, branch = frame
        if stage == 0:
            if propagate(changes) and not pruned():
                a = pick()
                if a is not None:
                    frame[1:] = [changes, a, []]
                    in_trans(a, frame[3])
                    frame[0] = 1
                    stack.append([0, [], None, []])
                    continue
                inn = {x for x, v in lab.items() if v == IN}
                if not any(inn <= ext for ext in found):
                    found[:] = [ext for ext in found if not ext <= inn]
                    found.append(inn)
            undo(changes)
            stack.pop()
        elif stage == 1:
            undo(branch)
            lab[a] = UNDEC
            frame[0] = 2
            stack.append([0, [], None, []])
        else:
            lab[a] = BLANK
            undo(changes)
            stack.pop()
    return [(ext, all(b in ext or any(p in ext for p in pred[b]) for b in args)) for ext in found]
