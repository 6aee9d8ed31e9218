package org.silkroad.gateway.explorer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A Bloom filter over the distinct sort keys of one run of {@link ExplorerPostings}: an exact lookup (a key's history,
 * a business ID's postings, a document hash) reads a page only of the runs whose filter may hold its key, instead of
 * one or two pages of every run whose key range covers it. About {@value #BITS_PER_KEY} bits per distinct key and
 * {@value #HASHES} probes: under 1 % false positives, and never a false negative.
 *
 * <p>Kept in memory with the run's directory and stored at the end of it. The probes come from one 64-bit hash of the
 * key's UTF-16 code units (FNV-1a, then a finalising mix), split into two halves combined as {@code h1 + i·h2} —
 * fixed arithmetic, so a filter written by one gateway version reads the same in the next.
 */
final class RunKeyFilter {

    static final int BITS_PER_KEY = 10;
    static final int HASHES = 7;

    private final int hashes;
    private final long[] words;

    private RunKeyFilter(int hashes, long[] words) {
        this.hashes = hashes;
        this.words = words;
    }

    /**
     * A filter holding these key hashes ({@link #hash}); {@code count} of the array's leading entries are used. Its
     * size is capped where its stored form would pass 2 GiB: more false positives, never a false negative.
     */
    static RunKeyFilter of(long[] keyHashes, int count) {
        long bits = Math.max(64L, (long) count * BITS_PER_KEY);
        int wordCount = (int) Math.min((Integer.MAX_VALUE - 16) / 8, (bits + 63) / 64);
        RunKeyFilter filter = new RunKeyFilter(HASHES, new long[wordCount]);
        for (int i = 0; i < count; i++) {
            for (int probe = 0; probe < filter.hashes; probe++) {
                long bit = filter.bit(keyHashes[i], probe);
                filter.words[(int) (bit >>> 6)] |= 1L << bit;
            }
        }
        return filter;
    }

    /** The 64-bit hash the probes are made of. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        // The finaliser of MurmurHash3: FNV-1a alone leaves the high bits of short keys poorly mixed.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** False only if no key with this hash was added. */
    boolean mayContain(long hash) {
        for (int probe = 0; probe < hashes; probe++) {
            long bit = bit(hash, probe);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The bit a probe of a hash sets: the hash's low and high halves combined as {@code h1 + probe·h2}. */
    private long bit(long hash, int probe) {
        return Math.floorMod((int) hash + (long) probe * (int) (hash >>> 32), (long) words.length * 64);
    }

    /** The number of probes, then the bits, little-endian 64-bit words. */
    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(1 + words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) hashes);
        for (long word : words) {
            out.putLong(word);
        }
        return out.array();
    }

    static RunKeyFilter decode(byte[] data) {
        if (data.length < 9 || (data.length - 1) % 8 != 0 || data[0] < 1) {
            throw new IllegalArgumentException("not a run key filter: " + data.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int hashes = in.get();
        long[] words = new long[(data.length - 1) / 8];
        for (int i = 0; i < words.length; i++) {
            words[i] = in.getLong();
        }
        return new RunKeyFilter(hashes, words);
    }

    /** Bytes of memory the bits take. */
    long sizeBytes() {
        return (long) words.length * 8;
    }
}
