package org.silkroad.ops.shared;

import java.util.Objects;

/**
 * The few fields of {@code /proc/<pid>/status} the commands need.
 *
 * @param state  the one-letter state ({@code R}, {@code S}, {@code Z} for a zombie, ...)
 * @param rssKib {@code VmRSS} in KiB; 0 when absent (kernel threads, zombies)
 */
public record ProcStatus(String name, char state, long ppid, long rssKib) {

    public ProcStatus {
        Objects.requireNonNull(name, "name");
    }

    /** Alive means it can still do work: a zombie ({@code Z}) or dead ({@code X}) task has exited. */
    public boolean alive() {
        return state != 'Z' && state != 'X';
    }

    /**
     * Parses the text of a {@code /proc/<pid>/status} file ({@code Key:<tab>value} lines).
     *
     * @throws IllegalArgumentException if a present field is malformed, or {@code State} is missing
     */
    public static ProcStatus parse(String text) {
        Objects.requireNonNull(text, "text");
        String name = "";
        Character state = null;
        long ppid = 0;
        long rssKib = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon)) {
                case "Name" -> name = value;
                case "State" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("empty State line");
                    }
                    state = value.charAt(0);
                }
                case "PPid" -> ppid = Long.parseLong(value);
                case "VmRSS" -> rssKib = kib(value);
                default -> {
                }
            }
        }
        if (state == null) {
            throw new IllegalArgumentException("no State line");
        }
        return new ProcStatus(name, state, ppid, rssKib);
    }

    /** The kernel always writes memory sizes in kB ({@code "  123456 kB"}). */
    private static long kib(String value) {
        String[] parts = value.split("\\s+");
        if (parts.length != 2 || !parts[1].equals("kB")) {
            throw new IllegalArgumentException("unexpected VmRSS value '" + value + "'");
        }
        return Long.parseLong(parts[0]);
    }
}
