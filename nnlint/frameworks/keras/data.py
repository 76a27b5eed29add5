"""Data that are facts: Keras' built-in datasets and the utilities that shape them.

`keras.datasets.<name>.load_data()` returns arrays whose shapes are published and fixed
(the files are checksummed downloads): `(x_train, y_train), (x_test, y_test)`. A script's
`input_shape=x_train.shape[1:]` or `num_classes = np.max(y_train) + 1` is then as static
as a literal. What is not fixed is not claimed: `maxlen=` drops the longer IMDB / Reuters
sequences (how many is not published here, so the sample count becomes unknown), the
sequences' own lengths vary until `pad_sequences(x, maxlen=N)` fixes them, and a label
array's largest value is known only where every class is present in that split.

Arrays are `Tensor`s seen through their shapes (numpy arrays are, in nnlint); a label
array is a `LabelArray` that also knows its largest label, until something writes into it,
reshapes it or takes a view (then it is a plain array of that shape).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from nnlint.frameworks.torch.runtime import Tensor
from nnlint.interpreter.values import Unknown


@dataclass(frozen=True)
class Dataset:
    """One dataset's published facts (Keras 3 `keras.datasets`, the same files as Keras 2)."""

    samples: int  # before the train/test split, or the train count where it is fixed
    test: Optional[int]  # None: the split is `test_split=` of `samples`
    x: Optional[Tuple[int, ...]]  # one sample's shape; None: a sequence of varying length
    y: Tuple[int, ...]  # one label's shape
    train_max: Optional[int]  # largest label in the training split (every class present)
    test_max: Optional[int]
    image: bool = False  # channels_last / channels_first follow image_data_format()


_MNIST = Dataset(60000, 10000, (28, 28), (), 9, 9)
DATASETS = {
    "keras.datasets.mnist": _MNIST,
    "keras.datasets.fashion_mnist": _MNIST,
    "keras.datasets.cifar10": Dataset(50000, 10000, (32, 32, 3), (1,), 9, 9, image=True),
    "keras.datasets.cifar100": Dataset(50000, 10000, (32, 32, 3), (1,), 99, 99, image=True),
    "keras.datasets.imdb": Dataset(25000, 25000, None, (), 1, 1),
    # split by test_split= (default 0.2) of 11,228 newswires: 8,982 / 2,246
    "keras.datasets.reuters": Dataset(11228, None, None, (), 45, None),
    # split by test_split= (default 0.2) of 506 houses: 404 / 102; targets are prices
    "keras.datasets.boston_housing": Dataset(506, None, (13,), (), None, None),
}
_COARSE_MAX = 19  # cifar100.load_data(label_mode="coarse"): 20 superclasses


class LabelArray(Tensor):
    """An integer label array whose largest value is a fact (`np.max(y_train) + 1`)."""

    __slots__ = ("largest", "valid")

    def __init__(self, shape, largest):
        super().__init__(shape)
        self.largest = largest
        self.valid = True  # False once written into or viewed (runtime.written)

    def written(self):
        super().written()
        if self.largest is not None:
            self.valid = False

    def known_max(self):
        return self.largest if self.valid else None


# load_data's parameters in order (Keras 3), to read positional arguments by name
_PARAMS = {
    "keras.datasets.mnist": ("path",), "keras.datasets.fashion_mnist": (),
    "keras.datasets.cifar10": (), "keras.datasets.cifar100": ("label_mode",),
    "keras.datasets.imdb": ("path", "num_words", "skip_top", "maxlen", "seed", "start_char",
                            "oov_char", "index_from"),
    "keras.datasets.reuters": ("path", "num_words", "skip_top", "maxlen", "test_split", "seed",
                               "start_char", "oov_char", "index_from"),
    "keras.datasets.boston_housing": ("path", "test_split", "seed"),
}


