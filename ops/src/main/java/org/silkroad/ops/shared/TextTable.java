package org.silkroad.ops.shared;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An aligned plain-text table for terminals and release notes: columns padded to their widest cell, two spaces
 * apart, each line indented by two; the last column is not padded, so long details do not widen the table.
 */
public final class TextTable {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = header.clone();
    }

    /**
     * @throws IllegalArgumentException if the row has more or fewer cells than the header
     */
    public TextTable row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.length);
        }
        String[] copy = cells.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Objects.requireNonNullElse(copy[i], "");
        }
        rows.add(copy);
        return this;
    }

    public void print(PrintStream out) {
        int[] widths = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : all) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                line.append(row[i]);
                if (!last) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
