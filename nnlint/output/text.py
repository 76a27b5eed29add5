"""`--format text` (`nnlint summary`): a table per model, like Keras' model.summary() and torchinfo.

Sizes are in binary units (1 KiB = 1024 bytes, what Keras prints as "KB") at the dtype of
`--dtype` / `dtype =` (fp32 unless told). `--depth N` folds the rows below depth N into
their block (`layer1.0.conv1` -> `layer1.0` at depth 2), and runs of identical rows
(`layer1.0 .. layer1.2`) into one row with a count, as torchinfo's `depth` does.
"""

from __future__ import annotations

from fractions import Fraction

from nnlint.config import DTYPES
from nnlint.output.findings import once, where


def human_bytes(n_params: int, bytes_per_param: float = 4) -> str:
    """`7993` parameters at 4 bytes -> '31.22 KiB'; exact for counts of any size (no float)."""
    size = Fraction(n_params) * Fraction(bytes_per_param)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(size) < 1024 or unit == "TiB":
            break
        size /= 1024
    if unit == "B":
        return f"{int(size)} B"
    hundredths = round(size * 100)
    sign = "-" if hundredths < 0 else ""
    whole, frac = divmod(abs(hundredths), 100)
    return f"{sign}{whole}.{frac:02d} {unit}"


def _num(n, exact=True):
    if n is None:
        return "unknown"
    return f"{n:,}" + ("" if exact else "+")


def _shape(shape):
    if not shape:
        return "?"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


_COLUMNS = ((32, "Layer (name)"), (22, "Type"), (24, "Output shape"))
_PARAMS_WIDTH = 14
_MACS_WIDTH = 18


def _widths(rows):
    """Column widths that fit every cell: long names and types are never cut."""
    return [max([w] + [len(r[i]) + 2 for r in rows]) for i, (w, _) in enumerate(_COLUMNS)]


def _params(params) -> str:
    return "?" if params is None else f"{params:,}"


def _plus(a, b):
    return None if a is None or b is None else a + b


def fold(layers, depth, blocks=None):
    """(name, type, shape, params, macs) rows, folded below `depth` and over repeated
    blocks; `blocks` names the type of the modules rows fold into."""
    blocks = blocks or {}
    rows = []
    for layer in layers:
        parts = layer.name.split(".")
        macs = layer.macs
        if depth is not None and len(parts) > depth:
            name = ".".join(parts[:depth])
            if rows and rows[-1][0] == name:
                last = rows[-1]
                rows[-1] = (name, last[1] + [layer.type], layer.output_shape,
                            _plus(last[3], layer.params), _plus(last[4], macs))
                continue
            rows.append((name, [layer.type], layer.output_shape, layer.params, macs))
        else:
            rows.append((layer.name, [layer.type], layer.output_shape, layer.params, macs))
    rows = [(n, blocks.get(n) or (t[0] if len(t) == 1 else f"{len(t)} layers"), s, p, c)
            for n, t, s, p, c in rows]
    return _repeats(rows) if depth is not None else rows


def _repeats(rows):
    """`layer1.0`, `layer1.1`, `layer1.2` alike -> one row `layer1.0 .. layer1.2` (x3)."""
    out = []
    for row in rows:
        if out and _same_block(out[-1][-1], row):
            out[-1].append(row)
        else:
            out.append([row])
    folded = []
    for run in out:
        first, last = run[0], run[-1]
        if len(run) == 1:
            folded.append(first)
            continue
        total = None if any(r[3] is None for r in run) else sum(r[3] for r in run)
        macs = None if any(r[4] is None for r in run) else sum(r[4] for r in run)
        folded.append((f"{first[0]} .. {last[0]}", f"{first[1]} x{len(run)}", last[2], total,
                       macs))
    return folded


def _same_block(a, b) -> bool:
    pa, _, ia = a[0].rpartition(".")
    pb, _, ib = b[0].rpartition(".")
    return (pa == pb and ia.isdigit() and ib.isdigit() and int(ib) == int(ia) + 1
            and a[1] == b[1] and a[3] == b[3] and a[4] == b[4])


