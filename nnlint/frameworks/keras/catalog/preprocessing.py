"""Preprocessing (keras/src/layers/preprocessing): Normalization and Rescaling,
image resizing, cropping and augmentation, category encoding, discretization,
hashing, lookups and TextVectorization, and the audio spectrograms.
"""

from __future__ import annotations

import math

from nnlint.catalog.spec import need, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import input_shapes, layer, same
from nnlint.interpreter.values import Unknown, UnknownBranch


def _normalization_weights(a, x):
    if not S.is_none(a.mean):
        return {}
    if not S.is_shape(x):
        return {"mean": Unknown("input shape not known")}
    axis = () if S.is_none(a.axis) else (a.axis,) if isinstance(a.axis, int) else a.axis
    ndim = len(x)
    keep = sorted(d + ndim if d < 0 else d for d in axis)
    if any(not 0 <= d < ndim for d in keep) or len(set(keep)) != len(keep):
        return {"mean": Unknown(f"axis {a.axis!r} does not fit the input")}
    n = prod(need(x[d], "normalized axis") for d in keep)
    return {"mean": n, "variance": n, "count": 1}


def _fft_length(a):
    if not S.is_none(a.fft_length):
        return a.fft_length
    if not isinstance(a.frame_length, int):
        raise UnknownBranch(Unknown("frame_length not known statically"))
    return 2 ** int(math.ceil(math.log2(a.frame_length)))


