"""`--format text`: a summary per model, like Keras' model.summary() and torchinfo."""

from __future__ import annotations

from fractions import Fraction

from nnlint.config import DTYPES


def human_bytes(n_params: int, bytes_per_param: float = 4) -> str:
    """`7993` parameters at 4 bytes -> '31.22 KB'; exact for counts of any size (no float)."""
    size = Fraction(n_params) * Fraction(bytes_per_param)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(size) < 1024 or unit == "TB":
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


def _cell(text, width):
    text = str(text)
    return (text if len(text) < width else text[:width - 2] + "…").ljust(width)


def render_model(path, m, dtype="fp32") -> str:
    width = sum(w for w, _ in _COLUMNS) + _PARAMS_WIDTH
    head = f"{m.framework} model {m.name} ({path}:{m.line})"
    if not m.exact:
        head += "  [not exact: lower bound]"
    lines = [head, "=" * width,
             "".join(_cell(title, w) for w, title in _COLUMNS) + "Param #".rjust(_PARAMS_WIDTH),
             "-" * width]
    for layer in m.layers:
        params = "?" if layer.params is None else f"{layer.params:,}"
        cells = (layer.name, layer.type, _shape(layer.output_shape))
        lines.append("".join(_cell(c, w) for c, (w, _) in zip(cells, _COLUMNS))
                     + params.rjust(_PARAMS_WIDTH))
    lines.append("=" * width)
    size = DTYPES.get(dtype, 4)
    for label, n in (("Total params", m.total_params),
                     ("Trainable params", m.trainable_params),
                     ("Non-trainable params", m.non_trainable_params)):
        suffix = f" ({human_bytes(n, size)})" if n is not None else ""
        lines.append(f"{label}: {_num(n, m.exact)}{suffix}")
    assumed = getattr(m, "assuming_defaults", None)
    if assumed is not None:
        lines.append(f"Run without arguments (command-line defaults): "
                     f"{assumed['total_params']:,} params "
                     f"({human_bytes(assumed['total_params'], size)})")
    budget = getattr(m, "budget", None)
    for limit in budget.limits() if budget is not None else ():
        lines.append(f"Budget ({limit.kind}): {limit.value:,}  [{limit.source}]")
    return "\n".join(lines)


def _dtype(config, path) -> str:
    """The dtype for sizes: `config` is a Config, a Settings (per file) or None."""
    if config is None:
        return "fp32"
    if hasattr(config, "for_path"):
        config = config.for_path(path)
    return getattr(config, "dtype", "fp32")


def render(reports, config=None) -> str:
    out = []
    for r in reports:
        dtype = _dtype(config, r.path)
        for m in r.models:
            out.append(render_model(r.path, m, dtype))
            out.extend(f"  {r.path}:{d.line}: {d.code} {d.message}" for d in m.notes)
            out.append("")
        for d in r.diagnostics:
            if d.model is None:
                out.append(f"{r.path}:{d.line}:{d.column + 1}: {d.code} {d.message}")
    n = sum(len(r.models) for r in reports)
    out.append(f"{n} model{'s' if n != 1 else ''} in {len(reports)} "
               f"file{'s' if len(reports) != 1 else ''}")
    return "\n".join(out) + "\n"
