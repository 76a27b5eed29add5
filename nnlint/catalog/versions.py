"""In which framework releases a name exists: `hasattr(nn, "RMSNorm")`, `getattr(layers,
"RMSNormalization", None)` and `nn.RMSNorm` in a try/except AttributeError depend on the
installed version, which nnlint knows only when the user states it (`[tool.nnlint] torch =
"2.4"`, `keras = "3.6"`; see docs/configuration.md). Without it, such questions are undecided.

Keras: every name of `keras.layers` in every Keras 3 release, from the release tags of the
Keras repository (scripts/keras_layer_versions.py prints this table; the oracle test checks
the last release against the installed Keras). torch: the names of `torch.nn` in 2.13 (the
release the catalogue describes; the oracle test checks them against the installed torch),
and `TORCH_SINCE`, the release that added a name, where it is known.
"""

from __future__ import annotations

TORCH_RELEASE = (2, 13)
# the classes of torch.nn in TORCH_RELEASE (capitalised names; its submodules are not listed)
TORCH_NN = frozenset((
    'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d',
    'AdaptiveLogSoftmaxWithLoss', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d',
    'AdaptiveMaxPool3d', 'AlphaDropout', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'BCELoss',
    'BCEWithLogitsLoss', 'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'Bilinear', 'Buffer',
    'CELU', 'CTCLoss', 'ChannelShuffle', 'CircularPad1d', 'CircularPad2d', 'CircularPad3d',
    'ConstantPad1d', 'ConstantPad2d', 'ConstantPad3d', 'Container', 'Conv1d', 'Conv2d',
    'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d', 'CosineEmbeddingLoss',
    'CosineSimilarity', 'CrossEntropyLoss', 'CrossMapLRN2d', 'DataParallel', 'Dropout',
    'Dropout1d', 'Dropout2d', 'Dropout3d', 'ELU', 'Embedding', 'EmbeddingBag',
    'FeatureAlphaDropout', 'Flatten', 'Fold', 'FractionalMaxPool2d', 'FractionalMaxPool3d',
    'GELU', 'GLU', 'GRU', 'GRUCell', 'GaussianNLLLoss', 'GroupNorm', 'Hardshrink',
    'Hardsigmoid', 'Hardswish', 'Hardtanh', 'HingeEmbeddingLoss', 'HuberLoss', 'Identity',
    'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d', 'KLDivLoss', 'L1Loss', 'LPPool1d',
    'LPPool2d', 'LPPool3d', 'LSTM', 'LSTMCell', 'LayerNorm', 'LazyBatchNorm1d',
    'LazyBatchNorm2d', 'LazyBatchNorm3d', 'LazyConv1d', 'LazyConv2d', 'LazyConv3d',
    'LazyConvTranspose1d', 'LazyConvTranspose2d', 'LazyConvTranspose3d', 'LazyInstanceNorm1d',
    'LazyInstanceNorm2d', 'LazyInstanceNorm3d', 'LazyLinear', 'LeakyReLU', 'Linear',
    'LinearCrossEntropyLoss', 'LinearCrossEntropyOptions', 'LocalResponseNorm', 'LogSigmoid',
    'LogSoftmax', 'MSELoss', 'MarginRankingLoss', 'MaxPool1d', 'MaxPool2d', 'MaxPool3d',
    'MaxUnpool1d', 'MaxUnpool2d', 'MaxUnpool3d', 'Mish', 'Module', 'ModuleDict', 'ModuleList',
    'MultiLabelMarginLoss', 'MultiLabelSoftMarginLoss', 'MultiMarginLoss',
    'MultiheadAttention', 'NLLLoss', 'NLLLoss2d', 'PReLU', 'PairwiseDistance', 'Parameter',
    'ParameterDict', 'ParameterList', 'PixelShuffle', 'PixelUnshuffle', 'PoissonNLLLoss',
    'RMSNorm', 'RNN', 'RNNBase', 'RNNCell', 'RNNCellBase', 'RReLU', 'ReLU', 'ReLU6',
    'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d', 'ReplicationPad1d',
    'ReplicationPad2d', 'ReplicationPad3d', 'SELU', 'Sequential', 'SiLU', 'Sigmoid',
    'SmoothL1Loss', 'SoftMarginLoss', 'Softmax', 'Softmax2d', 'Softmin', 'Softplus',
    'Softshrink', 'Softsign', 'SyncBatchNorm', 'Tanh', 'Tanhshrink', 'Threshold',
    'Transformer', 'TransformerDecoder', 'TransformerDecoderLayer', 'TransformerEncoder',
    'TransformerEncoderLayer', 'TripletMarginLoss', 'TripletMarginWithDistanceLoss',
    'Unflatten', 'Unfold', 'UninitializedBuffer', 'UninitializedParameter', 'Upsample',
    'UpsamplingBilinear2d', 'UpsamplingNearest2d', 'ZeroPad1d', 'ZeroPad2d', 'ZeroPad3d',
))
# the release that added a name to torch.nn (release notes), where nnlint knows it
TORCH_SINCE = {"RMSNorm": (2, 4), "Buffer": (2, 5), "CircularPad1d": (2, 1),
               "CircularPad2d": (2, 1), "CircularPad3d": (2, 1)}

