import tensorflow as tf

logits = tf.random.normal([32, 10])
offsets = tf.ones([32, 10])
shifted = tf.add(logits, offsets)
print(tf.reduce_sum(shifted))