def human_macs(n: int) -> str:
    """`1814073344` -> '1.81 GMACs' (decimal units, as torchinfo's "Total mult-adds")."""
    for unit, size in (("T", 10**12), ("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= size:
            hundredths = (n * 100 + size // 2) // size
            return f"{hundredths // 100}.{hundredths % 100:02d} {unit}MACs"
    return f"{n} MACs"


def render_model(path, m, dtype="fp32", depth=None, also=(), optimizer="adam") -> str:
    rows = [(name, type_, _shape(shape), _params(params), _params(macs))
            for name, type_, shape, params, macs in fold(m.layers, depth, m.blocks)]
    # no column of "?": torch shapes are known only where forward() is followed
    shown = [0, 1, 2] if any(r[2] != "?" for r in rows) else [0, 1]
    with_macs = m.macs is not None
    widths = [w for i, w in enumerate(_widths(rows)) if i in shown]
    width = sum(widths) + _PARAMS_WIDTH + (_MACS_WIDTH if with_macs else 0)
    head = f"{m.framework} model {m.name} ({where(path, m)})"
    if m.keras_name:
        head += f'  Model: "{m.keras_name}"'
    if also:
        head += f"  (also {', '.join(also)})"
    if not m.exact:
        head += "  [not exact: lower bound]"
    lines = [head, "=" * width,
             "".join(_COLUMNS[i][1].ljust(w) for i, w in zip(shown, widths))
             + "Param #".rjust(_PARAMS_WIDTH)
             + ("Mult-Adds".rjust(_MACS_WIDTH) if with_macs else ""), "-" * width]
    for row in rows:
        lines.append("".join(row[i].ljust(w) for i, w in zip(shown, widths))
                     + row[3].rjust(_PARAMS_WIDTH)
                     + (row[4].rjust(_MACS_WIDTH) if with_macs else ""))
    lines.append("=" * width)
    bytes_per_param = DTYPES.get(dtype, 4)
    for label, n in (("Total params", m.total_params),
                     ("Trainable params", m.trainable_params),
                     ("Non-trainable params", m.non_trainable_params)):
        suffix = f" ({human_bytes(n, bytes_per_param)} {dtype})" if n is not None else ""
        lines.append(f"{label}: {_num(n, m.exact)}{suffix}")
    if with_macs:
        lines.append(f"Total mult-adds: {_num(m.macs, m.macs_exact)} "
                     f"({human_macs(m.macs)}{'' if m.macs_exact else ', a lower bound'})")
    lines.extend(_memory_lines(m, bytes_per_param, optimizer))
    assumed = getattr(m, "assuming_defaults", None)
    if assumed is not None:
        lines.append(f"Run without arguments (command-line defaults): "
                     f"{assumed['total_params']:,} params "
                     f"({human_bytes(assumed['total_params'], bytes_per_param)} {dtype})")
    budget = getattr(m, "budget", None)
    for limit in budget.limits() if budget is not None else ():
        lines.append(f"Budget ({limit.kind}): {limit.value:,}  [{limit.source}]")
    return "\n".join(lines)


def _memory_lines(m, bytes_per_param, optimizer):
    """Activation and training sizes (the parameters' size is on the totals' lines)."""
    from nnlint.models.memory import activation_elements, memory
    inputs = m.input_shapes
    activations = activation_elements(m.layers, inputs[0][0]) if inputs else None
    mem = memory(m, bytes_per_param, optimizer, activations)
    plus = "" if m.exact else "+"
    lines = []
    if mem["activation_bytes"] is not None:
        lines.append(f"Forward pass size (activations): {human_bytes(mem['activation_bytes'], 1)}"
                     f"{plus}")
    if mem["training_bytes"] is not None:
        lines.append(f"Training estimate ({optimizer}: weights, gradients, optimizer state): "
                     f"{human_bytes(mem['training_bytes'], 1)}{plus}")
    return lines


def dtype_of(config, path) -> str:
    """The dtype for sizes: `config` is a Config, a Settings (per file) or None."""
    if config is None:
        return "fp32"
    if hasattr(config, "for_path"):
        config = config.for_path(path)
    return getattr(config, "dtype", "fp32")


def render(reports, config=None, depth=None) -> str:
    out = []
    for r in reports:
        dtype = dtype_of(config, r.path)
        file_config = config.for_path(r.path) if hasattr(config, "for_path") else config
        optimizer = getattr(file_config, "optimizer", "adam")
        for m, also in once(r.models):
            out.append(render_model(r.path, m, dtype, depth, also, optimizer))
            out.extend(f"  {where(r.path, d)}: {d.code} {d.message}" for d in m.notes)
            out.append("")
        for d in r.diagnostics:
            if d.model is None:
                out.append(f"{where(r.path, d, column=True)}: {d.code} {d.message}")
    n = sum(len(r.models) for r in reports)
    out.append(f"{n} model{'s' if n != 1 else ''} in {len(reports)} "
               f"file{'s' if len(reports) != 1 else ''}")
    return "\n".join(out) + "\n"
