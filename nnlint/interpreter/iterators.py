"""Python iterators, taken one item at a time as Python takes them.

A generator expression, map(), filter(), zip(), enumerate() and a list's iterator
compute each item when it is asked for, from what the names and lists they read hold
at that moment (late binding): `g = (f(k) for _ in r); k = 7; list(g)` uses k == 7,
and a `for` loop's body runs between two items. Each is a `OneShot` whose `source` is a
Python generator doing the work step by step; the generator returns an Unknown where
the items stop being known, and the iterator stays unknown from then on.
"""

from __future__ import annotations

from nnlint.interpreter.values import MAX_LEN, Unknown, UserRaise, contains_unknown, is_plain

DONE = ()  # what step() gives at the end; an item comes as the 1-tuple (item,)


class OneShot:
    """A Python iterator: its items can be taken once; a second loop over it sees
    nothing, as in Python. `items` are computed already, `source` computes the rest."""

    __slots__ = ("items", "source", "broken")

    def __init__(self, items=(), source=None):
        self.items = list(items)
        self.source = source
        self.broken = None  # the Unknown that ended it

    def step(self):
        """(item,), DONE, or an Unknown where the next item is not known."""
        if self.broken is not None:
            return self.broken
        if self.items:
            return (self.items.pop(0),)
        if self.source is None:
            return DONE
        try:
            return (next(self.source),)
        except StopIteration as stop:
            self.source = None
            if isinstance(stop.value, Unknown):
                self.broken = stop.value
                return stop.value
            return DONE

    def take_all(self):
        """The remaining items as a list, or an Unknown."""
        out = []
        while True:
            got = self.step()
            if isinstance(got, Unknown):
                return got
            if not got:
                return out
            if len(out) >= MAX_LEN:
                self.broken = Unknown("iterator too long")
                return self.broken
            out.append(got[0])


def iterator(interp, value, node):
    """iter(value): a OneShot, or an Unknown. A list, dict or set is read live, as
    Python's own iterators read them (they see items appended after iter())."""
    if isinstance(value, OneShot):
        return value
    if isinstance(value, list) and not interp.is_poisoned(value):
        return OneShot(source=_live_list(interp, value))
    if isinstance(value, (dict, set)) and not interp.is_poisoned(value):
        checked = interp.iterate(value, node)  # the order of a set must be known
        if isinstance(checked, Unknown):
            return checked
        return OneShot(source=_live_mapping(interp, value, node))
    items = interp.iterate(value, node)
    return items if isinstance(items, Unknown) else OneShot(items)


def _live_list(interp, lst):
    i = 0
    while True:
        if interp.is_poisoned(lst):
            return Unknown("list changed by code nnlint could not follow")
        if i >= len(lst):
            return None
        yield lst[i]
        i += 1


def _live_mapping(interp, container, node):
    it = iter(container)
    while True:
        if interp.is_poisoned(container):
            return Unknown(f"{type(container).__name__} changed by code nnlint could not follow")
        try:
            item = next(it)
        except StopIteration:
            return None
        except RuntimeError:  # changed size during iteration, as Python says
            raise UserRaise(interp.line_of(node), "RuntimeError")
        if isinstance(container, set) and (not is_plain(item) or has_text(item)):
            return Unknown("iteration order of a set")
        yield item


def _iterators(interp, values, node):
    out = []
    for v in values:
        it = iterator(interp, v, node)
        if isinstance(it, Unknown):
            return it
        out.append(it)
    return out


def _zip_steps(its, strict, interp, node):
    while True:
        row = []
        for i, it in enumerate(its):
            got = it.step()
            if isinstance(got, Unknown):
                return got
            if not got:
                if strict and i > 0:  # a later argument is shorter than the first
                    raise UserRaise(interp.line_of(node), "ValueError")
                for other in its[1:] if strict else ():  # the first one is shorter?
                    rest = other.step()
                    if isinstance(rest, Unknown):
                        return rest
                    if rest:
                        raise UserRaise(interp.line_of(node), "ValueError")
                return None
            row.append(got[0])
        yield tuple(row)


