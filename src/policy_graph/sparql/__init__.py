"""SPARQL machinery behind `policy_graph.query`: safety checks, parameter binding, result rows, engines."""
