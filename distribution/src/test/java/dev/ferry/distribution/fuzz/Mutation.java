package dev.ferry.distribution.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** The ways a fuzzed frame is made from a valid one; each returns the bytes to write, size prefix included. */
enum Mutation {

    /** The valid frame as it is, so that mutated frames meet a connection in every state. */
    NONE {
        @Override
        byte[] apply(byte[] frame, Random random) {
            return framed(frame);
        }
    },
    /** One to four bits flipped anywhere in header or body. */
    BIT_FLIPS {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[] copy = frame.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0 && copy.length > 0; flips--) {
                int bit = random.nextInt(copy.length * 8);
                copy[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            return framed(copy);
        }
    },
    /** Cut short, with a size prefix that says so. */
    TRUNCATED {
        @Override
        byte[] apply(byte[] frame, Random random) {
            return framed(Arrays.copyOf(frame, random.nextInt(frame.length)));
        }
    },
    /** A size prefix that lies: a few bytes off either way, over socket.request.max.bytes, or negative. */
    LENGTH_LIE {
        @Override
        byte[] apply(byte[] frame, Random random) {
            int declared = switch (random.nextInt(8)) {
                case 0 -> Integer.MAX_VALUE;
                case 1 -> -1 - random.nextInt(1000);
                default -> Math.max(0, frame.length + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(16)));
            };
            return ByteBuffer.allocate(4 + frame.length).putInt(declared).put(frame).array();
        }
    },
    /** An array or string count somewhere in the body replaced by a huge one: int32, int16 or varint. */
    HUGE_COUNT {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[][] counts = {{0x7f, -1, -1, -1}, {-1, -1, -1, -2}, {0x7f, -1}, {-1, -1, -1, -1, 0x07}};
            byte[] count = counts[random.nextInt(counts.length)];
            byte[] copy = Arrays.copyOf(frame, Math.max(frame.length, 8 + count.length));
            int at = 8 + random.nextInt(copy.length - 8 - count.length + 1);
            System.arraycopy(count, 0, copy, at, count.length);
            return framed(copy);
        }
    },
    /** A random api key (known or not) and version over a valid body. */
    RANDOM_KEY_AND_VERSION {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[] copy = Arrays.copyOf(frame, Math.max(frame.length, 4));
            ByteBuffer.wrap(copy).putShort((short) (random.nextInt(110) - 5))
                    .putShort((short) (random.nextInt(40) - 3));
            return framed(copy);
        }
    },
    /** Up to 512 random bytes with a truthful size prefix. */
    RANDOM_BYTES {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[] bytes = new byte[random.nextInt(513)];
            random.nextBytes(bytes);
            return framed(bytes);
        }
    };

    abstract byte[] apply(byte[] frame, Random random);

    private static byte[] framed(byte[] frame) {
        return ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).array();
    }
}
