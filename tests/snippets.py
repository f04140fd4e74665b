"""Source snippets more than one test module reads."""

# The CNN from the StackOverflow question "Keras Dropout with noise_shape", with the mask the
# asker wanted (channel dropout); indented, for textwrap.dedent.
STACKOVERFLOW = """\
    from keras.layers import Conv2D, Dense, Dropout, Flatten, Input, MaxPooling2D
    from keras.models import Model

    inp = Input(shape=(1, 100, 2))
    conv1 = Conv2D(64, kernel_size=(11, 2), strides=(1, 1), data_format='channels_first')(inp)
    max1 = MaxPooling2D((2, 1))(conv1)
    drop1 = Dropout(0.1, noise_shape=(None, 64, 1, 1))(max1)
    flat = Flatten()(drop1)
    out = Dense(5, activation='softmax')(flat)
    model = Model(inputs=inp, outputs=out)
    """
