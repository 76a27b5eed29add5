"""Keras 3 (and the tf.keras / Keras 2 spellings resolve.py maps to it) plugged into the
interpreter: the names it owns and what they make."""

from __future__ import annotations

from nnlint.frameworks.keras import count as keras_count
from nnlint.frameworks.keras import runtime as keras_rt
from nnlint.interpreter.runtime import Framework, register


class Keras(Framework):
    name = "keras"
    prefixes = ("keras",)

    def layers(self):
        from nnlint.frameworks.keras import catalog as catalogue
        return catalogue.LAYERS

    def call(self, interp, qualname, args, kwargs, node):
        return keras_rt.call_keras(interp, qualname, args, kwargs, node)

    def base_kind(self, qualname):
        if qualname in keras_rt.MODEL_BASES:
            return "keras-model"
        if qualname in keras_rt.LAYER_BASES or keras_rt.is_layer(qualname):
            return "keras-layer"
        return None

    def instantiate(self, interp, cls, args, kwargs, node):
        return keras_rt.instantiate(interp, cls, args, kwargs, node)

    def knows_class(self, qualname):
        return qualname in keras_rt.MODEL_BASES or qualname in keras_rt.LAYER_BASES or \
            qualname in keras_rt.WRAPPERS

    def unread_model(self, interp, qualname, size, node):
        return keras_rt.unread_model(interp, qualname, size, node)

    def count(self, interp, name, model, kind, line, column, notes):
        return keras_count.count_keras(interp, name, model, kind, line, column, notes)


KERAS = register(Keras())
