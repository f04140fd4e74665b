import tensorflow as tf

x = tf.random.normal([64, 784])
w = tf.Variable(tf.random.normal([500, 10], stddev=0.01))
b = tf.Variable(tf.zeros([10]))
logits = tf.matmul(x, w) + b
print(logits.shape)
