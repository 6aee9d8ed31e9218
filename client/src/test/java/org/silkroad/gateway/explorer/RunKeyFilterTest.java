package org.silkroad.gateway.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RunKeyFilterTest {

    private static final int KEYS = 20_000;

    private static long[] hashes(String prefix, int count) {
        return IntStream.range(0, count).mapToLong(i -> RunKeyFilter.hash(prefix + i)).toArray();
    }

    @Test
    void holds_every_key_added_and_few_others() {
        RunKeyFilter filter = RunKeyFilter.of(hashes("Kcurrency\u0000note\u0000CN/bench-", KEYS), KEYS);

        assertThat(IntStream.range(0, KEYS))
                .allMatch(i -> filter.mayContain(RunKeyFilter.hash("Kcurrency\u0000note\u0000CN/bench-" + i)));
        long falsePositives = IntStream.range(0, KEYS)
                .filter(i -> filter.mayContain(RunKeyFilter.hash("Kcurrency\u0000note\u0000MY/bench-" + i))).count();
        // 10 bits and 7 probes per key: 0.8 % expected.
        assertThat(falsePositives).isLessThan(KEYS * 2 / 100);
        assertThat(filter.sizeBytes()).isEqualTo((KEYS * (long) RunKeyFilter.BITS_PER_KEY + 63) / 64 * 8);
    }

    @Test
    void reads_back_what_it_wrote() {
        long[] hashes = hashes("T", 1000);
        RunKeyFilter filter = RunKeyFilter.of(hashes, 500);

        RunKeyFilter decoded = RunKeyFilter.decode(filter.encode());

        assertThat(decoded.encode()).isEqualTo(filter.encode());
        for (int i = 0; i < 1000; i++) {
            assertThat(decoded.mayContain(hashes[i])).isEqualTo(filter.mayContain(hashes[i]));
        }
        assertThat(IntStream.range(0, 500)).allMatch(i -> decoded.mayContain(hashes[i]));
    }

    @Test
    void an_empty_filter_holds_nothing_and_a_truncated_one_is_refused() {
        RunKeyFilter empty = RunKeyFilter.of(new long[0], 0);
        assertThat(empty.mayContain(RunKeyFilter.hash("K"))).isFalse();

        byte[] encoded = RunKeyFilter.of(hashes("K", 10), 10).encode();
        assertThatThrownBy(() -> RunKeyFilter.decode(Arrays.copyOf(encoded, encoded.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_hash_is_fixed_so_a_stored_filter_reads_the_same_in_every_version() {
        assertThat(RunKeyFilter.hash("Kwallet/CN/1")).isNotEqualTo(RunKeyFilter.hash("Kwallet/CN/2"));
        // FNV-1a over UTF-16 code units, then MurmurHash3's finaliser (values computed apart from this code): a change
        // to either, or hashing UTF-8 or code points instead, breaks every stored filter.
        assertThat(RunKeyFilter.hash("Kabc")).isEqualTo(0xc1381516b6c79a96L);
        assertThat(RunKeyFilter.hash("Hnote\uD83D\uDE00")).isEqualTo(0x738903cf44a58b2dL);
    }
}
