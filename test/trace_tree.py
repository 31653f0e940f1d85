"""A trace's span tree as text, for exact comparisons in tests."""


def tree(trace):
    """["name [TYPE]", "  child [TYPE]", ...]: depth first, siblings in start order."""
    children = {}
    for span in trace.data.spans:
        children.setdefault(span.parent_id, []).append(span)
    out = []

    def walk(parent, depth):
        for span in sorted(children.get(parent, []), key=lambda s: (s.start_time_ns, s.name)):
            out.append("  " * depth + f"{span.name} [{span.span_type}]")
            walk(span.span_id, depth + 1)

    walk(None, 0)
    return out
