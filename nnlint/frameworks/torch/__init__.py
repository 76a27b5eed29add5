"""PyTorch plugged into the interpreter: the names it owns and what they make."""

from __future__ import annotations

from nnlint.catalog import lookup
from nnlint.frameworks.torch import count as torch_count
from nnlint.frameworks.torch import module as torch_module
from nnlint.frameworks.torch import runtime as torch_rt
from nnlint.interpreter.runtime import Framework, register


class Torch(Framework):
    name = "torch"
    prefixes = ("torch",)

    def layers(self):
        from nnlint.frameworks.torch import catalog as catalogue
        return catalogue.LAYERS

    def call(self, interp, qualname, args, kwargs, node):
        return torch_rt.call_torch(interp, qualname, args, kwargs, node)

    def base_kind(self, qualname):
        if qualname in torch_rt.MODULE_BASES or (
                qualname.startswith("torch.nn.") and torch_rt.is_layer(qualname)):
            return "torch"
        return None

    def instantiate(self, interp, cls, args, kwargs, node):
        return torch_rt.instantiate(interp, cls, args, kwargs, node)

    def knows_class(self, qualname):
        return lookup(qualname) is not None or qualname in torch_rt.MODULE_BASES or \
            qualname in torch_rt.CONTAINERS or qualname in ("torch.nn.Parameter", "torch.Tensor")

    def unread_model(self, interp, qualname, size, node):
        return torch_module.unread_model(interp, qualname, size, node)

    def count(self, interp, name, model, kind, line, column, notes):
        owners = []
        report = torch_count.count_torch(name, model, kind, line, column, notes, owners)
        decl = interp.input_for(name, line) if interp is not None else None
        if decl is not None:
            from nnlint.frameworks.torch import forward
            report.input_shapes = list(decl.shapes)
            if not report.exact:  # what was not followed may have changed any layer: no
                return report     # output shape or MACs, not even a lower bound
            trace = forward.follow(interp, model, decl, report)
            if trace is not None:
                forward.fill_rows(report, owners, trace)
                for finding in forward.shape_errors(trace, decl):
                    finding.model = name
                    interp.notes.append(finding)  # a finding of the file, not a count's note
        return report


TORCH = register(Torch())
