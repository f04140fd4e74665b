import keras
import numpy as np
from keras import layers
from keras.utils import pad_sequences

texts = [list(np.random.randint(1, 5000, size=np.random.randint(5, 80))) for _ in range(64)]
labels = np.random.randint(0, 2, size=(64,))
x = pad_sequences(texts, maxlen=50)
model = keras.Sequential([
    keras.Input((100,)),
    layers.Embedding(5000, 16),
    layers.Flatten(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, labels, epochs=1, batch_size=16, verbose=0)
