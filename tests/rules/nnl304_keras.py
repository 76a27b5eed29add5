"""NNL304: a Keras layer declaring an input size that its Sequential does not give."""
from tensorflow import keras
from tensorflow.keras import layers

bad = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(10, input_dim=32),  # expect: NNL304
])
first_ok = keras.Sequential([layers.Dense(64, input_shape=(784,)), layers.Dense(10)])
emb_ok = keras.Sequential([layers.Embedding(input_dim=1000, output_dim=16), layers.Dense(1)])


def build():
    m = keras.Sequential()
    m.add(layers.Dense(32, input_dim=100))
    m.add(layers.Dropout(0.5))
    m.add(layers.Dense(1, input_shape=(16,)))  # expect: NNL304
    return m


def loop_built(units=(8, 8)):
    m = keras.Sequential()
    m.add(layers.Dense(4, input_dim=2))
    for u in units:
        m.add(layers.Dense(u))
    m.add(layers.Dense(1, input_dim=99))
    return m