def load_data(interp, qualname, args, kwargs, node):
    """`((x_train, y_train), (x_test, y_test))`; None when the dataset is not one of these."""
    name = qualname.rsplit(".", 1)[0]
    data = DATASETS.get(name)
    if data is None:
        return None
    line = interp.line_of(node)
    params = _PARAMS[name]
    if len(args) > len(params):
        return Unknown(f"{qualname}() with these arguments", line, inert=True)
    given = dict(zip(params, args))
    given.update(kwargs)
    split = _split(data, given)
    if isinstance(split, Unknown):
        return Unknown(split.reason, line, inert=True)
    train, test = split
    train_max, test_max = data.train_max, data.test_max
    if given.get("maxlen") is not None:  # longer sequences are dropped: counts not known,
        train = test = train_max = test_max = None  # and classes may vanish with them
    if "label_mode" in given:
        mode = given["label_mode"]
        largest = {"fine": 99, "coarse": _COARSE_MAX}.get(mode) if isinstance(mode, str) \
            else None
        train_max = test_max = largest
    x = _sample_shape(interp, data)
    return ((_array(train, x), _labels(train, data.y, train_max)),
            (_array(test, x), _labels(test, data.y, test_max)))


def _sample_shape(interp, data):
    """One sample's shape; images follow image_data_format() as load_data transposes them."""
    from nnlint.frameworks.keras.runtime import image_data_format
    x = data.x
    if not data.image:
        return x
    fmt = image_data_format(interp)
    if isinstance(fmt, Unknown):
        return fmt
    return (x[2], x[0], x[1]) if fmt == "channels_first" else x


def _split(data, given):
    if data.test is not None:
        return data.samples, data.test
    fraction = given.get("test_split", 0.2)
    if not isinstance(fraction, (int, float)) or isinstance(fraction, bool):
        return Unknown("load_data(test_split=...) not known")
    train = int(data.samples * (1 - fraction))  # what Keras computes
    return train, data.samples - train


def _array(count, sample):
    if isinstance(sample, Unknown):
        return Tensor(None)
    if sample is None:  # sequences of varying length: an array of lists
        return Tensor((count,))
    return Tensor((count,) + sample)


def _labels(count, shape, largest):
    if largest is None:
        return Tensor((count,) + shape)
    return LabelArray((count,) + shape, largest)


# ------------------------------------------------------------------ utilities
_PAD = ("keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences",
        "keras.preprocessing.sequence.sequence.pad_sequences")
_CATEGORICAL = ("keras.utils.to_categorical", "keras.utils.np_utils.to_categorical",
                "keras.utils.numerical_utils.to_categorical")


def call_utility(interp, q, args, kwargs, node):
    """pad_sequences / to_categorical on arrays of known shape; None: not one of them."""
    if q in _PAD:
        return _pad_sequences(interp, args, kwargs, node)
    if q in _CATEGORICAL:
        return _to_categorical(interp, args, kwargs, node)
    return None


def _pad_sequences(interp, args, kwargs, node):
    """(samples, maxlen): every sequence padded or truncated to maxlen."""
    from nnlint.interpreter.builtins import BUILTINS
    seqs = args[0] if args else kwargs.get("sequences")
    maxlen = args[1] if len(args) > 1 else kwargs.get("maxlen")
    count = BUILTINS["len"].fn(interp, [seqs], {}, node) if seqs is not None else None
    if not isinstance(count, int):
        count = None
    if not isinstance(maxlen, int) or isinstance(maxlen, bool):
        maxlen = None  # the longest sequence's length
    return Tensor((count, maxlen))


def _to_categorical(interp, args, kwargs, node):
    """Keras' shape rule: a trailing 1 is dropped, then num_classes (max + 1) appended."""
    y = args[0] if args else kwargs.get("x")
    num = args[1] if len(args) > 1 else kwargs.get("num_classes")
    shape = y.shape if isinstance(y, Tensor) else None
    if num is None:
        largest = y.known_max() if isinstance(y, LabelArray) else None
        num = largest + 1 if largest is not None else None
    if not isinstance(num, int) or isinstance(num, bool):
        num = None
    if shape is None:
        return Tensor(None)
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    return Tensor(tuple(shape) + (num,))


def numpy_reduction(interp, name, args, kwargs, node):
    """np.max / np.min / np.amax of a label array: a number where it is a fact."""
    y = args[0] if args else kwargs.get("a")
    if not isinstance(y, LabelArray) or len(args) > 1 or set(kwargs) - {"a"}:
        return None
    largest = y.known_max()
    if largest is None:
        return None
    return largest if name in ("max", "amax") else None
