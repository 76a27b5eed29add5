"""Alternatives and their join: what nnlint does where it cannot decide.

Where a condition (an `if`, `x if c else y`, a loop over a value not known...) cannot
be decided, the evaluator runs each alternative from the same starting state and
compares what each leaves behind, as abstract interpretation joins two paths:

- before the fork, `Heap` takes a shallow copy of every mutable object the code can
  reach (the names it mentions, what they hold, transitively, and the functions'
  scopes), and of the interpreter's own state (poisoned containers, calls not
  followed, Keras' image data format);
- after each alternative its end state is recorded, and everything is put back in
  place before the next one runs;
- `join` then compares, object by object, slot by slot: identical objects and equal
  plain values agree; objects made inside both alternatives agree when they have the
  same structure (an isomorphism: sharing, and so tied weights, must match too).
  A plain slot that differs becomes `Unknown` (the reason and the condition's line);
  a model, layer or parameter that differs keeps its state from before the fork and
  is tainted: only then is the model inexact.

Anything the join cannot represent (an iterator half consumed, a function's slots,
too large a heap) makes the caller fall back to `havoc`: nothing is ever guessed.
"""

from __future__ import annotations

import inspect
import types

import libcst as cst

from nnlint.interpreter.runtime import ModelObject, RuntimeObject, model_kind
from nnlint.interpreter.values import Note, Unknown

MAX_HEAP = 60_000  # mutable objects one fork may copy; past it the evaluator havocs
MAX_FORK_DEPTH = 6  # forks inside forks (an elif chain counts as one)
MAX_FORKS = 3_000  # forks per analysed file
MAX_COPIED = 400_000  # objects copied by all the forks of one file (about half a second)
OBJECTS_PER_STEP = 10  # copying this many objects costs about one evaluation step
MAX_ROUNDS = 4  # joins of a loop's turns before its state must stop changing
FORK_STEPS = 40_000  # evaluation steps the alternatives of one fork may spend
MAX_FORK_STEPS = 200_000  # steps all the forks of one file may spend
STATEMENT_FORK_STEPS = 20_000  # steps the forks of one statement may spend, all together
LOOP_STEPS = 60_000  # steps a module-level loop may spend before its turns are joined
INNER_LOOP_STEPS = 10_000  # ... and a loop that such a loop runs

_UNSET = object()  # a slot with no value / a name not bound

SKIP, DICT, LIST, SET, SEQ, OBJ, OPAQUE = range(7)
_KINDS = {dict: DICT, list: LIST, set: SET, tuple: SEQ, frozenset: SEQ}
for _t in (int, float, str, bytes, bool, type(None), complex, range, slice, type,
           types.FunctionType, types.BuiltinFunctionType, types.MethodType,
           types.ModuleType, type(Ellipsis), type(NotImplemented), object,
           inspect._ParameterKind):  # inspect's kinds: the real, immutable enum members
    _KINDS[_t] = SKIP
_SLOTS = {}  # type -> names of its slots (and "__dict__")
# slots never copied: append-only notes, and what never changes (syntax, interpreters)
_NOT_STATE = frozenset({"taints", "_mro"})  # notes only grow; an MRO, once computed, holds


class CannotJoin(Exception):
    """The state holds something the join cannot copy or compare: havoc instead."""


def _kind(tp):
    kind = _KINDS.get(tp)
    if kind is not None:
        return kind
    mod = getattr(tp, "__module__", "") or ""
    if getattr(tp, "JOIN_KEEPS", False):
        kind = SKIP  # nnlint's own records (what either alternative records is kept)
    elif tp is Unknown or issubclass(tp, cst.CSTNode) or mod.startswith("libcst") or \
            (mod.startswith("nnlint.catalog") and tp.__name__ != "Args") or \
            mod in ("nnlint.source.positions", "nnlint.interpreter.values"):
        kind = SKIP  # syntax, interpreters, layer specs, Unknown: never changed in place
    elif mod.startswith("nnlint.") and tp.__name__ not in ("OneShot",):
        kind = OBJ
        _SLOTS[tp] = _slot_names(tp)
    elif issubclass(tp, (dict, list, set)):
        kind = OPAQUE  # OrderedDict and friends: not modelled as plain dicts
    else:
        kind = OPAQUE
    _KINDS[tp] = kind
    return kind