def zip_(interp, args, kwargs, node):
    if set(kwargs) - {"strict"}:
        return interp.unknown("zip() with unknown keywords", node)
    strict = kwargs.get("strict", False)
    if not isinstance(strict, bool):
        return interp.unknown("zip(strict=) not known", node)
    its = _iterators(interp, args, node)
    if isinstance(its, Unknown):
        return its
    return OneShot(source=_zip_steps(its, strict, interp, node))


def map_(interp, args, kwargs, node):
    if len(args) < 2 or kwargs:
        return interp.unknown("map()", node)
    its = _iterators(interp, args[1:], node)
    if isinstance(its, Unknown):
        return its

    def steps():  # Python's map takes one item of each iterable, then calls func
        rows = _zip_steps(its, False, interp, node)
        while True:
            try:
                row = next(rows)
            except StopIteration as stop:
                return stop.value
            yield interp.call(args[0], list(row), {}, node)

    return OneShot(source=steps())


def filter_(interp, args, kwargs, node):
    if len(args) != 2 or kwargs:
        return interp.unknown("filter()", node)
    func = args[0]
    it = iterator(interp, args[1], node)
    if isinstance(it, Unknown):
        return it

    def steps():
        while True:
            got = it.step()
            if isinstance(got, Unknown) or not got:
                return got if isinstance(got, Unknown) else None
            item = got[0]
            keep = item if func is None else interp.call(func, [item], {}, node)
            t = interp.truth(keep, node)
            if isinstance(t, Unknown):
                return t
            if t:
                yield item

    return OneShot(source=steps())


def enumerate_(interp, args, kwargs, node):
    start = args[1] if len(args) > 1 else kwargs.get("start", 0)
    if len(args) not in (1, 2) or set(kwargs) - {"start"} or not isinstance(start, int):
        return interp.unknown("enumerate()", node)
    it = iterator(interp, args[0], node)
    if isinstance(it, Unknown):
        return it

    def steps():
        n = start
        while True:
            got = it.step()
            if isinstance(got, Unknown) or not got:
                return got if isinstance(got, Unknown) else None
            yield (n, got[0])
            n += 1

    return OneShot(source=steps())


def iter_(interp, args, kwargs, node):
    if len(args) != 1 or kwargs:
        return interp.unknown("iter() with a sentinel", node)
    return iterator(interp, args[0], node)


def next_(interp, args, kwargs, node):
    it = args[0] if args else None
    if not isinstance(it, OneShot) or len(args) > 2 or kwargs:
        return interp.unknown("next() of an iterator nnlint does not follow", node)
    got = it.step()
    if isinstance(got, Unknown):
        return got
    if got:
        return got[0]
    if len(args) == 2:
        return args[1]
    raise UserRaise(interp.line_of(node), "StopIteration")


def has_text(value):
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, (tuple, frozenset, set)):
        return any(has_text(v) for v in value)
    return False


def one_shot(fn):
    """A builtin whose list result is, in Python, an iterator."""
    def run(interp, args, kwargs, node):
        out = fn(interp, args, kwargs, node)
        return OneShot(out) if isinstance(out, list) else out
    return run


def _sort_keys(interp, items, key, node):
    """key(item) for each item; Unknown unless every key is a plain value."""
    keys = [interp.call(key, [item], {}, node) for item in items]
    if not all(is_plain(k) and not contains_unknown(k) for k in keys):
        return interp.unknown("sort key not known statically", node)
    return keys


def by_key(interp, name, args, kwargs, key, node):
    """sorted / min / max with key= (the items themselves may be any objects)."""
    items = list(args[0]) if len(args) == 1 else list(args)
    reverse = kwargs.pop("reverse", False)
    has_default = "default" in kwargs
    default = kwargs.pop("default", None)
    if kwargs or not isinstance(reverse, bool) or (name == "sorted" and len(args) != 1):
        return interp.unknown(f"{name}() with these arguments", node)
    if name != "sorted" and not items and has_default:
        return default
    keys = _sort_keys(interp, items, key, node)
    if isinstance(keys, Unknown):
        return keys
    try:  # Python's own sorted/min/max on the indices: same stability and ties
        if name == "sorted":
            return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__,
                                             reverse=reverse)]
        pick = min if name == "min" else max
        return items[pick(range(len(items)), key=keys.__getitem__)]
    except (TypeError, ValueError) as exc:
        raise UserRaise(interp.line_of(node), type(exc).__name__)