def _stft_weights(a, x):
    n = a.frame_length * (_fft_length(a) // 2 + 1)
    w = {}
    if a.mode != "imag":
        w["real_kernel"] = n
    if a.mode != "real":
        w["imag_kernel"] = n
    return w


def _stft_out(a, x):
    if not S.is_shape(x) or len(x) != 3:
        return None
    fft = _fft_length(a)
    step = a.frame_step
    if S.is_none(step) or not step:
        step = a.frame_length // 2
    channels = x[S.channel_axis(a.data_format)]
    freq = (fft // 2 + 1) * (2 if a.mode == "stft" else 1)
    if channels is None:
        return None
    shape = S.conv_out(x, 1, freq * channels, a.frame_length, step, a.padding, 1,
                       a.data_format)
    if shape is None or not a.expand_dims:
        return shape
    steps = shape[1] if not S.channels_first(a.data_format) else shape[2]
    if S.channels_first(a.data_format):
        return (x[0], channels, steps, freq)
    return (x[0], steps, freq, channels)


def _mel_out(a, x):
    if not S.is_shape(x) or len(x) not in (1, 2):
        return None
    stride = a.sequence_stride
    frames = S.dim_map(lambda n: (n + stride + 1) // stride, x[-1])
    return (a.num_mel_bins, frames) if len(x) == 1 else (x[0], a.num_mel_bins, frames)


def _category_encoding_out(a, x):
    mode = "multi_hot" if a.output_mode == "binary" else a.output_mode
    if S.is_shape(x) and not x:
        return (a.num_tokens,)
    return S.encoding_out(x, mode, a.num_tokens)


def _discretization_out(a, x):
    if a.output_mode == "int":
        return x
    if not S.is_shape(x):
        return None
    bins = a.bin_boundaries
    if S.is_none(bins):
        depth = a.num_bins
    elif isinstance(bins, (list, tuple)):
        depth = len(bins) + 1
    else:
        return None
    if a.output_mode == "one_hot":
        return S.encoding_out(x, "one_hot", depth)
    return (x[0],) + tuple(x[2:]) + (depth,) if len(x) >= 2 else (depth,)


def _hashing_out(a, x):
    if a.output_mode == "int":
        return x
    if not S.is_shape(x):
        return None
    return tuple(x[:-1]) + (a.num_bins,) if x else (a.num_bins,)


def _hashed_crossing_out(a, x):
    shapes = input_shapes(x, 2, 2)
    first = shapes[0]
    if a.output_mode == "int":
        return first
    if a.output_mode == "one_hot" and first[-1] != 1:
        return first + (a.num_bins,)
    return first[:-1] + (a.num_bins,)


def _vocabulary_depth(a):
    """Output size of a non-int lookup mode: padded, the given vocabulary, or None
    (Keras' own "not known") before adapt(). The mask token takes no slot."""
    if a.pad_to_max_tokens:
        return a.max_tokens
    vocab = a.vocabulary
    if S.is_none(vocab):
        return None
    if not isinstance(vocab, (list, tuple)) or any(isinstance(v, Unknown) for v in vocab):
        raise UnknownBranch(Unknown("vocabulary not known statically"))
    return len(vocab) + a.num_oov_indices


def _lookup_out(a, x):
    if a.output_mode == "int":
        return x
    if a.invert:
        return None
    return S.encoding_out(x, a.output_mode, _vocabulary_depth(a))


def _text_vectorization_out(a, x):
    if not S.is_shape(x):
        return None
    if a.output_mode == "int":
        return (x[0], a.output_sequence_length)
    if S.is_none(a.split):
        shape = tuple(x) + (1,) if len(x) <= 1 else tuple(x)
    else:
        shape = tuple(x) + (None,)
    depth = a.max_tokens if a.pad_to_max_tokens else None
    if not a.pad_to_max_tokens and not S.is_none(a.vocabulary):
        vocab = a.vocabulary
        if not isinstance(vocab, (list, tuple)):
            return None
        depth = len(vocab) + 1  # one OOV slot, the mask '' takes none
    return S.encoding_out(shape, a.output_mode, depth)


def _resize_out(a, x):
    return S.set_height_width(x, a.height, a.width, a.data_format)


def _random_crop_out(a, x):
    if not S.is_shape(x) or len(x) < 2:
        return None
    out = list(x)
    h, w = (-2, -1) if S.channels_first(a.data_format) else (-3, -2)
    if len(x) < -h:
        return None
    out[h], out[w] = a.height, a.width
    return tuple(out)


_VALUE_RANGE = "value_range=(0, 255)"
_LOOKUP = ("max_tokens=None, num_oov_indices=1, mask_token=None, oov_token={oov}, "
           "vocabulary=None, {dtype}idf_weights=None, invert=False, output_mode='int', ")

LAYERS = {
    "Normalization": layer(
       "axis=-1, mean=None, variance=None, invert=False, **kwargs",
       _normalization_weights, same, non_trainable=("mean", "variance", "count"),
       examples=("layers.Normalization()  # input: (None, 5, 3)  params: 7  non_trainable: 7"
                 "  output: (None, 5, 3)",
                 "layers.Normalization(axis=None)  # input: (None, 8)  params: 3  non_trainable: 3"
                 "  output: (None, 8)",
                 "layers.Normalization(axis=(1, 2))  # input: (None, 4, 3, 2)"
                 "  params: 25  non_trainable: 25  output: (None, 4, 3, 2)",
                 "layers.Normalization(mean=3.0, variance=2.0)  # input: (None, 8)  params: 0"
                 "  output: (None, 8)")),
    "Rescaling": layer("scale, offset=0.0, **kwargs", out=same,
                       examples=("layers.Rescaling(0.5, offset=-1.0)  # input: (None, 32, 32, 3)"
                                 "  output: (None, 32, 32, 3)",)),
    "Resizing": layer(
       "height, width, interpolation='bilinear', crop_to_aspect_ratio=False, "
       "pad_to_aspect_ratio=False, fill_mode='constant', fill_value=0.0, antialias=False, "
       "data_format=None, **kwargs",
       out=_resize_out,
       examples=("layers.Resizing(64, 48)  # input: (None, 32, 32, 3)"
                 "  output: (None, 64, 48, 3)",
                 "layers.Resizing(64, 48, data_format='channels_first')"
                 "  # input: (None, 3, None, None)  output: (None, 3, 64, 48)")),
    "CenterCrop": layer("height, width, data_format=None, **kwargs", out=_resize_out,
                        examples=("layers.CenterCrop(24, 20)  # input: (None, 32, 32, 3)"
                                  "  output: (None, 24, 20, 3)",)),
    "RandomCrop": layer("height, width, seed=None, data_format=None, name=None, **kwargs",
                        out=_random_crop_out,
                        examples=("layers.RandomCrop(24, 20)  # input: (None, 32, 32, 3)"
                                  "  output: (None, 24, 20, 3)",
                                  "layers.RandomCrop(24, 20, data_format='channels_first')"
                                  "  # input: (None, 3, 32, 32)  output: (None, 3, 24, 20)")),
    "RandomFlip": layer("mode='horizontal_and_vertical', seed=None, data_format=None, **kwargs",
                        out=same,
                        examples=("layers.RandomFlip('horizontal')  # input: (None, 32, 32, 3)"
                                  "  output: (None, 32, 32, 3)",)),
    "RandomRotation": layer(
       "factor, fill_mode='reflect', interpolation='bilinear', seed=None, fill_value=0.0, "
       "data_format=None, **kwargs", out=same,
       examples=("layers.RandomRotation(0.1)  # input: (None, 32, 32, 3)"
                 "  output: (None, 32, 32, 3)",)),
    "RandomZoom": layer(
       "height_factor, width_factor=None, fill_mode='reflect', interpolation='bilinear', "
       "seed=None, fill_value=0.0, data_format=None, **kwargs", out=same,
       examples=("layers.RandomZoom(0.2)  # input: (None, 32, 32, 3)"
                 "  output: (None, 32, 32, 3)",)),
    "RandomTranslation": layer(
       "height_factor, width_factor, fill_mode='reflect', interpolation='bilinear', "
       "seed=None, fill_value=0.0, data_format=None, **kwargs", out=same,
       examples=("layers.RandomTranslation(0.1, 0.1)  # input: (None, 32, 32, 3)"
                 "  output: (None, 32, 32, 3)",)),
    "RandomContrast": layer(
       "factor, " + _VALUE_RANGE + ", seed=None, **kwargs", out=same,
       examples=("layers.RandomContrast(0.2)  # input: (None, 32, 32, 3)"
                 "  output: (None, 32, 32, 3)",)),
    "RandomBrightness": layer(
       "factor, " + _VALUE_RANGE + ", seed=None, **kwargs", out=same,
       examples=("layers.RandomBrightness(0.2)  # input: (None, 32, 32, 3)"
                 "  output: (None, 32, 32, 3)",)),
    "RandomColorDegeneration": layer(
       "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=same),
    "RandomColorJitter": layer(
       _VALUE_RANGE + ", brightness_factor=None, contrast_factor=None, "
       "saturation_factor=None, hue_factor=None, seed=None, data_format=None, **kwargs",
       out=same),
    "RandomElasticTransform": layer(
       "factor=1.0, scale=1.0, interpolation='bilinear', fill_mode='reflect', fill_value=0.0, "
       + _VALUE_RANGE + ", seed=None, data_format=None, **kwargs", out=same),
    "RandomErasing": layer(
       "factor=1.0, scale=(0.02, 0.33), fill_value=None, " + _VALUE_RANGE
       + ", seed=None, data_format=None, **kwargs", out=same),
    "RandomGaussianBlur": layer(
       "factor=1.0, kernel_size=3, sigma=1.0, " + _VALUE_RANGE
       + ", data_format=None, seed=None, **kwargs", out=same),
    "RandomGrayscale": layer("factor=0.5, data_format=None, seed=None, **kwargs", out=same,
                             examples=("layers.RandomGrayscale()  # input: (None, 32, 32, 3)"
                                       "  output: (None, 32, 32, 3)",)),
    "RandomHue": layer("factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs",
                       out=same),
    "RandomInvert": layer("factor=1.0, " + _VALUE_RANGE + ", seed=None, data_format=None, "
                          "**kwargs", out=same),
    "RandomPerspective": layer(
       "factor=1.0, scale=1.0, interpolation='bilinear', fill_value=0.0, seed=None, "
       "data_format=None, **kwargs", out=same),
    "RandomPosterization": layer(
       "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=same),
    "RandomSaturation": layer(
       "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=same),
    "RandomSharpness": layer(
       "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=same),
    "RandomShear": layer(
       "x_factor=0.0, y_factor=0.0, interpolation='bilinear', fill_mode='reflect', "
       "fill_value=0.0, data_format=None, seed=None, **kwargs", out=same),
    "AugMix": layer(
       _VALUE_RANGE + ", num_chains=3, chain_depth=3, factor=0.3, alpha=1.0, all_ops=True, "
       "interpolation='bilinear', seed=None, data_format=None, **kwargs", out=same),
    "AutoContrast": layer(_VALUE_RANGE + ", **kwargs", out=same),
    "ContrastLimitedAdaptiveHistogramEqualization": layer(
       _VALUE_RANGE + ", clip_limit=4.0, tile_grid_size=(8, 8), data_format=None, **kwargs",
       out=same),
    "CutMix": layer("factor=1.0, seed=None, data_format=None, **kwargs", out=same),
    "Equalization": layer(_VALUE_RANGE + ", bins=256, data_format=None, **kwargs", out=same),
    "MixUp": layer("alpha=0.2, data_format=None, seed=None, **kwargs", out=same),
    "RandAugment": layer(
       _VALUE_RANGE + ", num_ops=2, factor=0.5, interpolation='bilinear', seed=None, "
       "data_format=None, **kwargs", out=same),
    "Solarization": layer(
       "addition_factor=0.0, threshold_factor=0.0, " + _VALUE_RANGE + ", seed=None, **kwargs",
       out=same),
    "MaxNumBoundingBoxes": layer("max_number, fill_value=-1, **kwargs", out=same),
    "CategoryEncoding": layer(
       "num_tokens=None, output_mode='multi_hot', sparse=False, **kwargs",
       out=_category_encoding_out,
       examples=("layers.CategoryEncoding(num_tokens=10)  # input: (None, 3)"
                 "  output: (None, 10)",
                 "layers.CategoryEncoding(num_tokens=10, output_mode='one_hot')"
                 "  # input: (None, 1)  output: (None, 10)",
                 "layers.CategoryEncoding(num_tokens=10, output_mode='one_hot')"
                 "  # input: (None, 3)  output: (None, 3, 10)")),
    "Discretization": layer(
       "bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode='int', sparse=False, "
       "dtype=None, name=None",
       out=_discretization_out,
       examples=("layers.Discretization(bin_boundaries=[0.0, 1.0])  # input: (None, 3)"
                 "  output: (None, 3)",
                 "layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode='one_hot')"
                 "  # input: (None, 1)  output: (None, 3)",
                 "layers.Discretization(num_bins=4, output_mode='multi_hot')  # input: (None, 3)"
                 "  output: (None, 4)")),
    "Hashing": layer(
       "num_bins, mask_value=None, salt=None, output_mode='int', sparse=False, **kwargs",
       out=_hashing_out,
       examples=("layers.Hashing(16)  # input: (None, 3)  output: (None, 3)",
                 "layers.Hashing(16, output_mode='multi_hot')  # input: (None, 3)"
                 "  output: (None, 16)")),
    "HashedCrossing": layer(
       "num_bins, output_mode='int', sparse=False, name=None, dtype=None, **kwargs",
       out=_hashed_crossing_out, several=True,
       examples=("layers.HashedCrossing(10, output_mode='one_hot')  # input: [(None,), (None,)]"
                 "  output: (None, 10)",)),
    "StringLookup": layer(
       _LOOKUP.format(oov="'[UNK]'", dtype="") + "pad_to_max_tokens=False, sparse=False, "
       "encoding='utf-8', name=None, salt=None, **kwargs",
       out=_lookup_out,
       examples=("layers.StringLookup(vocabulary=['a', 'b', 'c'])  # input: (None, 4)"
                 "  output: (None, 4)",
                 "layers.StringLookup(vocabulary=['a', 'b', 'c'], output_mode='multi_hot')"
                 "  # input: (None, 4)  output: (None, 4)",
                 "layers.StringLookup(max_tokens=50, output_mode='count', pad_to_max_tokens=True)"
                 "  # input: (None, 4)  output: (None, 50)")),
    "IntegerLookup": layer(
       _LOOKUP.format(oov="-1", dtype="vocabulary_dtype='int64', ") + "sparse=False, "
       "pad_to_max_tokens=False, oov_method='floormod', salt=None, name=None, **kwargs",
       out=_lookup_out,
       examples=("layers.IntegerLookup(vocabulary=[12, 36, 1138], output_mode='one_hot')"
                 "  # input: (None, 1)  output: (None, 4)",)),
    "TextVectorization": layer(
       "max_tokens=None, standardize='lower_and_strip_punctuation', split='whitespace', "
       "ngrams=None, output_mode='int', output_sequence_length=None, pad_to_max_tokens=False, "
       "vocabulary=None, idf_weights=None, sparse=False, ragged=False, encoding='utf-8', "
       "name=None, **kwargs",
       out=_text_vectorization_out,
       examples=("layers.TextVectorization(max_tokens=1000, output_sequence_length=20)"
                 "  # input: (None,)  output: (None, 20)",
                 "layers.TextVectorization(1000, output_mode='multi_hot', pad_to_max_tokens=True)"
                 "  # input: (None,)  output: (None, 1000)")),
    "MelSpectrogram": layer(
       "fft_length=2048, sequence_stride=512, sequence_length=None, window='hann', "
       "sampling_rate=16000, num_mel_bins=128, min_freq=20.0, max_freq=None, "
       "power_to_db=True, top_db=80.0, mag_exp=2.0, min_power=1e-10, ref_power=1.0, **kwargs",
       out=_mel_out,
       examples=("layers.MelSpectrogram()  # input: (None, 16000)  output: (None, 128, 32)",
                 "layers.MelSpectrogram(sequence_stride=160, num_mel_bins=80)"
                 "  # input: (None, 8000)  output: (None, 80, 51)")),
    "STFTSpectrogram": layer(
       "mode='log', frame_length=256, frame_step=None, fft_length=None, window='hann', "
       "periodic=False, scaling='density', padding='valid', expand_dims=False, "
       "data_format=None, **kwargs",
       _stft_weights, _stft_out,
       examples=("layers.STFTSpectrogram()  # input: (None, 1000, 1)  params: 66048"
                 "  output: (None, 6, 129)",
                 "layers.STFTSpectrogram(mode='stft', frame_length=200, expand_dims=True)"
                 "  # input: (None, 1000, 2)  params: 51600  output: (None, 9, 258, 2)",
                 "layers.STFTSpectrogram('real', 64, 16, padding='same')  # input: (None, 500, 1)"
                 "  params: 2112  output: (None, 32, 33)")),
}