# Keras 3 minor releases, and each keras.layers name's first and last one
KERAS_RELEASES = [(3, 0), (3, 1), (3, 2), (3, 3), (3, 4), (3, 5), (3, 6), (3, 7), (3, 8),
                  (3, 9), (3, 10), (3, 11), (3, 12), (3, 13), (3, 14), (3, 15)]
KERAS_LAYERS = {
    'Activation': ((3, 0), (3, 15)),
    'ActivityRegularization': ((3, 0), (3, 15)),
    'AdaptiveAveragePooling1D': ((3, 13), (3, 15)),
    'AdaptiveAveragePooling2D': ((3, 13), (3, 15)),
    'AdaptiveAveragePooling3D': ((3, 13), (3, 15)),
    'AdaptiveMaxPooling1D': ((3, 13), (3, 15)),
    'AdaptiveMaxPooling2D': ((3, 13), (3, 15)),
    'AdaptiveMaxPooling3D': ((3, 13), (3, 15)),
    'Add': ((3, 0), (3, 15)),
    'AdditiveAttention': ((3, 0), (3, 15)),
    'AlphaDropout': ((3, 1), (3, 15)),
    'Attention': ((3, 0), (3, 15)),
    'AugMix': ((3, 9), (3, 15)),
    'AutoContrast': ((3, 6), (3, 15)),
    'Average': ((3, 0), (3, 15)),
    'AveragePooling1D': ((3, 0), (3, 15)),
    'AveragePooling2D': ((3, 0), (3, 15)),
    'AveragePooling3D': ((3, 0), (3, 15)),
    'AvgPool1D': ((3, 0), (3, 15)),
    'AvgPool2D': ((3, 0), (3, 15)),
    'AvgPool3D': ((3, 0), (3, 15)),
    'BatchNormalization': ((3, 0), (3, 15)),
    'Bidirectional': ((3, 0), (3, 15)),
    'CategoryEncoding': ((3, 0), (3, 15)),
    'CenterCrop': ((3, 0), (3, 15)),
    'Concatenate': ((3, 0), (3, 15)),
    'ContrastLimitedAdaptiveHistogramEqualization': ((3, 14), (3, 15)),
    'Conv1D': ((3, 0), (3, 15)),
    'Conv1DTranspose': ((3, 0), (3, 15)),
    'Conv2D': ((3, 0), (3, 15)),
    'Conv2DTranspose': ((3, 0), (3, 15)),
    'Conv3D': ((3, 0), (3, 15)),
    'Conv3DTranspose': ((3, 0), (3, 15)),
    'ConvLSTM1D': ((3, 0), (3, 15)),
    'ConvLSTM2D': ((3, 0), (3, 15)),
    'ConvLSTM3D': ((3, 0), (3, 15)),
    'Convolution1D': ((3, 0), (3, 15)),
    'Convolution1DTranspose': ((3, 0), (3, 15)),
    'Convolution2D': ((3, 0), (3, 15)),
    'Convolution2DTranspose': ((3, 0), (3, 15)),
    'Convolution3D': ((3, 0), (3, 15)),
    'Convolution3DTranspose': ((3, 0), (3, 15)),
    'Cropping1D': ((3, 0), (3, 15)),
    'Cropping2D': ((3, 0), (3, 15)),
    'Cropping3D': ((3, 0), (3, 15)),
    'CutMix': ((3, 9), (3, 15)),
    'Dense': ((3, 0), (3, 15)),
    'DepthwiseConv1D': ((3, 0), (3, 15)),
    'DepthwiseConv2D': ((3, 0), (3, 15)),
    'Discretization': ((3, 0), (3, 15)),
    'Dot': ((3, 0), (3, 15)),
    'Dropout': ((3, 0), (3, 15)),
    'ELU': ((3, 0), (3, 15)),
    'EinsumDense': ((3, 0), (3, 15)),
    'Embedding': ((3, 0), (3, 15)),
    'Equalization': ((3, 8), (3, 15)),
    'Flatten': ((3, 0), (3, 15)),
    'FlaxLayer': ((3, 2), (3, 15)),
    'GRU': ((3, 0), (3, 15)),
    'GRUCell': ((3, 0), (3, 15)),
    'GaussianDropout': ((3, 0), (3, 15)),
    'GaussianNoise': ((3, 0), (3, 15)),
    'GlobalAveragePooling1D': ((3, 0), (3, 15)),
    'GlobalAveragePooling2D': ((3, 0), (3, 15)),
    'GlobalAveragePooling3D': ((3, 0), (3, 15)),
    'GlobalAvgPool1D': ((3, 0), (3, 15)),
    'GlobalAvgPool2D': ((3, 0), (3, 15)),
    'GlobalAvgPool3D': ((3, 0), (3, 15)),
    'GlobalMaxPool1D': ((3, 0), (3, 15)),
    'GlobalMaxPool2D': ((3, 0), (3, 15)),
    'GlobalMaxPool3D': ((3, 0), (3, 15)),
    'GlobalMaxPooling1D': ((3, 0), (3, 15)),
    'GlobalMaxPooling2D': ((3, 0), (3, 15)),
    'GlobalMaxPooling3D': ((3, 0), (3, 15)),
    'GroupNormalization': ((3, 0), (3, 15)),
    'GroupQueryAttention': ((3, 0), (3, 15)),
    'HashedCrossing': ((3, 0), (3, 15)),
    'Hashing': ((3, 0), (3, 15)),
    'Identity': ((3, 0), (3, 15)),
    'Input': ((3, 0), (3, 15)),
    'InputLayer': ((3, 0), (3, 15)),
    'InputSpec': ((3, 0), (3, 15)),
    'IntegerLookup': ((3, 0), (3, 15)),
    'JaxLayer': ((3, 2), (3, 15)),
    'LSTM': ((3, 0), (3, 15)),
    'LSTMCell': ((3, 0), (3, 15)),
    'Lambda': ((3, 0), (3, 15)),
    'Layer': ((3, 0), (3, 15)),
    'LayerNormalization': ((3, 0), (3, 15)),
    'LeakyReLU': ((3, 0), (3, 15)),
    'Masking': ((3, 0), (3, 15)),
    'MaxNumBoundingBoxes': ((3, 7), (3, 15)),
    'MaxPool1D': ((3, 0), (3, 15)),
    'MaxPool2D': ((3, 0), (3, 15)),
    'MaxPool3D': ((3, 0), (3, 15)),
    'MaxPooling1D': ((3, 0), (3, 15)),
    'MaxPooling2D': ((3, 0), (3, 15)),
    'MaxPooling3D': ((3, 0), (3, 15)),
    'Maximum': ((3, 0), (3, 15)),
    'MelSpectrogram': ((3, 1), (3, 15)),
    'Minimum': ((3, 0), (3, 15)),
    'MixUp': ((3, 8), (3, 15)),
    'MultiHeadAttention': ((3, 0), (3, 15)),
    'Multiply': ((3, 0), (3, 15)),
    'Normalization': ((3, 0), (3, 15)),
    'PReLU': ((3, 0), (3, 15)),
    'Permute': ((3, 0), (3, 15)),
    'Pipeline': ((3, 6), (3, 15)),
    'RMSNormalization': ((3, 9), (3, 15)),
    'RNN': ((3, 0), (3, 15)),
    'RandAugment': ((3, 8), (3, 15)),
    'RandomBrightness': ((3, 0), (3, 15)),
    'RandomColorDegeneration': ((3, 8), (3, 15)),
    'RandomColorJitter': ((3, 8), (3, 15)),
    'RandomContrast': ((3, 0), (3, 15)),
    'RandomCrop': ((3, 0), (3, 15)),
    'RandomElasticTransform': ((3, 10), (3, 15)),
    'RandomErasing': ((3, 9), (3, 15)),
    'RandomFlip': ((3, 0), (3, 15)),
    'RandomGaussianBlur': ((3, 9), (3, 15)),
    'RandomGrayscale': ((3, 8), (3, 15)),
    'RandomHue': ((3, 8), (3, 15)),
    'RandomInvert': ((3, 9), (3, 15)),
    'RandomPerspective': ((3, 9), (3, 15)),
    'RandomPosterization': ((3, 8), (3, 15)),
    'RandomRotation': ((3, 0), (3, 15)),
    'RandomSaturation': ((3, 8), (3, 15)),
    'RandomSharpness': ((3, 8), (3, 15)),
    'RandomShear': ((3, 8), (3, 15)),
    'RandomTranslation': ((3, 0), (3, 15)),
    'RandomZoom': ((3, 0), (3, 15)),
    'ReLU': ((3, 0), (3, 15)),
    'RepeatVector': ((3, 0), (3, 15)),
    'Rescaling': ((3, 0), (3, 15)),
    'Reshape': ((3, 0), (3, 15)),
    'Resizing': ((3, 0), (3, 15)),
    'ReversibleEmbedding': ((3, 12), (3, 15)),
    'STFTSpectrogram': ((3, 7), (3, 15)),
    'SeparableConv1D': ((3, 0), (3, 15)),
    'SeparableConv2D': ((3, 0), (3, 15)),
    'SeparableConvolution1D': ((3, 0), (3, 15)),
    'SeparableConvolution2D': ((3, 0), (3, 15)),
    'SimpleRNN': ((3, 0), (3, 15)),
    'SimpleRNNCell': ((3, 0), (3, 15)),
    'Softmax': ((3, 0), (3, 15)),
    'Solarization': ((3, 6), (3, 15)),
    'SpatialDropout1D': ((3, 0), (3, 15)),
    'SpatialDropout2D': ((3, 0), (3, 15)),
    'SpatialDropout3D': ((3, 0), (3, 15)),
    'SpectralNormalization': ((3, 0), (3, 15)),
    'StackedRNNCells': ((3, 0), (3, 15)),
    'StringLookup': ((3, 0), (3, 15)),
    'Subtract': ((3, 0), (3, 15)),
    'TFSMLayer': ((3, 0), (3, 15)),
    'TextVectorization': ((3, 0), (3, 15)),
    'TimeDistributed': ((3, 0), (3, 15)),
    'TorchModuleWrapper': ((3, 0), (3, 15)),
    'UnitNormalization': ((3, 0), (3, 15)),
    'UpSampling1D': ((3, 0), (3, 15)),
    'UpSampling2D': ((3, 0), (3, 15)),
    'UpSampling3D': ((3, 0), (3, 15)),
    'Wrapper': ((3, 0), (3, 15)),
    'ZeroPadding1D': ((3, 0), (3, 15)),
    'ZeroPadding2D': ((3, 0), (3, 15)),
    'ZeroPadding3D': ((3, 0), (3, 15)),
    'add': ((3, 0), (3, 15)),
    'average': ((3, 0), (3, 15)),
    'concatenate': ((3, 0), (3, 15)),
    'deserialize': ((3, 0), (3, 15)),
    'dot': ((3, 0), (3, 15)),
    'maximum': ((3, 0), (3, 15)),
    'minimum': ((3, 0), (3, 15)),
    'multiply': ((3, 0), (3, 15)),
    'serialize': ((3, 0), (3, 15)),
    'subtract': ((3, 0), (3, 15)),
}
# names that the patch releases of a minor release do not agree on
KERAS_PATCH_DEPENDENT = {(3, 0): ['AlphaDropout']}


def has_name(module: str, name: str, versions: dict) -> bool | None:
    """Whether `module.name` exists in the release of its framework that `versions`
    ({"torch": (2, 4), "keras": (3, 6)}) names: True, False, or None where not known (no
    release stated, or no facts about this module, name or release)."""
    if module == "torch.nn" and name[:1].isupper():
        return _torch_nn(name, versions.get("torch"))
    if module == "keras.layers":
        return _keras_layers(name, versions.get("keras"))
    return None


def _torch_nn(name, release):
    if release is None:
        return None
    if release == TORCH_RELEASE:
        return name in TORCH_NN
    since = TORCH_SINCE.get(name)
    if since is None or name not in TORCH_NN or release > TORCH_RELEASE:
        return None
    return release >= since


def _keras_layers(name, release):
    if release not in KERAS_RELEASES or name in KERAS_PATCH_DEPENDENT.get(release, ()):
        return None
    span = KERAS_LAYERS.get(name)
    return span is not None and span[0] <= release <= span[1]


def latest() -> dict:
    """The newest releases nnlint has facts about: {"torch": (2, 13), "keras": (3, 15)}."""
    return {"torch": TORCH_RELEASE, "keras": KERAS_RELEASES[-1]}
