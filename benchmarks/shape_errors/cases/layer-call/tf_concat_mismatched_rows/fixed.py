import tensorflow as tf

user_vec = tf.random.uniform([4, 3])
item_vec = tf.random.uniform([4, 2])
pair = tf.concat([user_vec, item_vec], axis=1)
print(pair.shape)
