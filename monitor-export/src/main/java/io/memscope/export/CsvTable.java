package io.memscope.export;

import java.io.IOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes one CSV table (RFC 4180, Apache Commons CSV's quoting) row by row to an {@link Appendable}. Number
 * cells are written as they are; every other cell is text and goes through {@link CsvCells#neutralise}: a cell
 * that gets a leading {@code '} is always quoted, the others only where RFC 4180 needs it (commas, quotes,
 * line breaks).
 *
 * <p>Not thread-safe: one writer per table. Cost: O(characters written).
 */
final class CsvTable {
    private static final CSVFormat MINIMAL = CSVFormat.RFC4180;
    private static final CSVFormat QUOTED = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get();

    private final Appendable out;

    /** Starts the table with its header row. */
    CsvTable(Appendable out, List<String> header) throws IOException {
        this.out = out;
        row(header.toArray());
    }

    /** Writes one row. */
    void row(Object... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            boolean first = i == 0;
            if (cells[i] instanceof Number number) {
                MINIMAL.print(number, out, first);
                continue;
            }
            String text = cells[i].toString();
            if (CsvCells.startsLikeFormula(text)) {
                QUOTED.print(CsvCells.neutralise(text), out, first);
            } else {
                MINIMAL.print(text, out, first);
            }
        }
        MINIMAL.println(out);
    }
}