def _slot_names(tp):
    names = []
    for c in tp.__mro__:
        slots = c.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        names.extend(s for s in slots if s not in names and s not in _NOT_STATE)
    if tp.__dictoffset__:
        names.append("__dict__")
    return tuple(names)


def _state(obj, kind):
    if kind == DICT:
        return dict(obj)
    if kind == LIST:
        return list(obj)
    if kind == SET:
        return set(obj)
    out = []
    for name in _SLOTS[type(obj)]:
        if name == "__dict__":
            d = obj.__dict__
            out.append({k: v for k, v in d.items() if k not in _NOT_STATE})
        else:
            out.append(getattr(obj, name, _UNSET))
    return out


def _children(state, kind):
    if kind == DICT:
        yield from state.keys()
        yield from state.values()
    elif kind in (LIST, SET, SEQ):
        yield from state
    else:
        for value in state:
            if type(value) is dict:  # an object's __dict__, copied
                yield from value.values()
            else:
                yield value


def _restore(obj, kind, state):
    if kind == DICT:
        if not (list(obj) == list(state) and _same_values(obj, state)):
            obj.clear()
            obj.update(state)
    elif kind == LIST:
        obj[:] = state
    elif kind == SET:
        obj.clear()
        obj.update(state)
    else:
        for name, value in zip(_SLOTS[type(obj)], state):
            if name == "__dict__":
                d = obj.__dict__
                for k in [k for k in d if k not in _NOT_STATE and k not in value]:
                    del d[k]
                d.update(value)
            elif value is _UNSET:
                if hasattr(obj, name):
                    delattr(obj, name)
            else:
                setattr(obj, name, value)


def _same_values(a, b):
    return list(map(id, a.values())) == list(map(id, b.values()))


class ScopeSlot:
    """One name of one scope, as a root: restoring it rebinds or unbinds the name."""

    __slots__ = ("scope", "name")

    def __init__(self, scope, name):
        self.scope = scope
        self.name = name

    def get(self):
        return self.scope.vars.get(self.name, _UNSET)

    def put(self, value):
        if value is _UNSET:
            self.scope.vars.pop(self.name, None)
        else:
            self.scope.vars[self.name] = value

    def lose(self, values, joined):
        """The alternatives left this name holding different things: where one was a
        model, a scope whose names are reported keeps it, so the model does not vanish."""
        lost = getattr(self.scope, "lost", None)
        if lost is None:
            return
        held = next((v for v in values if v is not _UNSET and model_kind(v) is not None), None)
        if held is not None:
            lost[self.name] = (held, joined)


