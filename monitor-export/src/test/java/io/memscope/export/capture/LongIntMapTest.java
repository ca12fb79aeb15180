package io.memscope.export.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reader's primitive map behaves as a {@code HashMap<Long, Integer>} under random puts and removes. */
class LongIntMapTest {
    @Test
    void agreesWithAHashMapUnderRandomOperations() {
        Random random = new Random(7);
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> truth = new HashMap<>();
        for (int i = 0; i < 500_000; i++) {
            long key = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(5_000);
                case 1 -> Long.MIN_VALUE + random.nextInt(3); // the reserved empty marker among them
                case 2 -> random.nextLong();
                default -> (long) random.nextInt(64) << 40;   // colliding low bits
            };
            int value = random.nextInt(Integer.MAX_VALUE);
            if (random.nextInt(3) == 0) {
                assertThat(map.remove(key)).isEqualTo(truth.getOrDefault(key, -1));
                truth.remove(key);
            } else {
                assertThat(map.put(key, value)).isEqualTo(truth.getOrDefault(key, -1));
                truth.put(key, value);
            }
            long probe = random.nextInt(5_000);
            assertThat(map.get(probe)).isEqualTo(truth.getOrDefault(probe, -1));
        }
        truth.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
    }
}