class Heap:
    """The mutable objects reachable from the roots, with their state before the fork."""

    def __init__(self, interp, slots, roots):
        self.interp = interp
        self.slots = slots  # ScopeSlots: names of the current scopes the code mentions
        self.objects = {}  # id -> (object, kind)
        self.owner = {}  # id -> the model object (TorchModule, KerasLayer) a state belongs to
        # ids of a torch module's attribute dicts (buffers, plain values): no count sees them,
        # so they are joined as plain containers, not as the model
        self.uncounted = set()
        self.before = self._walk([s.get() for s in slots] + list(roots))
        self.before_slots = [s.get() for s in slots]
        self.before_interp = self._interp_state()

    # ---------------------------------------------------------------- walking
    def _walk(self, roots):
        """States of the mutable objects reachable from roots. An object reached from a
        model through framework objects and plain containers belongs to that model."""
        states = {}
        seen = set()
        stack = [(r, None) for r in roots]
        objects, owner = self.objects, self.owner
        while stack:
            obj, own = stack.pop()
            tp = type(obj)
            kind = _KINDS.get(tp)
            if kind is None:
                kind = _kind(tp)
            if kind == SKIP:
                continue
            key = id(obj)
            if key in seen:
                continue
            seen.add(key)
            if kind == OPAQUE:
                raise CannotJoin(f"{tp.__name__} cannot be copied")
            if kind == SEQ:  # immutable, but what it holds may not be
                stack.extend((c, own) for c in obj)
                continue
            objects[key] = (obj, kind)
            if len(objects) > MAX_HEAP:
                raise CannotJoin("too many objects reachable")
            state = _state(obj, kind)
            states[key] = state
            if isinstance(obj, ModelObject):
                own = obj
                self.uncounted.update(id(c) for c in obj.uncounted_containers())
            elif kind == OBJ and not isinstance(obj, RuntimeObject):
                own = None  # a class, a function, a plain object: not the model's
            if own is not None:
                owner[key] = own
            stack.extend((c, own) for c in _children(state, kind))
        self.interp.copied += len(objects)
        return states

    def _interp_state(self):
        i = self.interp
        return (dict(i.poisoned), i.opaque_calls,
                getattr(i, "keras_image_data_format", None), set(i.imported),
                i.captured, dict(i.environ))

    # ------------------------------------------------------------- snapshots
    def record(self):
        """The end state of an alternative (the objects from before the fork)."""
        states = {}
        for key, (obj, kind) in self.objects.items():
            states[key] = _state(obj, kind)
        return End(states, [s.get() for s in self.slots], self._interp_state())

    def restore(self, end=None):
        """Put back the state from before the fork, or the end state of an alternative."""
        states = self.before if end is None else end.states
        for key, (obj, kind) in self.objects.items():
            _restore(obj, kind, states[key])
        for slot, value in zip(self.slots, self.before_slots if end is None else end.slots):
            slot.put(value)
        poisoned, opaque, fmt, imported, captured, environ = \
            self.before_interp if end is None else end.interp
        i = self.interp
        i.environ = dict(environ)
        i.poisoned = dict(poisoned)
        i.opaque_calls = opaque
        if fmt is None:
            i.__dict__.pop("keras_image_data_format", None)
        else:
            i.keras_image_data_format = fmt
        for key in [k for k in i.imported if k not in imported]:
            del i.imported[key]
        i.captured = captured

    def models_changed(self) -> bool:
        """Some model, layer or parameter from before is not as it was."""
        for key, (obj, kind) in self.objects.items():
            if key in self.owner and not quick_same(self.before[key], _state(obj, kind), kind):
                return True
        return False

    def existed(self, value) -> bool:
        return id(value) in self.objects and self.objects[id(value)][0] is value


class End:
    __slots__ = ("states", "slots", "interp")

    def __init__(self, states, slots, interp_state):
        self.states = states
        self.slots = slots
        self.interp = interp_state


# --------------------------------------------------------------------- agreement
_SCALARS = (int, str, bytes, bool, type(None), complex)
_WHERE = frozenset({"line"})  # where an object was made: not what it is


class _Match:
    """Agreement of values from two alternatives: objects made in both must correspond
    one to one (so that sharing, and tied weights, agree too)."""

    def __init__(self, heap):
        self.heap = heap
        self.a_to_b = {}
        self.b_to_a = {}

    def agree(self, a, b) -> bool:
        if a is b:
            return True
        ta = type(a)
        if ta is not type(b):
            return False
        if ta in _SCALARS:
            return a == b
        if ta is float:
            return a == b and str(a) == str(b)
        if isinstance(a, Unknown):
            return True  # not known in either: the joined slot is not known either way
        if ta is tuple:
            return len(a) == len(b) and all(self.agree(x, y) for x, y in zip(a, b))
        heap = self.heap
        if heap.existed(a) or heap.existed(b):
            return False  # two different objects from before the fork
        if id(a) in self.a_to_b or id(b) in self.b_to_a:
            return self.a_to_b.get(id(a)) is b and self.b_to_a.get(id(b)) is a
        kind = _KINDS.get(ta)
        if kind is None:
            kind = _kind(ta)
        if kind == SKIP:
            try:
                return bool(a == b) and ta not in (type, types.FunctionType)
            except Exception:
                return False
        if kind == OPAQUE:
            return False
        self.a_to_b[id(a)] = b
        self.b_to_a[id(b)] = a
        if kind in (SEQ, SET):
            return self._same_set(a, b)
        if [_note_key(n) for n in getattr(a, "taints", ())] != \
                [_note_key(n) for n in getattr(b, "taints", ())]:
            return False
        return self.states_agree(_state(a, kind), _state(b, kind), kind, ta)

    def _same_set(self, a, b):
        if len(a) != len(b):
            return False
        if all(type(x) in _SCALARS for x in a) and all(type(x) in _SCALARS for x in b):
            return a == b
        return False

    def states_agree(self, sa, sb, kind, tp=None) -> bool:
        """`tp` given: the slots of an object of that type made in both alternatives,
        where the line it was made on does not matter."""
        if kind == DICT:
            return list(sa) == list(sb) and all(
                self.agree(sa[k], sb[k]) for k in sa if tp is None or k not in _WHERE)
        if kind == SET:
            return self._same_set(sa, sb)
        if len(sa) != len(sb):
            return False
        names = _SLOTS.get(tp, ()) if tp is not None else ()
        for i, (x, y) in enumerate(zip(sa, sb)):
            if i < len(names) and names[i] in _WHERE:
                continue
            if type(x) is dict and type(y) is dict:
                if not self.states_agree(x, y, DICT, tp):
                    return False
            elif not self.agree(x, y):
                return False
        return True


def _note_key(note):
    return (note.code, note.message, note.line)


def quick_same(sa, sb, kind) -> bool:
    """The same objects in the same places (the common case: nothing changed)."""
    if kind == DICT:
        return list(sa) == list(sb) and _same_values(sa, sb)
    if kind == SET:
        return sa == sb if len(sa) == len(sb) else False
    if len(sa) != len(sb):
        return False
    for x, y in zip(sa, sb):
        if x is y:
            continue
        if type(x) is dict and type(y) is dict and list(x) == list(y) and _same_values(x, y):
            continue
        return False
    return True


# -------------------------------------------------------------------------- join
class Join:
    """Join the end state of alternative A (recorded) with the live one of B."""

    def __init__(self, interp, heap, why, line):
        self.interp = interp
        self.heap = heap
        self.why = why
        self.line = line
        self.match = _Match(heap)
        self.differing_models = []

    def unknown(self, a, b):
        inert = all(type(v) in _SCALARS or type(v) is float for v in (a, b) if v is not _UNSET)
        # what a model class would have made, in either alternative, is still reported
        made = next((v.was for v in (a, b) if isinstance(v, Unknown) and
                     isinstance(v.was, tuple)), None)
        return Unknown(self.why, self.line, inert=inert, was=made)

    def run(self, end_a: End):
        heap, match = self.heap, self.match
        plain_changes = []
        for key, (obj, kind) in heap.objects.items():
            sa = end_a.states[key]
            sb = _state(obj, kind)
            if quick_same(sa, sb, kind) or match.states_agree(sa, sb, kind):
                continue
            own = heap.owner.get(key)
            if own is not None and key not in heap.uncounted:
                self.differing_models.append(own)
                continue
            if kind == OBJ:
                raise CannotJoin(f"{type(obj).__name__} differs between the alternatives")
            plain_changes.append((obj, kind, sa, sb))
        slot_changes = []
        for slot, before, va, vb in zip(heap.slots, heap.before_slots, end_a.slots,
                                        [s.get() for s in heap.slots]):
            if va is vb or (va is not _UNSET and vb is not _UNSET and match.agree(va, vb)):
                continue
            slot_changes.append((slot, before, va, vb))
        self._check_interp(end_a)
        # every check passed: now change the live state
        changed = False
        for obj, kind, sa, sb in plain_changes:
            changed |= self._join_container(obj, kind, sa, sb)
        for slot, before, va, vb in slot_changes:
            if self._same_parameters(va, vb):
                vb.either = Note("NNL101", f"{self.why} (line {self.line}): this name holds "
                                 "one of two modules with the same parameters", self.line)
                changed |= not isinstance(va, type(vb))
                continue  # B's module stays: what differs is caught by TorchModule.either
            joined = self.unknown(va, vb)
            slot.put(joined)
            slot.lose((before, va, vb), joined)
            changed |= not isinstance(va, Unknown)
        changed |= self._join_interp(end_a)
        self.interp.joined_changes = changed
        if self.differing_models:
            self._models_differ(end_a)

    def _check_interp(self, end_a):
        imported_a = end_a.interp[3]
        if imported_a != set(self.interp.imported):
            raise CannotJoin("the alternatives import different files")

    def _join_interp(self, end_a):
        """The interpreter's state; True where it changed (for a loop's fixpoint: calls
        not followed only count as having happened)."""
        poisoned, opaque, fmt, _, captured, environ = end_a.interp
        i = self.interp
        changed = any(key not in poisoned for key in i.poisoned)
        for key in set(environ) | set(i.environ):  # kept where both wrote the same
            if environ.get(key) != i.environ.get(key):
                i.environ.pop(key, None)
                changed = True
        for key, value in poisoned.items():
            if key not in i.poisoned:
                i.poisoned[key] = value
                changed = True
        i.opaque_calls = max(i.opaque_calls, opaque)
        fmt_b = getattr(i, "keras_image_data_format", None)
        if fmt is not fmt_b and fmt != fmt_b and not isinstance(fmt, Unknown):
            i.keras_image_data_format = Unknown(self.why, self.line)
            changed = True
        if i.captured is None:
            i.captured = captured
        return changed

    def _join_container(self, obj, kind, sa, sb):
        """Differing items become Unknown; differing keys or lengths poison the
        container. True where the first alternative's state changed."""
        match, changed = self.match, False
        if kind == DICT and list(sa) == list(sb) or kind == LIST and len(sa) == len(sb):
            for k in (sa if kind == DICT else range(len(sa))):
                if not match.agree(sa[k], sb[k]):
                    obj[k] = self.unknown(sa[k], sb[k])
                    changed |= not isinstance(sa[k], Unknown)
            return changed
        if kind == DICT:
            for k in set(sa) | set(sb):
                if not (k in sa and k in sb and match.agree(sa[k], sb[k])):
                    obj[k] = self.unknown(sa.get(k, _UNSET), sb.get(k, _UNSET))
        changed = not self.interp.is_poisoned(obj)
        self.interp.poison(obj)
        return changed

    def _models_differ(self, end_a):
        """A model, layer or parameter differs: it keeps its state from before the fork
        (as if neither alternative ran) and is tainted. Its numbers stay lower bounds only
        where every alternative kept each parameter counted before, with its size and
        trainability (it only added); otherwise they are null (Note.bound)."""
        interp = self.interp
        note = interp.taint(self.why, line=self.line, mapped=True,
                            bound=self._only_added(end_a))
        seen = set()
        for own in self.differing_models:
            if id(own) in seen:
                continue
            seen.add(id(own))
            own.taints.append(note)
        for key, (obj, kind) in self.heap.objects.items():
            own = self.heap.owner.get(key)
            if own is not None and id(own) in seen:
                _restore(obj, kind, self.heap.before[key])
                if kind in (DICT, LIST, SET):
                    interp.poison(obj)  # a plain container the model holds: not known

    def _same_parameters(self, a, b) -> bool:
        """Two torch modules holding the very same parameters, of the same sizes and
        trainability (`nn.DataParallel(net)` and `net`), neither changed in the fork."""
        if not (isinstance(a, ModelObject) and a.may_share_parameters and type(a) is type(b)):
            return False
        if any(m.taints or m.opaque is not None for m in (a, b)) or \
                a.either is not None or b.either is not None:
            return False
        ca, cb = _counted(a), _counted(b)
        return bool(ca) and ca.keys() == cb.keys() and _kept(ca, cb)

    def _only_added(self, end_a) -> bool:
        heap = self.heap
        models = list({id(m): m for m in self.differing_models}.values())
        end_b = heap.record()
        in_b = [_counted(m) for m in models]
        heap.restore(end_a)
        in_a = [_counted(m) for m in models]
        heap.restore()
        before = [_counted(m) for m in models]
        heap.restore(end_b)
        return all(_kept(old, new) for old, a, b in zip(before, in_a, in_b) for new in (a, b))


def _counted(model) -> dict:
    """id -> (size, trainable) of every parameter or weight a model holds now."""
    out, seen, stack = {}, set(), [(model, True)]
    while stack:
        m, flag = stack.pop()
        if id(m) in seen:
            continue
        seen.add(id(m))
        if isinstance(m, ModelObject):
            held, children = m.parameter_states(flag)
            for p, size, trainable in held:
                out[id(p)] = (size, trainable)
            stack.extend(children)
    return out


def _kept(old: dict, new: dict) -> bool:
    """Every parameter of `old` is in `new`, of the same size and trainability."""
    for key, (size, trainable) in old.items():
        got = new.get(key)
        if got is None or got[1] != trainable or not (
                got[0] is size or (type(size) is int and type(got[0]) is int and got[0] == size)):
            return False
    return True
